package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VecMathTest {
    private static final WriterInfo K3 = new WriterInfo("3.15.1", "jax", "test");
    private static final float MIN_SUB = Float.MIN_VALUE;
    private static final float[] SWEEP = sweep();

    /** Random bit patterns (every float class), dense grids where the functions change form, and edge cases. */
    private static float[] sweep() {
        Random rnd = new Random(8);
        float[] x = new float[500_000];
        int n = 0;
        while (n < 200_000) x[n++] = Float.intBitsToFloat(rnd.nextInt());
        while (n < 400_000) x[n++] = (float) ((rnd.nextDouble() * 2 - 1) * 120);
        for (int i = 0; i < 50_000; i++) x[n++] = (float) ((rnd.nextDouble() * 2 - 1) * 2);
        float[] edges = {0f, -0f, MIN_SUB, Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN, 1f,
                88.72283f, 88.72284f, 89f, -87.33654f, -87.33655f, -103.97208f, -103.97209f, -104f, -110f, -108.6f,
                0.625f, 0.75f, 14.5f, 9.01f, 0.34657359f, 1e-20f, 1e-40f, 17.3f, 30f, 1e30f};
        for (float e : edges) {
            for (float s : new float[] {e, -e, Math.nextUp(e), Math.nextDown(e)}) {
                if (n < x.length) x[n++] = s;
            }
        }
        while (n < x.length) x[n++] = (float) (rnd.nextGaussian() * 4);
        return x;
    }

    /** The error of {@code got} in units of the float ulp at {@code want}; for a subnormal {@code want}, in 2^-149. */
    private static double ulps(float got, double want) {
        if (Double.isNaN(want)) return Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        float wf = (float) want;
        if (Float.isInfinite(wf)) return got == wf ? 0 : Double.POSITIVE_INFINITY;
        if (Float.isNaN(got) || Float.isInfinite(got)) return Double.POSITIVE_INFINITY;
        return Math.abs(got - want) / Math.ulp(wf);
    }

    interface F {
        float at(float x);
    }

    /**
     * Asserts the scalar twin is within {@code bound} ulps of the float64 reference where the reference is a
     * normal float, and within {@code subBound}·2^-149 where it is subnormal; returns the largest error seen.
     */
    private static double check(String name, F f, DoubleUnaryOperator ref, double bound, double subBound, float lo, float hi) {
        double worst = 0, worstSub = 0;
        float at = 0;
        for (float x : SWEEP) {
            if (!(x >= lo && x <= hi) && !Float.isNaN(x)) continue;
            float got = f.at(x);
            double want = ref.applyAsDouble(x);
            double e = ulps(got, want);
            boolean sub = Math.abs(want) < Float.MIN_NORMAL && want != 0;
            assertTrue(e <= (sub ? subBound : bound), name + "(" + x + "): got " + got + ", float64 " + want + " (" + e + " ulp)");
            if (sub) {
                worstSub = Math.max(worstSub, e);
            } else if (e > worst) {
                worst = e;
                at = x;
            }
        }
        System.out.printf("VecMath %-11s max %.2f ulp (at %s); subnormal results max %.2f x 2^-149%n", name, worst, at, worstSub);
        return worst;
    }

    private static double check(String name, F f, DoubleUnaryOperator ref, double bound, double subBound) {
        return check(name, f, ref, bound, subBound, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    private static double sigmoidD(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    private static double softplusD(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Test
    void expSigmoidTanhAreWithinTwoUlps() {
        check("exp", VecMath::exp, Math::exp, 1.5, 1);
        check("sigmoid", VecMath::sigmoid, VecMathTest::sigmoidD, 2.5, 1);
        check("tanh", VecMath::tanh, Math::tanh, 1.5, 1);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(VecMath.tanh(-0f)));
        assertEquals(1f, VecMath.exp(0f));
        assertEquals(0.5f, VecMath.sigmoid(-0f));
        assertEquals(0f, VecMath.exp(-104f));
        assertEquals(Float.POSITIVE_INFINITY, VecMath.exp(88.72284f));
    }

    @Test
    void activationsAreWithinAFewUlps() {
        check("silu", VecMath::silu, x -> x * sigmoidD(x), 3, 2);
        check("gelu", VecMath::gelu, x -> 0.5 * x * Activations.erfc(-x * 0.7071067811865476), 4.5, 2);
        check("elu", x -> VecMath.elu(x, 1f, 1f), x -> x > 0 ? x : Math.expm1(x), 1.5, 1);
        check("selu", x -> VecMath.elu(x, VecMath.SELU_ALPHA, VecMath.SELU_SCALE),
                x -> (double) VecMath.SELU_SCALE * (x > 0 ? x : VecMath.SELU_ALPHA * Math.expm1(x)), 2.5, 1);
        check("celu(0.5)", x -> VecMath.celu(x, 0.5f), x -> Math.max(x, 0) + 0.5 * Math.expm1(Math.min(x, 0) / 0.5f), 3, 1);
        check("softplus", VecMath::softplus, VecMathTest::softplusD, 2, 1);
        // mish: subnormal intermediates (e^x below 2^-126) lose bits, as float arithmetic would.
        check("mish", VecMath::mish, x -> x * Math.tanh(softplusD(x)), 4, 2, -85f, Float.POSITIVE_INFINITY);
    }

    @Test
    void geluTanhIsWithinItsConditioning() {
        // 2u = 2√(2/π)(x + 0.044715x³) is rounded to float, and σ(2u) amplifies a relative error of 2u by |2u|
        // for negative x: the bound is 3 ulps plus 3 ulps per unit of |2u|.
        double worst = 0;
        for (float x : SWEEP) {
            double v = 1.5957691216057308 * (x + 0.044715 * x * x * x);
            double want = x / (1 + Math.exp(-v));
            float got = VecMath.geluTanh(x);
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(got), "gelu_tanh(" + x + "): got " + got + ", float64 NaN");
                continue;
            }
            if (Math.abs(want) < Float.MIN_NORMAL) {
                assertTrue(Math.abs(got - want) <= 200 * MIN_SUB, "gelu_tanh(" + x + "): got " + got + ", float64 " + want);
                continue;
            }
            double e = ulps(got, want) / (3 + 3 * Math.min(Math.abs(v), 200));
            assertTrue(e <= 1, "gelu_tanh(" + x + "): got " + got + ", float64 " + want);
            worst = Math.max(worst, e);
        }
        System.out.printf("VecMath gelu_tanh  max %.2f of the conditioned bound%n", worst);
    }

    @Test
    void softmaxMatchesFloat64AndKeepsMaskedRows() {
        Random rnd = new Random(3);
        double worst = 0;
        for (int n : new int[] {1, 2, 5, 15, 16, 17, 33, 100, 1000, 30_000}) {
            float[] d = new float[n];
            for (int i = 0; i < n; i++) d[i] = (float) (rnd.nextGaussian() * 5);
            d[rnd.nextInt(n)] = Float.NEGATIVE_INFINITY;
            if (n == 1) d[0] = 3f;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (float v : d) max = Math.max(max, v);
            for (float v : d) sum += Math.exp(v - (float) max);
            double lse = Math.log(sum);
            float[] s = d.clone(), ls = d.clone();
            VecMath.softmax(s, 0, n, n);
            VecMath.logSoftmax(ls, 0, n, n);
            for (int i = 0; i < n; i++) {
                double want = Math.exp(d[i] - (float) max) / sum;
                if (want > 0) worst = Math.max(worst, Math.abs(s[i] - want) / want);
                assertEquals(want, s[i], 3e-7 * want + 1e-30, "softmax n=" + n + " [" + i + "]");
                double wantLog = (d[i] - (float) max) - lse;
                assertEquals(wantLog, ls[i], 1e-6 * Math.abs(wantLog) + 1e-6, "log_softmax n=" + n + " [" + i + "]");
            }
        }
        System.out.printf("VecMath softmax max relative error %.3g%n", worst);
        float[] rows = {0f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY,
            1f, Float.NaN, Float.POSITIVE_INFINITY, 2f};
        VecMath.softmax(rows, 0, 8, 2);
        assertEquals(List.of(1f, 0f, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN), boxed(rows));
    }

    @Test
    void activationFnRoutesThroughTheKernels() {
        // Every vectorized kind against the float64 scalar functions of Activations, on one row of 200 values.
        float[] x = new float[200];
        Random rnd = new Random(5);
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * 4);
        Object[][] cases = {
            {"sigmoid", (F) Activations::sigmoid}, {"tanh", (F) v -> (float) Math.tanh(v)},
            {"silu", (F) v -> v * Activations.sigmoid(v)}, {"gelu", (F) Activations::gelu},
            {"elu", (F) v -> Activations.elu(v, 1f)}, {"selu", (F) Activations::selu},
            {"celu", (F) v -> Activations.celu(v, 1f)}, {"softplus", (F) Activations::softplus},
            {"log_sigmoid", (F) v -> -Activations.softplus(-v)}, {"mish", (F) Activations::mish},
            {"exponential", (F) v -> (float) Math.exp(v)},
        };
        for (Object[] c : cases) {
            float[] y = Activations.get(c[0], K3, "t").apply(Tensor.of(Shape.of(1, x.length), x.clone())).data();
            for (int i = 0; i < x.length; i++) {
                float want = ((F) c[1]).at(x[i]);
                assertEquals(want, y[i], 4 * Math.ulp(want) + 1e-30f, c[0] + "(" + x[i] + ")");
            }
        }
        float[] gt = Activations.get("gelu", K3, "t").apply(Tensor.of(Shape.of(2), new float[] {1f, -1f})).data();
        assertEquals(0.8413447f, gt[0], 1e-7f);
        ActivationFn geluTanh = new ActivationFn("gelu_tanh", ActivationFn.Kind.GELU_TANH, 0f);
        float[] y = geluTanh.apply(Tensor.of(Shape.of(1, x.length), x.clone())).data();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Activations.geluTanh(x[i]), y[i], 1e-6f * (1 + Math.abs(x[i])), "gelu_tanh(" + x[i] + ")");
        }
    }

    private static List<Float> boxed(float[] a) {
        Float[] b = new Float[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i];
        return Arrays.asList(b);
    }

    // ---------------------------------------------------------------- Vector API twin

    interface Kernel {
        void run(VecMath.Impl impl, float[] d, int off, int len);
    }

    private static final Object[][] KERNELS = {
        {"exp", (Kernel) VecMath.Impl::exp},
        {"sigmoid", (Kernel) VecMath.Impl::sigmoid},
        {"tanh", (Kernel) VecMath.Impl::tanh},
        {"silu", (Kernel) VecMath.Impl::silu},
        {"gelu", (Kernel) VecMath.Impl::gelu},
        {"gelu_tanh", (Kernel) VecMath.Impl::geluTanh},
        {"elu", (Kernel) (m, d, o, n) -> m.elu(d, o, n, 1f, 1f)},
        {"selu", (Kernel) (m, d, o, n) -> m.elu(d, o, n, VecMath.SELU_ALPHA, VecMath.SELU_SCALE)},
        {"celu", (Kernel) (m, d, o, n) -> m.celu(d, o, n, 0.7f)},
        {"softplus", (Kernel) VecMath.Impl::softplus},
        {"log_sigmoid", (Kernel) VecMath.Impl::logSigmoid},
        {"mish", (Kernel) VecMath.Impl::mish},
    };

    private static VecMath.Impl vectorTwin() {
        VecMath.Impl v = Simd.select("dev.jkeras.kernel.VecMathVector", VecMath.Impl.class, () -> null);
        assumeTrue(v != null, "the Vector API is off (jdk.incubator.vector not in this JVM, or -Djkeras.simd=false): "
                + "the Vector API twin is not tested");
        return v;
    }

    private static float[] mixed(Random rnd, int n) {
        float[] sweep = SWEEP;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = switch (rnd.nextInt(4)) {
                case 0 -> sweep[rnd.nextInt(sweep.length)];
                case 1 -> (float) (rnd.nextGaussian() * 3);
                case 2 -> (float) ((rnd.nextDouble() * 2 - 1) * 120);
                default -> sweep[sweep.length - 1 - rnd.nextInt(200)];
            };
        }
        return d;
    }

    private static void assertSameBits(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                throw new AssertionError(what + " [" + i + "]: scalar " + want[i] + " (" + Integer.toHexString(Float.floatToRawIntBits(want[i]))
                        + "), vector " + got[i] + " (" + Integer.toHexString(Float.floatToRawIntBits(got[i])) + ")");
            }
        }
    }

    /** 0 to 70, then around the vector kernels' blocks of 512 floats. */
    private static final int[] LENGTHS =
            IntStream.concat(IntStream.rangeClosed(0, 70), IntStream.of(511, 512, 513, 1023, 1024, 1025, 1537)).toArray();

    @Test
    void vectorTwinGivesTheScalarBits() {
        VecMath.Impl vec = vectorTwin();
        VecMath.Impl scalar = new VecMath.Scalar();
        Random rnd = new Random(11);
        float[] pool = mixed(rnd, 20_000);
        for (Object[] k : KERNELS) {
            Kernel kernel = (Kernel) k[1];
            for (int len : LENGTHS) {
                for (int off : new int[] {0, 1, 3, 7}) {
                    float[] d = new float[off + len + 5];
                    System.arraycopy(pool, rnd.nextInt(pool.length - d.length), d, 0, d.length);
                    float[] s = d.clone(), v = d.clone();
                    kernel.run(scalar, s, off, len);
                    kernel.run(vec, v, off, len);
                    assertSameBits(s, v, k[0] + " len " + len + " off " + off);
                }
            }
            float[] s = pool.clone(), v = pool.clone();
            kernel.run(scalar, s, 5, pool.length - 9);
            kernel.run(vec, v, 5, pool.length - 9);
            assertSameBits(s, v, k[0] + " large");
        }
    }

    @Test
    void vectorSoftmaxGivesTheScalarBits() {
        VecMath.Impl vec = vectorTwin();
        VecMath.Impl scalar = new VecMath.Scalar();
        Random rnd = new Random(12);
        for (int rowLen : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 20, 24, 31, 32, 33, 47, 48, 49, 63, 64, 65, 70, 255, 256,
                257, 511, 512, 513, 1024, 4099}) {
            for (int off : new int[] {0, 1, 5}) {
                int rows = rowLen > 100 ? 2 : 4;
                float[] d = new float[off + rows * rowLen + 3];
                for (int i = 0; i < d.length; i++) d[i] = (float) (rnd.nextGaussian() * 6);
                for (int i = 0; i < d.length / 9; i++) d[rnd.nextInt(d.length)] = Float.NEGATIVE_INFINITY;
                // Masked attention scores: x − max far below exp's clamp.
                for (int i = 0; i < d.length / 5; i++) d[rnd.nextInt(d.length)] = rnd.nextBoolean() ? -1e9f : -0.7f * Float.MAX_VALUE;
                if (rows * rowLen > 8) d[off + rowLen + rnd.nextInt(rowLen)] = Float.NaN;
                float[] s = d.clone(), v = d.clone();
                scalar.softmax(s, off, rows * rowLen, rowLen);
                vec.softmax(v, off, rows * rowLen, rowLen);
                assertSameBits(s, v, "softmax rowLen " + rowLen + " off " + off);
                s = d.clone();
                v = d.clone();
                scalar.logSoftmax(s, off, rows * rowLen, rowLen);
                vec.logSoftmax(v, off, rows * rowLen, rowLen);
                assertSameBits(s, v, "log_softmax rowLen " + rowLen + " off " + off);
            }
        }
    }

    @Test
    void clampTwinsAgreeAndFollowTheRule() {
        float[] v = {Float.NaN, -0f, 0f, -1e-30f, 1e-30f, -3f, 3f, 6f, 6.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 5.99f};
        float[] big = new float[203];
        java.util.Random r = new java.util.Random(41);
        for (int i = 0; i < big.length; i++) big[i] = i < v.length ? v[i] : (float) r.nextGaussian() * 8f;
        for (float hi : new float[] {6f, Float.POSITIVE_INFINITY}) {
            float[] s = big.clone();
            new VecMath.Scalar().clamp(s, 1, s.length - 1, 0f, hi);
            for (int i = 1; i < s.length; i++) {
                float x = big[i], want = x < 0f ? 0f : x > hi ? hi : x;
                org.junit.jupiter.api.Assertions.assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(s[i]), "x=" + x);
            }
            if (Simd.enabled()) {
                float[] w = big.clone();
                VecMath.IMPL.clamp(w, 1, w.length - 1, 0f, hi);
                org.junit.jupiter.api.Assertions.assertArrayEquals(s, w);
            }
        }
    }

    @Test
    void maxIntoTwinsAgreeWithMathMax() {
        java.util.Random r = new java.util.Random(43);
        float[] x = new float[90], acc0 = new float[90];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
            acc0[i] = (float) r.nextGaussian();
        }
        x[3] = Float.NaN;
        acc0[5] = Float.NaN;
        x[7] = -0f;
        acc0[7] = 0f;
        x[8] = 0f;
        acc0[8] = -0f;
        float[] s = acc0.clone();
        new VecMath.Scalar().maxInto(s, 1, x, 2, 80);
        for (int i = 0; i < 80; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(Float.floatToIntBits(Math.max(acc0[1 + i], x[2 + i])), Float.floatToIntBits(s[1 + i]));
        }
        if (Simd.enabled()) {
            float[] v = acc0.clone();
            VecMath.IMPL.maxInto(v, 1, x, 2, 80);
            org.junit.jupiter.api.Assertions.assertArrayEquals(s, v);
        }
    }
}
