// One GEMM backend (Vector API or scalar twin): how it packs B and how it computes a block of C.
// Every C element is a sum of blocks of SUM_BLOCK k steps, each block a chain of fused multiply-adds in
// increasing k order started from zero, so all backends agree bit for bit.
package dev.jkeras.kernel;

import java.util.Arrays;

/** A GEMM micro-architecture: panel width, block sizes and the block kernel. */
abstract class GemmKernel {
    /**
     * k steps per partial sum: C accumulates blocks of this many products, each summed from zero (blocked
     * summation keeps float32 rounding error near the level of Keras's own BLAS-backed kernels on long sums).
     */
    static final int SUM_BLOCK = 256;

    /** Columns per packed B panel. */
    abstract int nr();

    /** The column granularity of {@link #block}: its {@code j0} is a multiple of this. */
    int align() {
        return nr();
    }

    /** Rows of B per packed block (k blocking). */
    abstract int kc();

    /**
     * Packs {@code b} (k×n, row stride {@code ldb}) into blocks of {@link #kc()} rows, each split into
     * panels of {@link #nr()} columns, each panel row-major and zero-padded to {@code nr} columns.
     */
    final float[] pack(float[] b, int bOff, int ldb, int k, int n) {
        return pack(b, bOff, ldb, k, n, new float[packedSize(k, n)]);
    }

    /** Floats that {@link #pack} needs for a k×n matrix. */
    final int packedSize(int k, int n) {
        int nr = nr();
        return Math.multiplyExact(k, (n + nr - 1) / nr * nr);
    }

    /** {@link #pack} into {@code p} (at least {@link #packedSize} floats; every packed entry, padding included, is written). */
    final float[] pack(float[] b, int bOff, int ldb, int k, int n, float[] p) {
        int nr = nr(), kc = kc();
        int np = (n + nr - 1) / nr;
        for (int p0 = 0; p0 < k; p0 += kc) {
            int kcb = Math.min(kc, k - p0);
            for (int jp = 0; jp < np; jp++) {
                int dst = p0 * np * nr + jp * kcb * nr;
                int j0 = jp * nr, w = Math.min(nr, n - j0);
                for (int q = 0; q < kcb; q++) {
                    System.arraycopy(b, bOff + (p0 + q) * ldb + j0, p, dst + q * nr, w);
                    if (w < nr) Arrays.fill(p, dst + q * nr + w, dst + (q + 1) * nr, 0f);
                }
            }
        }
        return p;
    }

    /** Multiplies column j of the matrix packed in {@code p} (k×n) by {@code scale[j]}, in place. */
    final void scaleColumns(float[] p, int k, int n, float[] scale) {
        int nr = nr(), kc = kc();
        int np = (n + nr - 1) / nr;
        for (int p0 = 0; p0 < k; p0 += kc) {
            int kcb = Math.min(kc, k - p0);
            for (int jp = 0; jp < np; jp++) {
                int base = p0 * np * nr + jp * kcb * nr;
                int j0 = jp * nr, w = Math.min(nr, n - j0);
                for (int q = 0; q < kcb; q++) {
                    for (int j = 0; j < w; j++) p[base + q * nr + j] *= scale[j0 + j];
                }
            }
        }
    }

    /**
     * {@code C[i0..i1) × [j0..j1) = A·B (+ bias[biasOff + j])}, with B packed by {@link #pack}
     * ({@code n} columns in all); {@code j0} is a multiple of {@link #align()}; {@code k} ≥ 1.
     */
    abstract void block(int i0, int i1, int j0, int j1, int k, int n, float[] a, int aOff, int lda, float[] bp,
                        float[] c, int cOff, int ldc, float[] bias, int biasOff);
}
