// Float32 exp, expm1, log1p, tanh, erfc-based GELU and the activations built on them, in place on array slices.
// Each value is one fixed sequence of IEEE float operations (fma included), repeated lane by lane by VecMathVector,
// so both give the same bits. Softmax sums a row in 16 interleaved partial sums (two levels, for long rows)
// added in a fixed tree.
package dev.jkeras.kernel;

import java.util.Arrays;

/**
 * Vectorizable float32 activation kernels, in place on {@code d[off, off+len)}. Errors against the
 * exact functions are a few ulps (exp ≤ 1, tanh ≤ 1.5, sigmoid ≤ 2.5, silu ≤ 3, GELU ≤ 4; see
 * {@code VecMathTest}); NaN gives NaN, overflow ±Inf and underflow 0 or a subnormal, as float
 * arithmetic would. The Vector API is used when present ({@link Simd}); the results do not depend on it.
 */
public final class VecMath {
    /** The kernels, implemented once by {@link Scalar} and once with the Vector API. */
    interface Impl {
        void exp(float[] d, int off, int len);

        void sigmoid(float[] d, int off, int len);

        /** x &lt; lo ? lo : x &gt; hi ? hi : x (NaN stays NaN). */
        void clamp(float[] d, int off, int len, float lo, float hi);

        /** acc[accOff + i] = Math.max(acc[accOff + i], x[xOff + i]) for i &lt; len (NaN wins, +0 over −0). */
        void maxInto(float[] acc, int accOff, float[] x, int xOff, int len);

        void tanh(float[] d, int off, int len);

        void silu(float[] d, int off, int len);

        void gelu(float[] d, int off, int len);

        void geluTanh(float[] d, int off, int len);

        /** scale·(x if x ≥ 0 else alpha·(eˣ − 1)). */
        void elu(float[] d, int off, int len, float alpha, float scale);

        void celu(float[] d, int off, int len, float alpha);

        void softplus(float[] d, int off, int len);

        void logSigmoid(float[] d, int off, int len);

        void mish(float[] d, int off, int len);

        void softmax(float[] d, int off, int len, int rowLen);

        void logSoftmax(float[] d, int off, int len, int rowLen);
    }

    static final Impl IMPL = Simd.select("dev.jkeras.kernel.VecMathVector", Impl.class, Scalar::new);

    static final float SELU_ALPHA = 1.6732632423543772848170429916717f;
    static final float SELU_SCALE = 1.0507009873554804934193349852946f;

    // exp: x = n·ln2 + r, |r| ≤ ln2/2, e^r ≈ 1 + r + r²·P(r) (Cephes expf), 2^n applied in two halves.
    static final float EXP_MIN = -104f;
    static final float EXP_MAX = 89f;
    static final float LOG2E = 1.44269504088896341f;
    static final float SHIFTER = 0x1.8p23f;
    static final int SHIFTER_BITS = 0x4b400000;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float EXPM1_MIN = -30f;
    static final float LOGISTIC_MIN = -110f;
    static final float E0 = 1.9875691500e-4f;
    static final float E1 = 1.3981999507e-3f;
    static final float E2 = 8.3334519073e-3f;
    static final float E3 = 4.1665795894e-2f;
    static final float E4 = 1.6666665459e-1f;
    static final float E5 = 5.0000001201e-1f;

    // tanh: x + x³·T(x²) below TANH_SMALL (Cephes tanhf), else 1 − 2/(e^{2|x|} + 1).
    static final float TANH_SMALL = 0.625f;
    static final float T0 = -5.70498872745e-3f;
    static final float T1 = 2.06390887954e-2f;
    static final float T2 = -5.37397155531e-2f;
    static final float T3 = 1.33314422036e-1f;
    static final float T4 = -3.33332819422e-1f;

