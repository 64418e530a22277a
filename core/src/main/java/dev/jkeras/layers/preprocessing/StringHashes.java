// The string hashes behind tf.strings.to_hash_bucket_fast (FarmHash Fingerprint64 = farmhashna::Hash64),
// to_hash_bucket_strong (SipHash-2-4 keyed by two uint64) and tf.sparse.cross_hashed (FingerprintCat64 chains),
// over UTF-8 bytes; Keras hashes int64 tokens as their decimal text.
package dev.jkeras.layers.preprocessing;

import java.nio.charset.StandardCharsets;

/** Internal: TF's string hash buckets for string and integer tokens. */
final class StringHashes {
    private StringHashes() {}

    private static final long K0 = 0xc3a5c85c97cb3127L;
    private static final long K1 = 0xb492b66fbe98f273L;
    private static final long K2 = 0x9ae16a3b2f90404fL;

    /** {@code tf.strings.as_string(v)} then {@code to_hash_bucket_fast}: Fingerprint64 mod buckets (unsigned). */
    static int fastBucket(long v, int buckets) {
        return fastBucket(Long.toString(v), buckets);
    }

    /** {@code tf.strings.as_string(v)} then {@code to_hash_bucket_strong} with key {k0, k1}. */
    static int strongBucket(long v, int buckets, long k0, long k1) {
        return strongBucket(Long.toString(v), buckets, k0, k1);
    }

    /** {@code tf.strings.to_hash_bucket_fast} of the UTF-8 bytes of {@code s}. */
    static int fastBucket(String s, int buckets) {
        return (int) Long.remainderUnsigned(fingerprint64(s.getBytes(StandardCharsets.UTF_8)), buckets);
    }

    /** {@code tf.strings.to_hash_bucket_strong} of the UTF-8 bytes of {@code s} with key {k0, k1}. */
    static int strongBucket(String s, int buckets, long k0, long k1) {
        return (int) Long.remainderUnsigned(sipHash24(k0, k1, s.getBytes(StandardCharsets.UTF_8)), buckets);
    }

    /** TF's {@code FingerprintCat64}: combines two fingerprints (tf.sparse.cross_hashed chains the features with it). */
    static long fingerprintCat64(long fp1, long fp2) {
        final long mul = 0xc6a4a7935bd1e995L;
        long r = fp1 ^ mul;
        r ^= shiftMix(fp2 * mul) * mul;
        r *= mul;
        r = shiftMix(r) * mul;
        return shiftMix(r);
    }

    /** FarmHash's Fingerprint64 (farmhashna::Hash64). */
    static long fingerprint64(byte[] s) {
        int len = s.length;
        if (len <= 16) return hashLen0to16(s, len);
        if (len <= 32) return hashLen17to32(s, len);
        if (len <= 64) return hashLen33to64(s, len);
        return hashLong(s, len);
    }

    private static long fetch64(byte[] s, int i) {
        long r = 0;
        for (int k = 7; k >= 0; k--) r = (r << 8) | (s[i + k] & 0xffL);
        return r;
    }

    private static long fetch32(byte[] s, int i) {
        long r = 0;
        for (int k = 3; k >= 0; k--) r = (r << 8) | (s[i + k] & 0xffL);
        return r;
    }

    private static long shiftMix(long v) {
        return v ^ (v >>> 47);
    }

    private static long hashLen16(long u, long v, long mul) {
        long a = (u ^ v) * mul;
        a ^= a >>> 47;
        long b = (v ^ a) * mul;
        b ^= b >>> 47;
        return b * mul;
    }

    private static long hashLen0to16(byte[] s, int len) {
        if (len >= 8) {
            long mul = K2 + len * 2L;
            long a = fetch64(s, 0) + K2;
            long b = fetch64(s, len - 8);
            long c = Long.rotateRight(b, 37) * mul + a;
            long d = (Long.rotateRight(a, 25) + b) * mul;
            return hashLen16(c, d, mul);
        }
        if (len >= 4) {
            long mul = K2 + len * 2L;
            long a = fetch32(s, 0);
            return hashLen16(len + (a << 3), fetch32(s, len - 4), mul);
        }
        if (len > 0) {
            int a = s[0] & 0xff;
            int b = s[len >> 1] & 0xff;
            int c = s[len - 1] & 0xff;
            long y = (a + (b << 8)) & 0xffffffffL;
            long z = (len + (c << 2)) & 0xffffffffL;
            return shiftMix(y * K2 ^ z * K0) * K2;
        }
        return K2;
    }

