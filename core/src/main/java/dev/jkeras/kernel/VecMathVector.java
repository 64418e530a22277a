// VecMath's kernels with the JDK Vector API: each lane repeats the scalar twin's float operations in the same
// order (both branches computed and blended where the twin branches), tails go through the scalar twin.
// Loaded only when jdk.incubator.vector is present (Simd); its results equal VecMath.Scalar's bit for bit.
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
    /**
     * Elements per pass of the kernels split in passes (gelu, softplus-like), a multiple of any vector
     * length: one loop doing all the work would be too big for the JIT to compile it whole.
     */
    private static final int BLOCK = 512;
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

    /** Public for {@link Simd#select}. */
    public VecMathVector() {}

    // ---------------------------------------------------------------- lane functions (see VecMath's twins)

    private static FloatVector scale(IntVector n) {
        return n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** VecMath.expm1Reduced: e^r − 1 for r = x − n·ln2, n = t − SHIFTER. */
    private static FloatVector expm1Reduced(FloatVector x, FloatVector t) {
        FloatVector n = t.sub(SHIFTER);
        FloatVector r = n.fma(V_NEG_LN2_HI, x);
        r = n.fma(V_NEG_LN2_LO, r);
        FloatVector p = r.fma(E0, E1);
        p = p.fma(r, V_E2);
        p = p.fma(r, V_E3);
        p = p.fma(r, V_E4);
        p = p.fma(r, V_E5);
        return p.fma(r.mul(r), r);
    }

    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = xc.fma(LOG2E, SHIFTER);
        FloatVector y = expm1Reduced(xc, t).add(1f);
        IntVector ni = t.reinterpretAsInts().sub(SHIFTER_BITS);
        IntVector h = ni.lanewise(VectorOperators.ASHR, 1);
        return y.mul(scale(h)).mul(scale(ni.sub(h)));
    }

    static FloatVector expm1Neg(FloatVector x) {
        FloatVector xc = x.max(EXPM1_MIN);
        FloatVector t = xc.fma(LOG2E, SHIFTER);
        FloatVector em = expm1Reduced(xc, t);
        FloatVector s = scale(t.reinterpretAsInts().sub(SHIFTER_BITS));
        return s.fma(em, s.sub(1f));
    }

    static FloatVector log1pUnit(FloatVector e) {
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
        return k.fma(V_LN2_HI, f.add(y));
    }

    static FloatVector logistic(FloatVector v, FloatVector m) {
        FloatVector nv = v.abs().neg();
        FloatVector xc = nv.max(LOGISTIC_MIN);
        FloatVector t = xc.fma(LOG2E, SHIFTER);
        FloatVector y = expm1Reduced(xc, t).add(1f);
        IntVector ni = t.reinterpretAsInts().sub(SHIFTER_BITS);
        IntVector h = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector ys = y.mul(scale(h)).blend(0f, nv.compare(VectorOperators.LT, LOGISTIC_MIN));
        FloatVector s2 = scale(ni.sub(h));
        FloatVector num = ys.mul(m).mul(s2).blend(m, v.compare(VectorOperators.GE, 0f));
        return num.div(ys.mul(s2).add(1f));
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector y = tanhLarge(ax).blend(tanhSmall(ax), ax.compare(VectorOperators.LT, VecMath.TANH_SMALL));
        IntVector mag = y.reinterpretAsInts().and(0x7fffffff);
        return mag.or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
    }

    private static FloatVector tanhSmall(FloatVector ax) {
        FloatVector z = ax.mul(ax);
        FloatVector p = z.fma(VecMath.T0, VecMath.T1);
        p = p.fma(z, V_T2);
        p = p.fma(z, V_T3);
        p = p.fma(z, V_T4);
        return p.fma(z.mul(ax), ax);
    }

    private static FloatVector tanhLarge(FloatVector ax) {
        return ONE.sub(TWO.div(exp(ax.add(ax)).add(1f)));
    }

    static FloatVector geluTanh(FloatVector x) {
        return logistic(x.mul(x).mul(x).fma(V_GELU_TANH_K, x).mul(VecMath.GELU_TANH_C2), x);
    }

    // ---------------------------------------------------------------- array kernels

    @Override
    public void exp(float[] d, int off, int len) {
        int i = off, end = off + len, vend = off + S.loopBound(len);
        for (; i < vend; i += L) exp(FloatVector.fromArray(S, d, i)).intoArray(d, i);
        for (; i < end; i++) d[i] = VecMath.exp(d[i]);
    }

    @Override
    public void sigmoid(float[] d, int off, int len) {
        int i = off, end = off + len, vend = off + S.loopBound(len);
        for (; i < vend; i += L) logistic(FloatVector.fromArray(S, d, i), ONE).intoArray(d, i);
        for (; i < end; i++) d[i] = VecMath.sigmoid(d[i]);
    }

    @Override
    public void tanh(float[] d, int off, int len) {
        int i = off, end = off + len, vend = off + S.loopBound(len);
        for (; i < vend; i += L) tanh(FloatVector.fromArray(S, d, i)).intoArray(d, i);
        for (; i < end; i++) d[i] = VecMath.tanh(d[i]);
    }

    @Override
    public void silu(float[] d, int off, int len) {
        int i = off, end = off + len, vend = off + S.loopBound(len);
        for (; i < vend; i += L) {
            FloatVector x = FloatVector.fromArray(S, d, i);
            logistic(x, x).intoArray(d, i);
        }
        for (; i < end; i++) d[i] = VecMath.silu(d[i]);
    }

    @Override
    public void gelu(float[] d, int off, int len) {
        int vlen = S.loopBound(len);
        if (vlen > 0) {
            float[] rs = new float[Math.min(vlen, BLOCK)], es = new float[rs.length];
            for (int b = 0; b < vlen; b += BLOCK) {
                int n = Math.min(BLOCK, vlen - b);
                geluRational(d, off + b, n, rs);
                geluGauss(d, off + b, n, es);
                geluCombine(d, off + b, n, rs, es);
            }
        }
        for (int i = off + vlen, end = off + len; i < end; i++) d[i] = VecMath.gelu(d[i]);
    }

    /** rs = F(q)/(1 + a) of VecMath.gelu. */
    private static void geluRational(float[] d, int off, int n, float[] rs) {
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
            p.div(ax.add(1f)).intoArray(rs, i);
        }
    }

    /** es = e^{−a²/2} of VecMath.gelu. */
    private static void geluGauss(float[] d, int off, int n, float[] es) {
        for (int i = 0; i < n; i += L) {
            FloatVector ax = FloatVector.fromArray(S, d, off + i).abs().min(VecMath.GELU_MAX);
            FloatVector s = ax.mul(ax);
            FloatVector sl = ax.fma(ax, s.neg());
            FloatVector e = exp(s.mul(-0.5f));
            e.fma(sl.mul(-0.5f), e).intoArray(es, i);
        }
    }

    private static void geluCombine(float[] d, int off, int n, float[] rs, float[] es) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(S, d, off + i);
            FloatVector r = FloatVector.fromArray(S, rs, i);
            FloatVector e = FloatVector.fromArray(S, es, i);
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
            VectorMask<Float> isSmall = x.abs().min(VecMath.GELU_MAX).compare(VectorOperators.LT, VecMath.GELU_SMALL);
            big.blend(small, isSmall).intoArray(d, off + i);
        }
    }

    @Override
    public void geluTanh(float[] d, int off, int len) {
        int i = off, end = off + len, vend = off + S.loopBound(len);
        for (; i < vend; i += L) geluTanh(FloatVector.fromArray(S, d, i)).intoArray(d, i);
        for (; i < end; i++) d[i] = VecMath.geluTanh(d[i]);
    }

    @Override
    public void elu(float[] d, int off, int len, float alpha, float scale) {
        int i = off, end = off + len, vend = off + S.loopBound(len);
        for (; i < vend; i += L) {
            FloatVector x = FloatVector.fromArray(S, d, i);
            FloatVector y = expm1Neg(x).mul(alpha).blend(x, x.compare(VectorOperators.GE, 0f));
            y.mul(scale).intoArray(d, i);
        }
        for (; i < end; i++) d[i] = VecMath.elu(d[i], alpha, scale);
    }

    @Override
    public void celu(float[] d, int off, int len, float alpha) {
        int i = off, end = off + len, vend = off + S.loopBound(len);
        for (; i < vend; i += L) {
            FloatVector x = FloatVector.fromArray(S, d, i);
            x.max(0f).add(expm1Neg(x.min(0f).div(alpha)).mul(alpha)).intoArray(d, i);
        }
        for (; i < end; i++) d[i] = VecMath.celu(d[i], alpha);
    }

    @Override
    public void softplus(float[] d, int off, int len) {
        softplusLike(d, off, len, false, false);
    }

    @Override
    public void logSigmoid(float[] d, int off, int len) {
        softplusLike(d, off, len, true, false);
    }

    @Override
    public void mish(float[] d, int off, int len) {
        softplusLike(d, off, len, false, true);
    }

    /** softplus(x), −softplus(−x) ({@code negate}) or x·tanh(softplus(x)) ({@code mish}), in passes over blocks. */
    private void softplusLike(float[] d, int off, int len, boolean negate, boolean mish) {
        int vlen = S.loopBound(len);
        if (vlen > 0) {
            float[] es = new float[Math.min(vlen, BLOCK)], sp = mish ? new float[es.length] : d;
            for (int b = 0; b < vlen; b += BLOCK) {
                int n = Math.min(BLOCK, vlen - b);
                softplusExp(d, off + b, n, es);
                softplusLog(d, off + b, n, es, negate, sp, mish ? 0 : off + b);
                if (mish) {
                    tanh(sp, 0, n);
                    for (int i = 0; i < n; i += L) {
                        FloatVector x = FloatVector.fromArray(S, d, off + b + i);
                        x.mul(FloatVector.fromArray(S, sp, i)).intoArray(d, off + b + i);
                    }
                }
            }
        }
        for (int i = off + vlen, end = off + len; i < end; i++) {
            d[i] = mish ? VecMath.mish(d[i]) : negate ? -VecMath.softplus(-d[i]) : VecMath.softplus(d[i]);
        }
    }

    /** es = e^{−|x|}. */
    private static void softplusExp(float[] d, int off, int n, float[] es) {
        for (int i = 0; i < n; i += L) exp(FloatVector.fromArray(S, d, off + i).abs().neg()).intoArray(es, i);
    }

    /** out = max(x, 0) + log1p(es), with x and the result negated if {@code negate}. */
    private static void softplusLog(float[] d, int off, int n, float[] es, boolean negate, float[] out, int outOff) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(S, d, off + i);
            if (negate) x = x.neg();
            FloatVector y = x.max(0f).add(log1pUnit(FloatVector.fromArray(S, es, i)));
            if (negate) y = y.neg();
            y.intoArray(out, outOff + i);
        }
    }

    @Override
    public void softmax(float[] d, int off, int len, int rowLen) {
        if (!VECTOR_SUMS) {
            SCALAR.softmax(d, off, len, rowLen);
            return;
        }
        float[] acc = new float[2 * SUM_LANES];
        for (int r = off, end = off + len; r < end; r += rowLen) {
            float max = max(d, r, rowLen);
            float sum = expSum(d, r, rowLen, max, acc, true);
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
        float[] acc = new float[2 * SUM_LANES];
        for (int r = off, end = off + len; r < end; r += rowLen) {
            float max = max(d, r, rowLen);
            float lse = (float) Math.log(expSum(d, r, rowLen, max, acc, false));
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

    private static FloatVector expAt(float[] d, int i, float max, boolean store) {
        FloatVector e = exp(FloatVector.fromArray(S, d, i).sub(max));
        if (store) e.intoArray(d, i);
        return e;
    }

    /**
     * Σ exp(x − max) over the row in VecMath's order: value j into partial sum j mod 16, flushed every
     * SUM_BLOCK values (VecMath.accumulate). With {@code store} the row is replaced by the exponentials.
     */
    private static float expSum(float[] d, int r, int n, float max, float[] acc, boolean store) {
        FloatVector a0 = ZERO, a1 = ZERO, a2 = ZERO, a3 = ZERO;
        FloatVector o0 = ZERO, o1 = ZERO, o2 = ZERO, o3 = ZERO;
        int j = 0;
        int full = n & -SUM_LANES;
        while (j < full) {
            for (int bend = Math.min(full, (j & -SUM_BLOCK) + SUM_BLOCK); j < bend; j += SUM_LANES) {
                a0 = a0.add(expAt(d, r + j, max, store));
                if (L <= 8) a1 = a1.add(expAt(d, r + j + L, max, store));
                if (L == 4) {
                    a2 = a2.add(expAt(d, r + j + 8, max, store));
                    a3 = a3.add(expAt(d, r + j + 12, max, store));
                }
            }
            if ((j & (SUM_BLOCK - 1)) == 0) {
                o0 = o0.add(a0);
                a0 = ZERO;
                if (L <= 8) {
                    o1 = o1.add(a1);
                    a1 = ZERO;
                }
                if (L == 4) {
                    o2 = o2.add(a2);
                    a2 = ZERO;
                    o3 = o3.add(a3);
                    a3 = ZERO;
                }
            }
        }
        if (j + L <= n) {
            a0 = a0.add(expAt(d, r + j, max, store));
            j += L;
            if (L == 4 && j + L <= n) {
                a1 = a1.add(expAt(d, r + j, max, store));
                j += L;
                if (j + L <= n) {
                    a2 = a2.add(expAt(d, r + j, max, store));
                    j += L;
                }
            }
        }
        a0.intoArray(acc, 0);
        o0.intoArray(acc, SUM_LANES);
        if (L <= 8) {
            a1.intoArray(acc, L);
            o1.intoArray(acc, SUM_LANES + L);
        }
        if (L == 4) {
            a2.intoArray(acc, 8);
            a3.intoArray(acc, 12);
            o2.intoArray(acc, SUM_LANES + 8);
            o3.intoArray(acc, SUM_LANES + 12);
        }
        for (; j < n; j++) {
            float e = VecMath.exp(d[r + j] - max);
            if (store) d[r + j] = e;
            VecMath.accumulate(acc, j, e);
        }
        return VecMath.total(acc);
    }
}