    // log1p(f) ≈ f − f²/2 + f³·L(f) for f in [√½ − 1, √2 − 1] (Cephes logf).
    static final float SQRT2 = 1.41421356237f;
    static final float L0 = 7.0376836292e-2f;
    static final float L1 = -1.1514610310e-1f;
    static final float L2 = 1.1676998740e-1f;
    static final float L3 = -1.2420140846e-1f;
    static final float L4 = 1.4249322787e-1f;
    static final float L5 = -1.6668057665e-1f;
    static final float L6 = 2.0000714765e-1f;
    static final float L7 = -2.4999993993e-1f;
    static final float L8 = 3.3333331174e-1f;

    // gelu = x·Φ(x). |x| < GELU_SMALL: Φ = ½ + x·G(x²), G(x²) = erf(x/√2)/(2x). Else, with a = |x| and
    // q = (a − 3)/(a + 3): Φ(−a) = ½·e^{−a²/2}·F(q)/(1 + a), a²/2 split exactly in two floats. Chebyshev fits.
    static final float GELU_SMALL = 0.75f;
    static final float GELU_MAX = 14.5f;
    static final float G0 = -0x1.198d38p-17f;
    static final float G1 = 0x1.e16e1ap-14f;
    static final float G2 = -0x1.373398p-10f;
    static final float G3 = 0x1.46d00ep-7f;
    static final float G4 = -0x1.105838p-4f;
    static final float G5 = 0x1.988454p-2f;
    static final float F0 = 0x1.c38e34p-14f;
    static final float F1 = -0x1.c3b396p-11f;
    static final float F2 = -0x1.8bbfc4p-11f;
    static final float F3 = 0x1.86a792p-8f;
    static final float F4 = 0x1.31b6bep-9f;
    static final float F5 = -0x1.745658p-5f;
    static final float F6 = 0x1.71fa84p-4f;
    static final float F7 = -0x1.0d3a5cp-5f;
    static final float F8 = -0x1.8b5fa2p-3f;
    static final float F9 = 0x1.f1b89cp-1f;

    // gelu_tanh(x) = x·σ(2u), 2u = 2√(2/π)·(x + 0.044715x³).
    static final float GELU_TANH_C2 = 1.5957691216057308f;
    static final float GELU_TANH_K = 0.044715f;

    /** Softmax sums: 16 partial sums, flushed into 16 more every 256 values; the order depends on the length only. */
    static final int SUM_LANES = 16;
    static final int SUM_BLOCK = 256;

    private VecMath() {}

    /** eˣ of each element, in place. */
    public static void exp(float[] d, int off, int len) {
        IMPL.exp(d, off, len);
    }

    /** The logistic sigmoid 1/(1 + e⁻ˣ) of each element, in place (for recurrent gates too). */
    /**
     * ReLU-style clipping in place: {@code x < lo ? lo : x > hi ? hi : x}; NaN stays NaN and −0
     * stays −0 (relu is {@code clamp(0, +∞)}, relu6 {@code clamp(0, 6)}).
     */
    public static void clamp(float[] d, int off, int len, float lo, float hi) {
        IMPL.clamp(d, off, len, lo, hi);
    }

    /** {@code acc[accOff + i] = Math.max(acc[accOff + i], x[xOff + i])} for {@code i < len} (max pooling's step). */
    public static void maxInto(float[] acc, int accOff, float[] x, int xOff, int len) {
        IMPL.maxInto(acc, accOff, x, xOff, len);
    }

    static float clamp(float x, float lo, float hi) {
        return x < lo ? lo : x > hi ? hi : x;
    }

    public static void sigmoid(float[] d, int off, int len) {
        IMPL.sigmoid(d, off, len);
    }

    /** tanh of each element, in place (for recurrent gates too). */
    public static void tanh(float[] d, int off, int len) {
        IMPL.tanh(d, off, len);
    }

    /** silu (swish) x·σ(x) of each element, in place. */
    public static void silu(float[] d, int off, int len) {
        IMPL.silu(d, off, len);
    }

    /** Exact GELU x·Φ(x) = ½x·erfc(−x/√2) of each element, in place. */
    public static void gelu(float[] d, int off, int len) {
        IMPL.gelu(d, off, len);
    }