    private static long hashLen17to32(byte[] s, int len) {
        long mul = K2 + len * 2L;
        long a = fetch64(s, 0) * K1;
        long b = fetch64(s, 8);
        long c = fetch64(s, len - 8) * mul;
        long d = fetch64(s, len - 16) * K2;
        return hashLen16(Long.rotateRight(a + b, 43) + Long.rotateRight(c, 30) + d, a + Long.rotateRight(b + K2, 18) + c, mul);
    }

    private static long hashLen33to64(byte[] s, int len) {
        long mul = K2 + len * 2L;
        long a = fetch64(s, 0) * K2;
        long b = fetch64(s, 8);
        long c = fetch64(s, len - 8) * mul;
        long d = fetch64(s, len - 16) * K2;
        long y = Long.rotateRight(a + b, 43) + Long.rotateRight(c, 30) + d;
        long z = hashLen16(y, a + Long.rotateRight(b + K2, 18) + c, mul);
        long e = fetch64(s, 16) * mul;
        long f = fetch64(s, 24);
        long g = (y + fetch64(s, len - 32)) * mul;
        long h = (z + fetch64(s, len - 24)) * mul;
        return hashLen16(Long.rotateRight(e + f, 43) + Long.rotateRight(g, 30) + h, e + Long.rotateRight(f + a, 18) + g, mul);
    }

    /** farmhashna's loop for more than 64 bytes: 64-byte blocks, then the last 64 bytes. */
    private static long hashLong(byte[] s, int len) {
        final long seed = 81;
        long x = seed;
        long y = seed * K1 + 113;
        long z = shiftMix(y * K2 + 113) * K2;
        long[] v = {0, 0};
        long[] w = {0, 0};
        x = x * K2 + fetch64(s, 0);
        int end = ((len - 1) / 64) * 64;
        int last64 = len - 64;
        int p = 0;
        do {
            x = Long.rotateRight(x + y + v[0] + fetch64(s, p + 8), 37) * K1;
            y = Long.rotateRight(y + v[1] + fetch64(s, p + 48), 42) * K1;
            x ^= w[1];
            y += v[0] + fetch64(s, p + 40);
            z = Long.rotateRight(z + w[0], 33) * K1;
            weakHashLen32WithSeeds(s, p, v[1] * K1, x + w[0], v);
            weakHashLen32WithSeeds(s, p + 32, z + w[1], y + fetch64(s, p + 16), w);
            long t = z;
            z = x;
            x = t;
            p += 64;
        } while (p != end);
        long mul = K1 + ((z & 0xff) << 1);
        p = last64;
        w[0] += (len - 1) & 63;
        v[0] += w[0];
        w[0] += v[0];
        x = Long.rotateRight(x + y + v[0] + fetch64(s, p + 8), 37) * mul;
        y = Long.rotateRight(y + v[1] + fetch64(s, p + 48), 42) * mul;
        x ^= w[1] * 9;
        y += v[0] * 9 + fetch64(s, p + 40);
        z = Long.rotateRight(z + w[0], 33) * mul;
        weakHashLen32WithSeeds(s, p, v[1] * mul, x + w[0], v);
        weakHashLen32WithSeeds(s, p + 32, z + w[1], y + fetch64(s, p + 16), w);
        long t = z;
        z = x;
        x = t;
        return hashLen16(hashLen16(v[0], w[0], mul) + shiftMix(y) * K0 + z, hashLen16(v[1], w[1], mul) + x, mul);
    }

    /** farmhashna's WeakHashLen32WithSeeds of {@code s[p, p+32)}, a and b, into {@code out} (first, second). */
    private static void weakHashLen32WithSeeds(byte[] s, int p, long a, long b, long[] out) {
        long w = fetch64(s, p), x = fetch64(s, p + 8), y = fetch64(s, p + 16), z = fetch64(s, p + 24);
        a += w;
        b = Long.rotateRight(b + a + z, 21);
        long c = a;
        a += x;
        a += y;
        b += Long.rotateRight(a, 44);
        out[0] = a + z;
        out[1] = b + c;
    }

    /** SipHash-2-4 (the reference algorithm, as highwayhash::SipHash). */
    static long sipHash24(long k0, long k1, byte[] m) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int n = m.length, end = n - n % 8;
        long[] v = {v0, v1, v2, v3};
        for (int i = 0; i < end; i += 8) {
            long mi = fetch64(m, i);
            v[3] ^= mi;
            sipRound(v);
            sipRound(v);
            v[0] ^= mi;
        }
        long last = ((long) n & 0xff) << 56;
        for (int i = n - 1; i >= end; i--) last |= (m[i] & 0xffL) << (8 * (i - end));
        v[3] ^= last;
        sipRound(v);
        sipRound(v);
        v[0] ^= last;
        v[2] ^= 0xff;
        for (int i = 0; i < 4; i++) sipRound(v);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void sipRound(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }
}
