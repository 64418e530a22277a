package dev.jkeras.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Bucket numbers computed by TensorFlow 2.21 (tf.strings.to_hash_bucket_fast/strong) for the same strings. */
class StringHashesTest {
    private static final long[] VALUES = {0, 7, -1, -20, 123, 4567, 12345678, 123456789, Long.MIN_VALUE, Long.MAX_VALUE, 18446744,
        1234567890123456L};

    private static int[] fast(int buckets) {
        int[] r = new int[VALUES.length];
        for (int i = 0; i < r.length; i++) r[i] = StringHashes.fastBucket(VALUES[i], buckets);
        return r;
    }

    private static int[] strong(int buckets, long k0, long k1) {
        int[] r = new int[VALUES.length];
        for (int i = 0; i < r.length; i++) r[i] = StringHashes.strongBucket(VALUES[i], buckets, k0, k1);
        return r;
    }

    @Test
    void fingerprint64MatchesTensorFlow() {
        assertArrayEquals(new int[] {2, 2, 4, 3, 2, 5, 2, 3, 3, 2, 2, 2}, fast(7));
        assertArrayEquals(new int[] {537292, 929154, 285648, 242312, 501751, 445569, 470335, 924877, 400334, 121738, 742131, 857634},
                fast(1000003));
        assertArrayEquals(new int[] {1633463888, 1080489176, 1833158626, 1527761543, 1786308055, 2062633176, 692280247, 1684752350,
            379302079, 1686013924, 158287082, 15907362}, fast(Integer.MAX_VALUE));
    }

    @Test
    void sipHashMatchesTensorFlow() {
        assertArrayEquals(new int[] {1001881600, 658132350, 2092114707, 379526372, 1237444478, 1425672770, 2126212914, 1608954729,
            2101175457, 1192011029, 186436334, 1239463973}, strong(Integer.MAX_VALUE, 133, 137));
        assertArrayEquals(new int[] {570324397, 46437663, 189049711, 599278460, 508392558, 1149954160, 1985069858, 244561054, 51018447,
            977319264, 1940305120, 696651596}, strong(Integer.MAX_VALUE, 0, 0));
    }
}