    /** The tanh approximation of GELU, ½x·(1 + tanh(√(2/π)·(x + 0.044715x³))), in place. */
    public static void geluTanh(float[] d, int off, int len) {
        IMPL.geluTanh(d, off, len);
    }

    /** elu: x if x ≥ 0 else α·(eˣ − 1), in place. */
    public static void elu(float[] d, int off, int len, float alpha) {
        IMPL.elu(d, off, len, alpha, 1f);
    }

    /** selu: λ·elu(x, α) with Keras's λ and α, in place. */
    public static void selu(float[] d, int off, int len) {
        IMPL.elu(d, off, len, SELU_ALPHA, SELU_SCALE);
    }

    /** celu: max(x, 0) + α·(e^{min(x, 0)/α} − 1), in place. */
    public static void celu(float[] d, int off, int len, float alpha) {
        IMPL.celu(d, off, len, alpha);
    }

    /** softplus log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}), in place. */
    public static void softplus(float[] d, int off, int len) {
        IMPL.softplus(d, off, len);
    }

    /** log σ(x) = −softplus(−x), in place. */
    public static void logSigmoid(float[] d, int off, int len) {
        IMPL.logSigmoid(d, off, len);
    }

    /** mish x·tanh(softplus(x)), in place. */
    public static void mish(float[] d, int off, int len) {
        IMPL.mish(d, off, len);
    }

    /**
     * Softmax exp(x − max)/Σ of each row of {@code rowLen} consecutive values in {@code d[off, off+len)},
     * in place. A row holding +Inf, NaN or only −Inf becomes NaN.
     */
    public static void softmax(float[] d, int off, int len, int rowLen) {
        IMPL.softmax(d, off, len, rowLen);
    }

    /** log_softmax (x − max) − log Σ exp(x − max) of each row, in place. */
    public static void logSoftmax(float[] d, int off, int len, int rowLen) {
        IMPL.logSoftmax(d, off, len, rowLen);
    }

    // ---------------------------------------------------------------- element functions

