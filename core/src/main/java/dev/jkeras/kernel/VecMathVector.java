// VecMath's kernels with the JDK Vector API: each lane repeats the scalar twin's float operations in the same
// order (both branches computed and blended where the twin branches), tails go through the scalar twin.
// Loaded only when jdk.incubator.vector is present (Simd); its results equal VecMath.Scalar's bit for bit.
//
// No method here takes or returns a vector. C2 keeps vectors in registers only within one compiled method;
// a helper such as exp(FloatVector) that gets compiled on its own first (it is hot from several callers) is
// too big to be inlined afterwards, and every call then allocates its argument and result. Which happens
// first depends on what the JVM ran before, so each kernel is instead one loop holding all its vector
// operations, and composed functions (tanh via exp, GELU, softplus, mish) run as passes over blocks of
// BLOCK floats, each pass a loop over arrays.
package dev.jkeras.kernel;

import static dev.jkeras.kernel.VecMath.E0;
import static dev.jkeras.kernel.VecMath.E1;
import static dev.jkeras.kernel.VecMath.E2;
import static dev.jkeras.kernel.VecMath.E3;
import static dev.jkeras.kernel.VecMath.E4;
import static dev.jkeras.kernel.VecMath.E5;
import static dev.jkeras.kernel.VecMath.EXPM1_MIN;
import static dev.jkeras.kernel.VecMath.EXP_MAX;
import static dev.jkeras.kernel.VecMath.EXP_MIN;
import static dev.jkeras.kernel.VecMath.LN2_HI;
import static dev.jkeras.kernel.VecMath.LN2_LO;
import static dev.jkeras.kernel.VecMath.LOG2E;
import static dev.jkeras.kernel.VecMath.LOGISTIC_MIN;
import static dev.jkeras.kernel.VecMath.SHIFTER;
import static dev.jkeras.kernel.VecMath.SHIFTER_BITS;
import static dev.jkeras.kernel.VecMath.SUM_BLOCK;
import static dev.jkeras.kernel.VecMath.SUM_LANES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link VecMath.Impl} at the platform's preferred vector width. */
final class VecMathVector implements VecMath.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Softmax sums need the lanes to tile the 16 partial sums; wider vectors sum with the scalar twin. */
    private static final boolean VECTOR_SUMS = L == 4 || L == 8 || L == 16;
    private static final VecMath.Impl SCALAR = new VecMath.Scalar();
    /** Floats per block of the kernels run in passes: a multiple of any vector length and of SUM_BLOCK. */
    private static final int BLOCK = 512;
    /** m = 1 of sigmoid for the logistic pass. */
    private static final float[] ONES = new float[BLOCK];
    /** Per-thread work space: two blocks and the softmax partial sums. */
    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);
    // Constants as vectors: broadcasts in the loops make them too big for the JIT to compile them whole.
    private static final FloatVector V_E2 = FloatVector.broadcast(S, E2);
    private static final FloatVector V_E3 = FloatVector.broadcast(S, E3);
    private static final FloatVector V_E4 = FloatVector.broadcast(S, E4);
    private static final FloatVector V_E5 = FloatVector.broadcast(S, E5);
    private static final FloatVector V_NEG_LN2_HI = FloatVector.broadcast(S, -LN2_HI);
    private static final FloatVector V_NEG_LN2_LO = FloatVector.broadcast(S, -LN2_LO);
    private static final FloatVector ZERO = FloatVector.broadcast(S, 0f);
    private static final FloatVector V_L2 = FloatVector.broadcast(S, VecMath.L2);
    private static final FloatVector V_L3 = FloatVector.broadcast(S, VecMath.L3);
    private static final FloatVector V_L4 = FloatVector.broadcast(S, VecMath.L4);
    private static final FloatVector V_L5 = FloatVector.broadcast(S, VecMath.L5);
    private static final FloatVector V_L6 = FloatVector.broadcast(S, VecMath.L6);
    private static final FloatVector V_L7 = FloatVector.broadcast(S, VecMath.L7);
    private static final FloatVector V_L8 = FloatVector.broadcast(S, VecMath.L8);
    private static final FloatVector V_LN2_LO = FloatVector.broadcast(S, LN2_LO);
    private static final FloatVector V_LN2_HI = FloatVector.broadcast(S, LN2_HI);
    private static final FloatVector V_T2 = FloatVector.broadcast(S, VecMath.T2);
    private static final FloatVector V_T3 = FloatVector.broadcast(S, VecMath.T3);
    private static final FloatVector V_T4 = FloatVector.broadcast(S, VecMath.T4);
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    private static final FloatVector V_GELU_TANH_K = FloatVector.broadcast(S, VecMath.GELU_TANH_K);
    private static final FloatVector V_F2 = FloatVector.broadcast(S, VecMath.F2);
    private static final FloatVector V_F3 = FloatVector.broadcast(S, VecMath.F3);
    private static final FloatVector V_F4 = FloatVector.broadcast(S, VecMath.F4);
    private static final FloatVector V_F5 = FloatVector.broadcast(S, VecMath.F5);
    private static final FloatVector V_F6 = FloatVector.broadcast(S, VecMath.F6);
    private static final FloatVector V_F7 = FloatVector.broadcast(S, VecMath.F7);
    private static final FloatVector V_F8 = FloatVector.broadcast(S, VecMath.F8);
    private static final FloatVector V_F9 = FloatVector.broadcast(S, VecMath.F9);
    private static final FloatVector V_G2 = FloatVector.broadcast(S, VecMath.G2);
    private static final FloatVector V_G3 = FloatVector.broadcast(S, VecMath.G3);
    private static final FloatVector V_G4 = FloatVector.broadcast(S, VecMath.G4);
    private static final FloatVector V_G5 = FloatVector.broadcast(S, VecMath.G5);

    static {
        Arrays.fill(ONES, 1f);
    }

    /** Public for {@link Simd#select}. */
    public VecMathVector() {}

    private static final class Work {
        final float[] w = new float[2 * BLOCK];
        final float[] acc = new float[2 * SUM_LANES];
    }

    // ---------------------------------------------------------------- passes with the e^x reduction
    // The range reduction and polynomial of VecMath.expm1Reduced are written out in each of the three passes
    // below (exp, logistic, expm1Neg; every other kernel reuses one of them): no helper may take a vector.

    /** dst = e^{src − shift} (VecMath.exp); n a multiple of L. x − 0f is x, so shift 0 gives e^src. */
    private static void expPass(float[] src, int so, float[] dst, int dOff, int n, float shift) {
        for (int i = 0; i < n; i += L) {
            FloatVector xc = FloatVector.fromArray(S, src, so + i).sub(shift).max(EXP_MIN).min(EXP_MAX);
            FloatVector t = xc.fma(LOG2E, SHIFTER);
            FloatVector k = t.sub(SHIFTER);
            FloatVector r = k.fma(V_NEG_LN2_HI, xc);
            r = k.fma(V_NEG_LN2_LO, r);
            FloatVector p = r.fma(E0, E1);
            p = p.fma(r, V_E2);
            p = p.fma(r, V_E3);
            p = p.fma(r, V_E4);
            p = p.fma(r, V_E5);
            FloatVector y = p.fma(r.mul(r), r).add(1f);
            IntVector ni = t.reinterpretAsInts().sub(SHIFTER_BITS);
            IntVector h = ni.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ni.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            // At the clamp (x ≤ EXP_MIN, e.g. masked attention scores) y·s1·s2 underflows to +0, which costs a
            // slow microcode assist per lane on x86; y·s1·0 is the same +0 without it (NaN is not ≤).
            s2 = s2.blend(0f, xc.compare(VectorOperators.LE, EXP_MIN));
            y.mul(s1).mul(s2).intoArray(dst, dOff + i);
        }
    }

    /** dst = m·σ(v) (VecMath.logistic); n a multiple of L. */
    private static void logisticPass(float[] v, int vo, float[] m, int mo, float[] dst, int dOff, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(S, v, vo + i);
            FloatVector mv = FloatVector.fromArray(S, m, mo + i);
            FloatVector nv = x.abs().neg();
            FloatVector xc = nv.max(LOGISTIC_MIN);
            FloatVector t = xc.fma(LOG2E, SHIFTER);
            FloatVector k = t.sub(SHIFTER);
            FloatVector r = k.fma(V_NEG_LN2_HI, xc);
            r = k.fma(V_NEG_LN2_LO, r);
            FloatVector p = r.fma(E0, E1);
            p = p.fma(r, V_E2);
            p = p.fma(r, V_E3);
            p = p.fma(r, V_E4);
            p = p.fma(r, V_E5);
            FloatVector y = p.fma(r.mul(r), r).add(1f);
            IntVector ni = t.reinterpretAsInts().sub(SHIFTER_BITS);
            IntVector h = ni.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ni.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector ys = y.mul(s1).blend(0f, nv.compare(VectorOperators.LT, LOGISTIC_MIN));
            FloatVector num = ys.mul(mv).mul(s2).blend(mv, x.compare(VectorOperators.GE, 0f));
            num.div(ys.mul(s2).add(1f)).intoArray(dst, dOff + i);
        }
    }

    /** dst = e^src − 1 for src ≤ 0 (VecMath.expm1Neg); n a multiple of L. */
    private static void expm1NegPass(float[] src, int so, float[] dst, int dOff, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector xc = FloatVector.fromArray(S, src, so + i).max(EXPM1_MIN);
            FloatVector t = xc.fma(LOG2E, SHIFTER);
            FloatVector k = t.sub(SHIFTER);
            FloatVector r = k.fma(V_NEG_LN2_HI, xc);
            r = k.fma(V_NEG_LN2_LO, r);
            FloatVector p = r.fma(E0, E1);
            p = p.fma(r, V_E2);
            p = p.fma(r, V_E3);
            p = p.fma(r, V_E4);
            p = p.fma(r, V_E5);
            FloatVector em = p.fma(r.mul(r), r);
            FloatVector s = t.reinterpretAsInts().sub(SHIFTER_BITS).add(127).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats();
            s.fma(em, s.sub(1f)).intoArray(dst, dOff + i);
        }
    }

    // ---------------------------------------------------------------- exp, logistic and ELU kernels

    @Override
    public void exp(float[] d, int off, int len) {
        int vlen = S.loopBound(len);
        expPass(d, off, d, off, vlen, 0f);
        for (int i = off + vlen, end = off + len; i < end; i++) d[i] = VecMath.exp(d[i]);
    }

    @Override
    public void sigmoid(float[] d, int off, int len) {
        int vend = off + S.loopBound(len);
        for (int b = off; b < vend; b += BLOCK) {
            int n = Math.min(BLOCK, vend - b);
            logisticPass(d, b, ONES, 0, d, b, n);
        }
        for (int i = vend, end = off + len; i < end; i++) d[i] = VecMath.sigmoid(d[i]);
    }

    @Override
    public void maxInto(float[] acc, int accOff, float[] x, int xOff, int len) {
        int vlen = S.loopBound(len);
        for (int i = 0; i < vlen; i += L) {
            FloatVector.fromArray(S, acc, accOff + i).max(FloatVector.fromArray(S, x, xOff + i)).intoArray(acc, accOff + i);
        }
        for (int i = vlen; i < len; i++) acc[accOff + i] = Math.max(acc[accOff + i], x[xOff + i]);
    }

    @Override
    public void clamp(float[] d, int off, int len, float lo, float hi) {
        int vend = off + S.loopBound(len);
        FloatVector vlo = FloatVector.broadcast(S, lo), vhi = FloatVector.broadcast(S, hi);
        for (int i = off; i < vend; i += L) {
            FloatVector x = FloatVector.fromArray(S, d, i);
            x.blend(vlo, x.lt(vlo)).blend(vhi, x.compare(VectorOperators.GT, vhi)).intoArray(d, i);
        }
        for (int i = vend, end = off + len; i < end; i++) d[i] = VecMath.clamp(d[i], lo, hi);
    }

    @Override
    public void silu(float[] d, int off, int len) {
        int vlen = S.loopBound(len);
        logisticPass(d, off, d, off, d, off, vlen);
        for (int i = off + vlen, end = off + len; i < end; i++) d[i] = VecMath.silu(d[i]);
    }

    @Override
    public void geluTanh(float[] d, int off, int len) {
        int vend = off + S.loopBound(len);
        float[] w = vend > off ? WORK.get().w : null;
        for (int b = off; b < vend; b += BLOCK) {
            int n = Math.min(BLOCK, vend - b);
            for (int i = 0; i < n; i += L) {
                FloatVector x = FloatVector.fromArray(S, d, b + i);
                x.mul(x).mul(x).fma(V_GELU_TANH_K, x).mul(VecMath.GELU_TANH_C2).intoArray(w, i);
            }
            logisticPass(w, 0, d, b, d, b, n);
        }
        for (int i = vend, end = off + len; i < end; i++) d[i] = VecMath.geluTanh(d[i]);
    }

    @Override
    public void elu(float[] d, int off, int len, float alpha, float scale) {
        int vend = off + S.loopBound(len);
        float[] w = vend > off ? WORK.get().w : null;
        for (int b = off; b < vend; b += BLOCK) {
            int n = Math.min(BLOCK, vend - b);
            expm1NegPass(d, b, w, 0, n);
            for (int i = 0; i < n; i += L) {
                FloatVector x = FloatVector.fromArray(S, d, b + i);
                FloatVector y = FloatVector.fromArray(S, w, i).mul(alpha).blend(x, x.compare(VectorOperators.GE, 0f));
                y.mul(scale).intoArray(d, b + i);
            }
        }
        for (int i = vend, end = off + len; i < end; i++) d[i] = VecMath.elu(d[i], alpha, scale);
    }

    @Override
    public void celu(float[] d, int off, int len, float alpha) {
        int vend = off + S.loopBound(len);
        float[] w = vend > off ? WORK.get().w : null;
        for (int b = off; b < vend; b += BLOCK) {
            int n = Math.min(BLOCK, vend - b);
            for (int i = 0; i < n; i += L) FloatVector.fromArray(S, d, b + i).min(0f).div(alpha).intoArray(w, i);
            expm1NegPass(w, 0, w, 0, n);
            for (int i = 0; i < n; i += L) {
                FloatVector x = FloatVector.fromArray(S, d, b + i);
                x.max(0f).add(FloatVector.fromArray(S, w, i).mul(alpha)).intoArray(d, b + i);
            }
        }
        for (int i = vend, end = off + len; i < end; i++) d[i] = VecMath.celu(d[i], alpha);
    }

    // ---------------------------------------------------------------- tanh

    @Override
    public void tanh(float[] d, int off, int len) {
        int vend = off + S.loopBound(len);
        float[] w = vend > off ? WORK.get().w : null;
        for (int b = off; b < vend; b += BLOCK) tanhBlock(d, b, Math.min(BLOCK, vend - b), w, 0);
        for (int i = vend, end = off + len; i < end; i++) d[i] = VecMath.tanh(d[i]);
    }

    /** d[off, off+n) = tanh (VecMath.tanh), n ≤ BLOCK a multiple of L, with w[wo, wo+n) as work space. */
    private static void tanhBlock(float[] d, int off, int n, float[] w, int wo) {
        for (int i = 0; i < n; i += L) {
            FloatVector ax = FloatVector.fromArray(S, d, off + i).abs();
            ax.add(ax).intoArray(w, wo + i);
        }
        expPass(w, wo, w, wo, n, 0f);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(S, d, off + i);
            FloatVector ax = x.abs();
            FloatVector z = ax.mul(ax);
            FloatVector p = z.fma(VecMath.T0, VecMath.T1);
            p = p.fma(z, V_T2);
            p = p.fma(z, V_T3);
            p = p.fma(z, V_T4);
            FloatVector small = p.fma(z.mul(ax), ax);
            FloatVector large = ONE.sub(TWO.div(FloatVector.fromArray(S, w, wo + i).add(1f)));
            FloatVector y = large.blend(small, ax.compare(VectorOperators.LT, VecMath.TANH_SMALL));
            IntVector mag = y.reinterpretAsInts().and(0x7fffffff);
            mag.or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats().intoArray(d, off + i);
        }
    }

    // ---------------------------------------------------------------- GELU

    @Override
    public void gelu(float[] d, int off, int len) {
        int vend = off + S.loopBound(len);
        float[] w = vend > off ? WORK.get().w : null;
        for (int b = off; b < vend; b += BLOCK) {
            int n = Math.min(BLOCK, vend - b);
            geluRational(d, b, n, w);
            expPass(w, BLOCK, w, BLOCK, n, 0f);
            geluCombine(d, b, n, w);
        }
        for (int i = vend, end = off + len; i < end; i++) d[i] = VecMath.gelu(d[i]);
    }

    /** w[0, n) = F(q)/(1 + a) and w[BLOCK, BLOCK+n) = −½·s (s = a² rounded) of VecMath.gelu. */
    private static void geluRational(float[] d, int off, int n, float[] w) {
        for (int i = 0; i < n; i += L) {
            FloatVector ax = FloatVector.fromArray(S, d, off + i).abs().min(VecMath.GELU_MAX);
            FloatVector q = ax.sub(3f).div(ax.add(3f));
            FloatVector p = q.fma(VecMath.F0, VecMath.F1);
            p = p.fma(q, V_F2);
            p = p.fma(q, V_F3);
            p = p.fma(q, V_F4);
            p = p.fma(q, V_F5);
            p = p.fma(q, V_F6);
            p = p.fma(q, V_F7);
            p = p.fma(q, V_F8);
            p = p.fma(q, V_F9);
            p.div(ax.add(1f)).intoArray(w, i);
            ax.mul(ax).mul(-0.5f).intoArray(w, BLOCK + i);
        }
    }

    /** d = gelu from x, r = w[0, n) and the exponentials w[BLOCK, BLOCK+n). */
    private static void geluCombine(float[] d, int off, int n, float[] w) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(S, d, off + i);
            FloatVector r = FloatVector.fromArray(S, w, i);
            FloatVector ax = x.abs().min(VecMath.GELU_MAX);
            FloatVector sl = ax.fma(ax, ax.mul(ax).neg());
            FloatVector e0 = FloatVector.fromArray(S, w, BLOCK + i);
            FloatVector e = e0.fma(sl.mul(-0.5f), e0);
            FloatVector neg = x.mul(0.5f).mul(r).mul(e);
            FloatVector pos = x.mul(r.mul(-0.5f).fma(e, ONE));
            FloatVector big = pos.blend(neg, x.compare(VectorOperators.LT, 0f));
            FloatVector t = x.mul(x);
            FloatVector g = t.fma(VecMath.G0, VecMath.G1);
            g = g.fma(t, V_G2);
            g = g.fma(t, V_G3);
            g = g.fma(t, V_G4);
            g = g.fma(t, V_G5);
            FloatVector small = x.fma(x.mul(g), x.mul(0.5f));
            big.blend(small, ax.compare(VectorOperators.LT, VecMath.GELU_SMALL)).intoArray(d, off + i);
        }
    }

    // ---------------------------------------------------------------- softplus family

    @Override
    public void softplus(float[] d, int off, int len) {
        int vend = off + S.loopBound(len);
        float[] w = vend > off ? WORK.get().w : null;
        for (int b = off; b < vend; b += BLOCK) softplusBlock(d, b, d, b, Math.min(BLOCK, vend - b), w);
        for (int i = vend, end = off + len; i < end; i++) d[i] = VecMath.softplus(d[i]);
    }

    @Override
    public void logSigmoid(float[] d, int off, int len) {
        int vend = off + S.loopBound(len);
        float[] w = vend > off ? WORK.get().w : null;
        for (int b = off; b < vend; b += BLOCK) {
            int n = Math.min(BLOCK, vend - b);
            negate(d, b, n);
            softplusBlock(d, b, d, b, n, w);
            negate(d, b, n);
        }
        for (int i = vend, end = off + len; i < end; i++) d[i] = -VecMath.softplus(-d[i]);
    }

    @Override
    public void mish(float[] d, int off, int len) {
        int vend = off + S.loopBound(len);
        float[] w = vend > off ? WORK.get().w : null;
        for (int b = off; b < vend; b += BLOCK) {
            int n = Math.min(BLOCK, vend - b);
            softplusBlock(d, b, w, BLOCK, n, w);
            tanhBlock(w, BLOCK, n, w, 0);
            for (int i = 0; i < n; i += L) {
                FloatVector.fromArray(S, d, b + i).mul(FloatVector.fromArray(S, w, BLOCK + i)).intoArray(d, b + i);
            }
        }
        for (int i = vend, end = off + len; i < end; i++) d[i] = VecMath.mish(d[i]);
    }

    private static void negate(float[] d, int off, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(S, d, off + i).neg().intoArray(d, off + i);
    }

    /**
     * dst = softplus(src) = max(x, 0) + log1p(e^{−|x|}) (VecMath.softplus), n ≤ BLOCK a multiple of L,
     * with w[0, n) as work space (dst may be src, not w[0, n)).
     */
    private static void softplusBlock(float[] src, int so, float[] dst, int dOff, int n, float[] w) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(S, src, so + i).abs().neg().intoArray(w, i);
        expPass(w, 0, w, 0, n, 0f);
        for (int i = 0; i < n; i += L) {
            // VecMath.log1pUnit(e)
            FloatVector e = FloatVector.fromArray(S, w, i);
            FloatVector u = e.add(1f);
            FloatVector c = e.sub(u.sub(1f));
            VectorMask<Float> big = u.compare(VectorOperators.GT, VecMath.SQRT2);
            FloatVector m = u.blend(u.mul(0.5f), big);
            FloatVector k = ZERO.blend(1f, big);
            FloatVector f = m.sub(1f);
            FloatVector z = f.mul(f);
            FloatVector p = f.fma(VecMath.L0, VecMath.L1);
            p = p.fma(f, V_L2);
            p = p.fma(f, V_L3);
            p = p.fma(f, V_L4);
            p = p.fma(f, V_L5);
            p = p.fma(f, V_L6);
            p = p.fma(f, V_L7);
            p = p.fma(f, V_L8);
            FloatVector y = p.fma(f.mul(z), z.mul(-0.5f));
            y = k.fma(V_LN2_LO, y.add(c.div(u)));
            FloatVector lp = k.fma(V_LN2_HI, f.add(y));
            FloatVector.fromArray(S, src, so + i).max(0f).add(lp).intoArray(dst, dOff + i);
        }
    }

    // ---------------------------------------------------------------- softmax

    @Override
    public void softmax(float[] d, int off, int len, int rowLen) {
        if (!VECTOR_SUMS) {
            SCALAR.softmax(d, off, len, rowLen);
            return;
        }
        float[] acc = WORK.get().acc;
        for (int r = off, end = off + len; r < end; r += rowLen) {
            float sum = expSum(d, r, rowLen, max(d, r, rowLen), acc, d, r);
            int i = r, rend = r + rowLen, vend = r + S.loopBound(rowLen);
            for (; i < vend; i += L) FloatVector.fromArray(S, d, i).div(sum).intoArray(d, i);
            for (; i < rend; i++) d[i] = d[i] / sum;
        }
    }

    @Override
    public void logSoftmax(float[] d, int off, int len, int rowLen) {
        if (!VECTOR_SUMS) {
            SCALAR.logSoftmax(d, off, len, rowLen);
            return;
        }
        Work work = WORK.get();
        for (int r = off, end = off + len; r < end; r += rowLen) {
            float max = max(d, r, rowLen);
            float lse = (float) Math.log(expSum(d, r, rowLen, max, work.acc, work.w, -1));
            int i = r, rend = r + rowLen, vend = r + S.loopBound(rowLen);
            for (; i < vend; i += L) FloatVector.fromArray(S, d, i).sub(max).sub(lse).intoArray(d, i);
            for (; i < rend; i++) d[i] = (d[i] - max) - lse;
        }
    }

    private static float max(float[] d, int r, int n) {
        int i = r, end = r + n, vend = r + S.loopBound(n);
        float m = Float.NEGATIVE_INFINITY;
        if (vend > i) {
            FloatVector vm = FloatVector.fromArray(S, d, i);
            for (i += L; i < vend; i += L) vm = vm.max(FloatVector.fromArray(S, d, i));
            m = vm.reduceLanes(VectorOperators.MAX);
        }
        return Math.max(m, VecMath.max(d, i, end));
    }

    /**
     * Σ exp(x − max) over the row d[r, r+n) in VecMath's order (VecMath.accumulate), SUM_BLOCK values at a
     * time: their exponentials are written to e (value j at e[eo + j], so the row itself for e = d, eo = r;
     * with eo = −1 at e[j mod SUM_BLOCK], a work block), then added into the partial sums.
     */
    private static float expSum(float[] d, int r, int n, float max, float[] acc, float[] e, int eo) {
        Arrays.fill(acc, 0f);
        for (int c = 0; c < n; c += SUM_BLOCK) {
            int cn = Math.min(SUM_BLOCK, n - c), vn = S.loopBound(cn), o = eo < 0 ? 0 : eo + c;
            expPass(d, r + c, e, o, vn, max);
            for (int j = vn; j < cn; j++) e[o + j] = VecMath.exp(d[r + c + j] - max);
            sumPass(e, o, cn, acc);
            // VecMath flushes after each full SUM_BLOCK and in total(); a flush after the last, partial
            // block adds only zeros (partial sums are ≥ +0 or NaN), and needs no branch.
            VecMath.flush(acc);
        }
        return VecMath.total(acc);
    }

    /** Adds e[eo, eo+n) into the partial sums acc[0, 16): value j into acc[j mod 16], n ≤ SUM_BLOCK. */
    private static void sumPass(float[] e, int eo, int n, float[] acc) {
        FloatVector a0 = FloatVector.fromArray(S, acc, 0);
        FloatVector a1 = ZERO, a2 = ZERO, a3 = ZERO;
        if (L <= 8) a1 = FloatVector.fromArray(S, acc, L);
        if (L == 4) {
            a2 = FloatVector.fromArray(S, acc, 8);
            a3 = FloatVector.fromArray(S, acc, 12);
        }
        int j = 0, full = n & -SUM_LANES;
        for (; j < full; j += SUM_LANES) {
            a0 = a0.add(FloatVector.fromArray(S, e, eo + j));
            if (L <= 8) a1 = a1.add(FloatVector.fromArray(S, e, eo + j + L));
            if (L == 4) {
                a2 = a2.add(FloatVector.fromArray(S, e, eo + j + 8));
                a3 = a3.add(FloatVector.fromArray(S, e, eo + j + 12));
            }
        }
        a0.intoArray(acc, 0);
        if (L <= 8) a1.intoArray(acc, L);
        if (L == 4) {
            a2.intoArray(acc, 8);
            a3.intoArray(acc, 12);
        }
        for (int k = 0; j + k < n; k++) acc[k] += e[eo + j + k];
    }
}
