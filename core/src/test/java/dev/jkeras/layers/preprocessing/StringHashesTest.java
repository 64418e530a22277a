package dev.jkeras.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

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

    /**
     * Strings of 0-200 UTF-8 bytes (every FarmHash length class), with tf.strings.to_hash_bucket_fast(s, 2^62),
     * to_hash_bucket_fast(s, 1000003) and to_hash_bucket_strong(s, 1000003, key=[133, 137]) by TensorFlow 2.21.
     */
    private static final String[][] STRINGS = {
        {"", "1936946117179621455", "377723", "953272"},
        {"\u00dc", "336454869710595589", "14542", "144697"},
        {"\u00dcn", "3128318054049876596", "382240", "830268"},
        {"\u00dcn\u00cf", "174260590246969067", "279682", "340"},
        {"\u00dcn\u00cfc", "1847960397991460486", "411121", "578235"},
        {"\u00dcn\u00cfco", "3901987325935006460", "146436", "400706"},
        {"\u00dcn\u00cfcod", "3879558116583231416", "310600", "712386"},
        {"\u00dcn\u00cfcode", "2051331443753687830", "493841", "826045"},
        {"\u00dcn\u00cfcode ", "1177065971869580948", "771918", "952186"},
        {"\u00dcn\u00cfcode \ud83d\ude00", "1642839242584841543", "574642", "982508"},
        {"\u00dcn\u00cfcode \ud83d\ude00 ", "2260527400147164208", "983798", "784358"},
        {"\u00dcn\u00cfcode \ud83d\ude00 T", "3747897307755689790", "172841", "556840"},
        {"\u00dcn\u00cfcode \ud83d\ude00 Th", "2435216061025077946", "811752", "563703"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The", "514435919889243627", "113869", "152761"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The ", "613649815170326134", "916472", "818704"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quic", "2999267314349024390", "750013", "29155"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown ", "4110861519328427448", "380121", "282971"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown f", "3546038557099677974", "920929", "327221"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fo", "1905996771691128141", "804661", "982162"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps", "903402537130610924", "805476", "528453"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over t", "1584016244301325221", "523765", "338373"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over th", "171554992206725561", "130603", "361218"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123", "1686043822156962920", "346142", "704554"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 01234", "3624523185871205570", "781584", "387357"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 012345", "3931970474478774501", "414037", "586610"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123456", "4552547510911809109", "762195", "739511"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123456789 \u00dcn\u00cfcode \ud83d\ude00 The quick brown", "1316493958693622787", "108131", "591234"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123456789 \u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy do", "2885826602855050936", "52404", "529810"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123456789 \u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog", "3797355892095764309", "101794", "202686"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123456789 \u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog ", "3534166387954554958", "711513", "526811"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123456789 \u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123456789 \u00dcn\u00cfcode ", "3350375844600917040", "536531", "819092"},
        {"\u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123456789 \u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0123456789 \u00dcn\u00cfcode \ud83d\ude00 The quick brown fox jumps over the lazy dog 0", "2286119797846246959", "941454", "381780"},
    };

    @Test
    void stringHashesMatchTensorFlowForEveryLength() {
        for (String[] r : STRINGS) {
            String s = r[0];
            long fp = StringHashes.fingerprint64(s.getBytes(StandardCharsets.UTF_8));
            String what = s.getBytes(StandardCharsets.UTF_8).length + " bytes";
            assertEquals(Long.parseLong(r[1]), fp & ((1L << 62) - 1), what);
            assertEquals(Integer.parseInt(r[2]), StringHashes.fastBucket(s, 1000003), what);
            assertEquals(Integer.parseInt(r[3]), StringHashes.strongBucket(s, 1000003, 133, 137), what);
        }
    }

    /** tf.sparse.cross_hashed([["a"], [""], ["Ü"]], [[7], [-1], [16777216]]) with 0 buckets (mod int64 max) by TensorFlow 2.21. */
    @Test
    void crossHashChainsFingerprintsLikeTensorFlow() {
        String[] s = {"a", "", "Ü"};
        long[] v = {7, -1, 16777216};
        long[] want = {3509787333349122856L, 7384765649334635969L, 2985781811551907359L};
        for (int i = 0; i < 3; i++) {
            long h = StringHashes.fingerprintCat64(0xDECAFCAFFEL, StringHashes.fingerprint64(s[i].getBytes(StandardCharsets.UTF_8)));
            h = StringHashes.fingerprintCat64(h, v[i]);
            assertEquals(want[i], Long.remainderUnsigned(h, Long.MAX_VALUE), s[i]);
        }
    }
}