    /**
     * e^r − 1 ≈ r + r²·P(r) for r = x − n·ln2, where n = t − SHIFTER is x·log₂e rounded to an integer
     * ({@code t = fma(x, LOG2E, SHIFTER)}).
     */
    static float expm1Reduced(float x, float t) {
        float n = t - SHIFTER;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(E0, r, E1);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E5);
        return Math.fma(p, r * r, r);
    }

    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(xc, LOG2E, SHIFTER);
        float y = expm1Reduced(xc, t) + 1f;
        int ni = Float.floatToRawIntBits(t) - SHIFTER_BITS;
        int h = ni >> 1;
        return y * Float.intBitsToFloat((h + 127) << 23) * Float.intBitsToFloat((ni - h + 127) << 23);
    }

    /** eˣ − 1 for x ≤ 0 (or NaN). */
    static float expm1Neg(float x) {
        float xc = Math.max(x, EXPM1_MIN);
        float t = Math.fma(xc, LOG2E, SHIFTER);
        float em = expm1Reduced(xc, t);
        float s = Float.intBitsToFloat((Float.floatToRawIntBits(t) - SHIFTER_BITS + 127) << 23);
        return Math.fma(s, em, s - 1f);
    }

    /** log(1 + e) for e in [0, 1] (or NaN). */
    static float log1pUnit(float e) {
        float u = 1f + e;
        float c = e - (u - 1f);
        boolean big = u > SQRT2;
        float m = big ? u * 0.5f : u;
        float k = big ? 1f : 0f;
        float f = m - 1f;
        float z = f * f;
        float p = Math.fma(L0, f, L1);
        p = Math.fma(p, f, L2);
        p = Math.fma(p, f, L3);
        p = Math.fma(p, f, L4);
        p = Math.fma(p, f, L5);
        p = Math.fma(p, f, L6);
        p = Math.fma(p, f, L7);
        p = Math.fma(p, f, L8);
        float y = Math.fma(p, f * z, -0.5f * z);
        y = Math.fma(k, LN2_LO, y + c / u);
        return Math.fma(k, LN2_HI, f + y);
    }

    /**
     * m·σ(v) = (v ≥ 0 ? m : m·e^{−|v|})/(1 + e^{−|v|}) for |m| ≤ max(|v|, 1); m·e^{−|v|} is scaled by 2ⁿ
     * last, so it is rounded once where it is subnormal, and is 0 below LOGISTIC_MIN.
     */
    static float logistic(float v, float m) {
        float nv = -Math.abs(v);
        float xc = Math.max(nv, LOGISTIC_MIN);
        float t = Math.fma(xc, LOG2E, SHIFTER);
        float y = expm1Reduced(xc, t) + 1f;
        int ni = Float.floatToRawIntBits(t) - SHIFTER_BITS;
        int h = ni >> 1;
        float ys = nv < LOGISTIC_MIN ? 0f : y * Float.intBitsToFloat((h + 127) << 23);
        float s2 = Float.intBitsToFloat((ni - h + 127) << 23);
        return (v >= 0f ? m : ys * m * s2) / (1f + ys * s2);
    }

    static float sigmoid(float x) {
        return logistic(x, 1f);
    }

    static float silu(float x) {
        return logistic(x, x);
    }

    static float tanh(float x) {
        float ax = Math.abs(x);
        float y;
        if (ax < TANH_SMALL) {
            float z = ax * ax;
            float p = Math.fma(T0, z, T1);
            p = Math.fma(p, z, T2);
            p = Math.fma(p, z, T3);
            p = Math.fma(p, z, T4);
            y = Math.fma(p, z * ax, ax);
        } else {
            y = 1f - 2f / (exp(ax + ax) + 1f);
        }
        return Math.copySign(y, x);
    }

    static float gelu(float x) {
        float ax = Math.min(Math.abs(x), GELU_MAX);
        if (ax < GELU_SMALL) return geluSmall(x);
        float q = (ax - 3f) / (ax + 3f);
        float p = Math.fma(F0, q, F1);
        p = Math.fma(p, q, F2);
        p = Math.fma(p, q, F3);
        p = Math.fma(p, q, F4);
        p = Math.fma(p, q, F5);
        p = Math.fma(p, q, F6);
        p = Math.fma(p, q, F7);
        p = Math.fma(p, q, F8);
        p = Math.fma(p, q, F9);
        float r = p / (1f + ax);
        float s = ax * ax;
        float sl = Math.fma(ax, ax, -s);
        float e = exp(-0.5f * s);
        e = Math.fma(e, -0.5f * sl, e);
        return x < 0f ? 0.5f * x * r * e : x * Math.fma(-0.5f * r, e, 1f);
    }

    static float geluSmall(float x) {
        float t = x * x;
        float g = Math.fma(G0, t, G1);
        g = Math.fma(g, t, G2);
        g = Math.fma(g, t, G3);
        g = Math.fma(g, t, G4);
        g = Math.fma(g, t, G5);
        return Math.fma(x, x * g, 0.5f * x);
    }

    static float geluTanh(float x) {
        return logistic(GELU_TANH_C2 * Math.fma(GELU_TANH_K, x * x * x, x), x);
    }

    static float elu(float x, float alpha, float scale) {
        return scale * (x >= 0f ? x : alpha * expm1Neg(x));
    }

    static float celu(float x, float alpha) {
        return Math.max(x, 0f) + alpha * expm1Neg(Math.min(x, 0f) / alpha);
    }

    static float softplus(float x) {
        return Math.max(x, 0f) + log1pUnit(exp(-Math.abs(x)));
    }

    static float mish(float x) {
        return x * tanh(softplus(x));
    }

    /** The largest of {@code d[from, to)}; NaN if any is NaN. */
    static float max(float[] d, int from, int to) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) m = Math.max(m, d[i]);
        return m;
    }

    /**
     * Adds {@code e}, value {@code j} of a row, to the partial sums {@code acc}: {@code acc[j mod 16]}, which
     * are added into {@code acc[16..32)} and cleared after every SUM_BLOCK values.
     */
    static void accumulate(float[] acc, int j, float e) {
        acc[j & (SUM_LANES - 1)] += e;
        if (((j + 1) & (SUM_BLOCK - 1)) == 0) flush(acc);
    }

    static void flush(float[] acc) {
        for (int k = 0; k < SUM_LANES; k++) {
            acc[SUM_LANES + k] += acc[k];
            acc[k] = 0f;
        }
    }

    /** The sum of the partial sums: a last flush, then halves of acc[16..32) added lane-wise until one is left. */
    static float total(float[] acc) {
        flush(acc);
        for (int w = SUM_LANES / 2; w >= 1; w >>= 1) {
            for (int i = 0; i < w; i++) acc[SUM_LANES + i] += acc[SUM_LANES + i + w];
        }
        return acc[SUM_LANES];
    }

    /** The scalar twin: the reference for the Vector API kernels. */
    static final class Scalar implements Impl {
        @Override
        public void maxInto(float[] acc, int accOff, float[] x, int xOff, int len) {
            for (int i = 0; i < len; i++) acc[accOff + i] = Math.max(acc[accOff + i], x[xOff + i]);
        }

        @Override
        public void clamp(float[] d, int off, int len, float lo, float hi) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.clamp(d[i], lo, hi);
        }

        @Override
        public void exp(float[] d, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.exp(d[i]);
        }

        @Override
        public void sigmoid(float[] d, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.sigmoid(d[i]);
        }

        @Override
        public void tanh(float[] d, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.tanh(d[i]);
        }

        @Override
        public void silu(float[] d, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.silu(d[i]);
        }

        @Override
        public void gelu(float[] d, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.gelu(d[i]);
        }

        @Override
        public void geluTanh(float[] d, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.geluTanh(d[i]);
        }

        @Override
        public void elu(float[] d, int off, int len, float alpha, float scale) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.elu(d[i], alpha, scale);
        }

        @Override
        public void celu(float[] d, int off, int len, float alpha) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.celu(d[i], alpha);
        }

        @Override
        public void softplus(float[] d, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.softplus(d[i]);
        }

        @Override
        public void logSigmoid(float[] d, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) d[i] = -VecMath.softplus(-d[i]);
        }

        @Override
        public void mish(float[] d, int off, int len) {
            for (int i = off, end = off + len; i < end; i++) d[i] = VecMath.mish(d[i]);
        }

        @Override
        public void softmax(float[] d, int off, int len, int rowLen) {
            float[] acc = new float[2 * SUM_LANES];
            for (int r = off, end = off + len; r < end; r += rowLen) {
                float sum = expSum(d, r, rowLen, max(d, r, r + rowLen), acc, true);
                for (int i = r; i < r + rowLen; i++) d[i] = d[i] / sum;
            }
        }

        @Override
        public void logSoftmax(float[] d, int off, int len, int rowLen) {
            float[] acc = new float[2 * SUM_LANES];
            for (int r = off, end = off + len; r < end; r += rowLen) {
                float max = max(d, r, r + rowLen);
                float lse = (float) Math.log(expSum(d, r, rowLen, max, acc, false));
                for (int i = r; i < r + rowLen; i++) d[i] = (d[i] - max) - lse;
            }
        }

        /** Σ exp(x − max) over the row; with {@code store} the row is replaced by the exponentials. */
        private static float expSum(float[] d, int r, int n, float max, float[] acc, boolean store) {
            Arrays.fill(acc, 0f);
            for (int j = 0; j < n; j++) {
                float e = VecMath.exp(d[r + j] - max);
                if (store) d[r + j] = e;
                accumulate(acc, j, e);
            }
            return total(acc);
        }
    }
}
