// The Vector API GEMM: B packed in panels of two vectors' width, A packed per block in strips of MR rows (8 with
// 512-bit vectors, else 6), an MR×(2 vectors) register tile of fused multiply-adds in increasing k order.
// Loaded only when jdk.incubator.vector is present (Simd); its results equal ScalarGemm's bit for bit.
package dev.jkeras.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** GEMM blocks with the JDK Vector API at the platform's preferred width. */
final class VectorGemm extends GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 2 * L;
    /** Rows per register tile: 8×2 accumulators fit AVX-512's 32 vector registers, 6×2 AVX2's 16. */
    private static final int MR = L >= 16 ? 8 : 6;
    private static final int KC = SUM_BLOCK;
    /** Rows of A packed at once (a multiple of MR). */
    private static final int MC = 96;
    private static final float[] ZEROS = new float[MR * NR];

    /** Public for {@link Simd#select}. */
    public VectorGemm() {}

    @Override
    int nr() {
        return NR;
    }

    @Override
    int kc() {
        return KC;
    }

    @Override
    void block(int i0, int i1, int j0, int j1, int k, int n, float[] a, int aOff, int lda, float[] bp, float[] c, int cOff,
               int ldc, float[] bias, int biasOff) {
        float[] ap = Scratch.floats(Scratch.PACK_A, MC * KC), tile = Scratch.floats(Scratch.TILE, MR * NR + NR);
        float[] ct = tile, bt = tile; // the edge tile in [0, MR·NR), its bias after it
        int btOff = MR * NR;
        int np = (n + NR - 1) / NR;
        for (int m0 = i0; m0 < i1; m0 += MC) {
            int m1 = Math.min(i1, m0 + MC);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kcb = Math.min(KC, k - p0);
                boolean first = p0 == 0, last = p0 + kcb >= k;
                packA(a, aOff, lda, m0, m1, p0, kcb, ap);
                int base = p0 * np * NR;
                // a last strip of one or two rows goes through row kernels, four panels at a time
                int thin = (m1 - m0) % MR > 2 ? 0 : (m1 - m0) % MR;
                int full = m1 - thin;
                for (int jp = j0 / NR; jp * NR < j1; jp++) {
                    int col = jp * NR, cols = Math.min(NR, j1 - col);
                    int bo = base + jp * kcb * NR;
                    float[] bb = last ? bias : null;
                    int bbo = biasOff + col;
                    if (bb != null && cols < NR) {
                        System.arraycopy(bias, bbo, bt, btOff, cols);
                        bb = bt;
                        bbo = btOff;
                    }
                    for (int s0 = m0; s0 < full; s0 += MR) {
                        int rows = Math.min(MR, full - s0);
                        int ao = (s0 - m0) * kcb;
                        int co = cOff + s0 * ldc + col;
                        if (rows == MR && cols == NR) {
                            if (first) tile(kcb, ap, ao, bp, bo, ZEROS, 0, NR, c, co, ldc, bb, bbo);
                            else tile(kcb, ap, ao, bp, bo, c, co, ldc, c, co, ldc, bb, bbo);
                        } else {
                            // a partial tile runs the full kernel on a copy (A's missing rows are packed as zeros)
                            if (first) Arrays.fill(ct, 0, MR * NR, 0f);
                            else for (int r = 0; r < rows; r++) System.arraycopy(c, co + r * ldc, ct, r * NR, cols);
                            tile(kcb, ap, ao, bp, bo, ct, 0, NR, ct, 0, NR, bb, bbo);
                            for (int r = 0; r < rows; r++) System.arraycopy(ct, r * NR, c, co + r * ldc, cols);
                        }
                    }
                }
                for (int r = 0; r < thin; r++) {
                    int ao = (full - m0) * kcb + r, crow = cOff + (full + r) * ldc;
                    int jp = j0 / NR;
                    for (; (jp + 4) * NR <= j1; jp += 4) {
                        int col = jp * NR, bo = base + jp * kcb * NR;
                        float[] bb = last ? bias : null;
                        if (first) row4(kcb, ap, ao, bp, bo, kcb * NR, ZEROS, 0, c, crow + col, bb, biasOff + col);
                        else row4(kcb, ap, ao, bp, bo, kcb * NR, c, crow + col, c, crow + col, bb, biasOff + col);
                    }
                    for (; jp * NR < j1; jp++) {
                        int col = jp * NR, cols = Math.min(NR, j1 - col), bo = base + jp * kcb * NR;
                        float[] bb = last ? bias : null;
                        int bbo = biasOff + col;
                        if (cols == NR) {
                            if (first) row(kcb, ap, ao, bp, bo, ZEROS, 0, c, crow + col, bb, bbo);
                            else row(kcb, ap, ao, bp, bo, c, crow + col, c, crow + col, bb, bbo);
                        } else {
                            if (bb != null) {
                                System.arraycopy(bias, bbo, bt, btOff, cols);
                                bb = bt;
                                bbo = btOff;
                            }
                            if (first) Arrays.fill(ct, 0, NR, 0f);
                            else System.arraycopy(c, crow + col, ct, 0, cols);
                            row(kcb, ap, ao, bp, bo, ct, 0, ct, 0, bb, bbo);
                            System.arraycopy(ct, 0, c, crow + col, cols);
                        }
                    }
                }
            }
        }
    }

    /** A[m0..m1) × [p0, p0+kc) into strips of MR rows, each stored k-major (MR values per k), zero-padded. */
    private static void packA(float[] a, int aOff, int lda, int m0, int m1, int p0, int kc, float[] ap) {
        for (int s0 = m0; s0 < m1; s0 += MR) {
            int rows = Math.min(MR, m1 - s0);
            int dst = (s0 - m0) * kc;
            for (int r = 0; r < rows; r++) {
                int src = aOff + (s0 + r) * lda + p0;
                for (int q = 0, d = dst + r; q < kc; q++, d += MR) ap[d] = a[src + q];
            }
            for (int r = rows; r < MR; r++) {
                for (int q = 0, d = dst + r; q < kc; q++, d += MR) ap[d] = 0f;
            }
        }
    }

    /**
     * The MR×NR register tile: C = (src tile + A strip · B panel over kc steps) (+ bias). The dot product
     * of the block starts from zero and is added to {@code src} (C itself, or zeros for the first k block)
     * at the end: blocked summation, whose rounding error grows with k/KC + KC instead of k.
     */
    private static void tile(int kc, float[] ap, int ao, float[] bp, int bo, float[] src, int so, int lds, float[] c, int co,
                             int ldc, float[] bias, int biasOff) {
        if (MR == 8) tile8(kc, ap, ao, bp, bo, src, so, lds, c, co, ldc, bias, biasOff);
        else tile6(kc, ap, ao, bp, bo, src, so, lds, c, co, ldc, bias, biasOff);
    }

    /** {@link #tile} for MR = 8. */
    private static void tile8(int kc, float[] ap, int ao, float[] bp, int bo, float[] src, int so, int lds, float[] c, int co,
                              int ldc, float[] bias, int biasOff) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0; p < kc; p++, ao += 8, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ao + 0]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ao + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ao + 6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ao + 7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        if (bias == null) {
            c00.add(FloatVector.fromArray(S, src, so + 0 * lds)).intoArray(c, co + 0 * ldc); c01.add(FloatVector.fromArray(S, src, so + 0 * lds + L)).intoArray(c, co + 0 * ldc + L);
            c10.add(FloatVector.fromArray(S, src, so + 1 * lds)).intoArray(c, co + 1 * ldc); c11.add(FloatVector.fromArray(S, src, so + 1 * lds + L)).intoArray(c, co + 1 * ldc + L);
            c20.add(FloatVector.fromArray(S, src, so + 2 * lds)).intoArray(c, co + 2 * ldc); c21.add(FloatVector.fromArray(S, src, so + 2 * lds + L)).intoArray(c, co + 2 * ldc + L);
            c30.add(FloatVector.fromArray(S, src, so + 3 * lds)).intoArray(c, co + 3 * ldc); c31.add(FloatVector.fromArray(S, src, so + 3 * lds + L)).intoArray(c, co + 3 * ldc + L);
            c40.add(FloatVector.fromArray(S, src, so + 4 * lds)).intoArray(c, co + 4 * ldc); c41.add(FloatVector.fromArray(S, src, so + 4 * lds + L)).intoArray(c, co + 4 * ldc + L);
            c50.add(FloatVector.fromArray(S, src, so + 5 * lds)).intoArray(c, co + 5 * ldc); c51.add(FloatVector.fromArray(S, src, so + 5 * lds + L)).intoArray(c, co + 5 * ldc + L);
            c60.add(FloatVector.fromArray(S, src, so + 6 * lds)).intoArray(c, co + 6 * ldc); c61.add(FloatVector.fromArray(S, src, so + 6 * lds + L)).intoArray(c, co + 6 * ldc + L);
            c70.add(FloatVector.fromArray(S, src, so + 7 * lds)).intoArray(c, co + 7 * ldc); c71.add(FloatVector.fromArray(S, src, so + 7 * lds + L)).intoArray(c, co + 7 * ldc + L);
        } else {
            FloatVector bv0 = FloatVector.fromArray(S, bias, biasOff), bv1 = FloatVector.fromArray(S, bias, biasOff + L);
            c00.add(FloatVector.fromArray(S, src, so + 0 * lds)).add(bv0).intoArray(c, co + 0 * ldc); c01.add(FloatVector.fromArray(S, src, so + 0 * lds + L)).add(bv1).intoArray(c, co + 0 * ldc + L);
            c10.add(FloatVector.fromArray(S, src, so + 1 * lds)).add(bv0).intoArray(c, co + 1 * ldc); c11.add(FloatVector.fromArray(S, src, so + 1 * lds + L)).add(bv1).intoArray(c, co + 1 * ldc + L);
            c20.add(FloatVector.fromArray(S, src, so + 2 * lds)).add(bv0).intoArray(c, co + 2 * ldc); c21.add(FloatVector.fromArray(S, src, so + 2 * lds + L)).add(bv1).intoArray(c, co + 2 * ldc + L);
            c30.add(FloatVector.fromArray(S, src, so + 3 * lds)).add(bv0).intoArray(c, co + 3 * ldc); c31.add(FloatVector.fromArray(S, src, so + 3 * lds + L)).add(bv1).intoArray(c, co + 3 * ldc + L);
            c40.add(FloatVector.fromArray(S, src, so + 4 * lds)).add(bv0).intoArray(c, co + 4 * ldc); c41.add(FloatVector.fromArray(S, src, so + 4 * lds + L)).add(bv1).intoArray(c, co + 4 * ldc + L);
            c50.add(FloatVector.fromArray(S, src, so + 5 * lds)).add(bv0).intoArray(c, co + 5 * ldc); c51.add(FloatVector.fromArray(S, src, so + 5 * lds + L)).add(bv1).intoArray(c, co + 5 * ldc + L);
            c60.add(FloatVector.fromArray(S, src, so + 6 * lds)).add(bv0).intoArray(c, co + 6 * ldc); c61.add(FloatVector.fromArray(S, src, so + 6 * lds + L)).add(bv1).intoArray(c, co + 6 * ldc + L);
            c70.add(FloatVector.fromArray(S, src, so + 7 * lds)).add(bv0).intoArray(c, co + 7 * ldc); c71.add(FloatVector.fromArray(S, src, so + 7 * lds + L)).add(bv1).intoArray(c, co + 7 * ldc + L);
        }
    }

    /** {@link #tile} for MR = 6. */
    private static void tile6(int kc, float[] ap, int ao, float[] bp, int bo, float[] src, int so, int lds, float[] c, int co,
                              int ldc, float[] bias, int biasOff) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0; p < kc; p++, ao += 6, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ao + 0]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ao + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
        }
        if (bias == null) {
            c00.add(FloatVector.fromArray(S, src, so + 0 * lds)).intoArray(c, co + 0 * ldc); c01.add(FloatVector.fromArray(S, src, so + 0 * lds + L)).intoArray(c, co + 0 * ldc + L);
            c10.add(FloatVector.fromArray(S, src, so + 1 * lds)).intoArray(c, co + 1 * ldc); c11.add(FloatVector.fromArray(S, src, so + 1 * lds + L)).intoArray(c, co + 1 * ldc + L);
            c20.add(FloatVector.fromArray(S, src, so + 2 * lds)).intoArray(c, co + 2 * ldc); c21.add(FloatVector.fromArray(S, src, so + 2 * lds + L)).intoArray(c, co + 2 * ldc + L);
            c30.add(FloatVector.fromArray(S, src, so + 3 * lds)).intoArray(c, co + 3 * ldc); c31.add(FloatVector.fromArray(S, src, so + 3 * lds + L)).intoArray(c, co + 3 * ldc + L);
            c40.add(FloatVector.fromArray(S, src, so + 4 * lds)).intoArray(c, co + 4 * ldc); c41.add(FloatVector.fromArray(S, src, so + 4 * lds + L)).intoArray(c, co + 4 * ldc + L);
            c50.add(FloatVector.fromArray(S, src, so + 5 * lds)).intoArray(c, co + 5 * ldc); c51.add(FloatVector.fromArray(S, src, so + 5 * lds + L)).intoArray(c, co + 5 * ldc + L);
        } else {
            FloatVector bv0 = FloatVector.fromArray(S, bias, biasOff), bv1 = FloatVector.fromArray(S, bias, biasOff + L);
            c00.add(FloatVector.fromArray(S, src, so + 0 * lds)).add(bv0).intoArray(c, co + 0 * ldc); c01.add(FloatVector.fromArray(S, src, so + 0 * lds + L)).add(bv1).intoArray(c, co + 0 * ldc + L);
            c10.add(FloatVector.fromArray(S, src, so + 1 * lds)).add(bv0).intoArray(c, co + 1 * ldc); c11.add(FloatVector.fromArray(S, src, so + 1 * lds + L)).add(bv1).intoArray(c, co + 1 * ldc + L);
            c20.add(FloatVector.fromArray(S, src, so + 2 * lds)).add(bv0).intoArray(c, co + 2 * ldc); c21.add(FloatVector.fromArray(S, src, so + 2 * lds + L)).add(bv1).intoArray(c, co + 2 * ldc + L);
            c30.add(FloatVector.fromArray(S, src, so + 3 * lds)).add(bv0).intoArray(c, co + 3 * ldc); c31.add(FloatVector.fromArray(S, src, so + 3 * lds + L)).add(bv1).intoArray(c, co + 3 * ldc + L);
            c40.add(FloatVector.fromArray(S, src, so + 4 * lds)).add(bv0).intoArray(c, co + 4 * ldc); c41.add(FloatVector.fromArray(S, src, so + 4 * lds + L)).add(bv1).intoArray(c, co + 4 * ldc + L);
            c50.add(FloatVector.fromArray(S, src, so + 5 * lds)).add(bv0).intoArray(c, co + 5 * ldc); c51.add(FloatVector.fromArray(S, src, so + 5 * lds + L)).add(bv1).intoArray(c, co + 5 * ldc + L);
        }
    }

    /** One row of C against four adjacent B panels ({@code ps} floats apart): eight independent chains hide the FMA latency. */
    private static void row4(int kc, float[] ap, int ao, float[] bp, int bo, int ps, float[] src, int so, float[] c, int co,
                             float[] bias, int biasOff) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z,
                c2 = z, c3 = z,
                c4 = z, c5 = z,
                c6 = z, c7 = z;
        int b1 = ps, b2 = 2 * ps, b3 = 3 * ps;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            FloatVector a = FloatVector.broadcast(S, ap[ao]);
            c0 = a.fma(FloatVector.fromArray(S, bp, bo), c0);
            c1 = a.fma(FloatVector.fromArray(S, bp, bo + L), c1);
            c2 = a.fma(FloatVector.fromArray(S, bp, bo + b1), c2);
            c3 = a.fma(FloatVector.fromArray(S, bp, bo + b1 + L), c3);
            c4 = a.fma(FloatVector.fromArray(S, bp, bo + b2), c4);
            c5 = a.fma(FloatVector.fromArray(S, bp, bo + b2 + L), c5);
            c6 = a.fma(FloatVector.fromArray(S, bp, bo + b3), c6);
            c7 = a.fma(FloatVector.fromArray(S, bp, bo + b3 + L), c7);
        }
        if (bias == null) {
            c0.add(FloatVector.fromArray(S, src, so)).intoArray(c, co);
            c1.add(FloatVector.fromArray(S, src, so + L)).intoArray(c, co + L);
            c2.add(FloatVector.fromArray(S, src, so + 2 * L)).intoArray(c, co + 2 * L);
            c3.add(FloatVector.fromArray(S, src, so + 3 * L)).intoArray(c, co + 3 * L);
            c4.add(FloatVector.fromArray(S, src, so + 4 * L)).intoArray(c, co + 4 * L);
            c5.add(FloatVector.fromArray(S, src, so + 5 * L)).intoArray(c, co + 5 * L);
            c6.add(FloatVector.fromArray(S, src, so + 6 * L)).intoArray(c, co + 6 * L);
            c7.add(FloatVector.fromArray(S, src, so + 7 * L)).intoArray(c, co + 7 * L);
        } else {
            c0.add(FloatVector.fromArray(S, src, so)).add(FloatVector.fromArray(S, bias, biasOff)).intoArray(c, co);
            c1.add(FloatVector.fromArray(S, src, so + L)).add(FloatVector.fromArray(S, bias, biasOff + L)).intoArray(c, co + L);
            c2.add(FloatVector.fromArray(S, src, so + 2 * L)).add(FloatVector.fromArray(S, bias, biasOff + 2 * L)).intoArray(c, co + 2 * L);
            c3.add(FloatVector.fromArray(S, src, so + 3 * L)).add(FloatVector.fromArray(S, bias, biasOff + 3 * L)).intoArray(c, co + 3 * L);
            c4.add(FloatVector.fromArray(S, src, so + 4 * L)).add(FloatVector.fromArray(S, bias, biasOff + 4 * L)).intoArray(c, co + 4 * L);
            c5.add(FloatVector.fromArray(S, src, so + 5 * L)).add(FloatVector.fromArray(S, bias, biasOff + 5 * L)).intoArray(c, co + 5 * L);
            c6.add(FloatVector.fromArray(S, src, so + 6 * L)).add(FloatVector.fromArray(S, bias, biasOff + 6 * L)).intoArray(c, co + 6 * L);
            c7.add(FloatVector.fromArray(S, src, so + 7 * L)).add(FloatVector.fromArray(S, bias, biasOff + 7 * L)).intoArray(c, co + 7 * L);
        }
    }

    /** One row of C (its A values at stride MR in the packed strip) against one B panel; start values as in {@link #tile}. */
    private static void row(int kc, float[] ap, int ao, float[] bp, int bo, float[] src, int so, float[] c, int co, float[] bias,
                            int biasOff) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            FloatVector a = FloatVector.broadcast(S, ap[ao]);
            c0 = a.fma(FloatVector.fromArray(S, bp, bo), c0);
            c1 = a.fma(FloatVector.fromArray(S, bp, bo + L), c1);
        }
        if (bias == null) {
            c0.add(FloatVector.fromArray(S, src, so)).intoArray(c, co);
            c1.add(FloatVector.fromArray(S, src, so + L)).intoArray(c, co + L);
        } else {
            c0.add(FloatVector.fromArray(S, src, so)).add(FloatVector.fromArray(S, bias, biasOff)).intoArray(c, co);
            c1.add(FloatVector.fromArray(S, src, so + L)).add(FloatVector.fromArray(S, bias, biasOff + L)).intoArray(c, co + L);
        }
    }
}
