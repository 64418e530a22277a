// The plain GEMM twin: a row-by-row axpy over a row-major B with Math.fma in increasing k order, summed in
// blocks of SUM_BLOCK k steps that are added to C (as the vector kernel's k blocks are).
// Used when the Vector API is absent, and as the reference the vector kernel is tested against.
package dev.jkeras.kernel;

/** Scalar GEMM: B "packed" as one row-major panel; C rows are built by fused axpys. */
final class ScalarGemm extends GemmKernel {
    /** Columns per C row segment: one C segment and four B row segments stay in L1. */
    private static final int NC = 512;
    private final int ldb;
    private final int bOff;

    /** A kernel reading B from {@code bOff} with row stride {@code ldb} (a packed B: {@code n}, 0). */
    ScalarGemm(int ldb, int bOff) {
        this.ldb = Math.max(1, ldb);
        this.bOff = bOff;
    }

    @Override
    int nr() {
        return ldb;
    }

    @Override
    int align() {
        return 1;
    }

    @Override
    int kc() {
        return Integer.MAX_VALUE;
    }

    @Override
    void block(int i0, int i1, int j0, int j1, int k, int n, float[] a, int aOff, int lda, float[] b, float[] c, int cOff,
               int ldc, float[] bias, int biasOff) {
        float[] acc = Scratch.floats(Scratch.TILE, NC);
        for (int s0 = j0; s0 < j1; s0 += NC) {
            int s1 = Math.min(j1, s0 + NC), w = s1 - s0;
            for (int i = i0; i < i1; i++) {
                int ai = aOff + i * lda, ci = cOff + i * ldc;
                for (int j = s0; j < s1; j++) c[ci + j] = 0f;
                for (int p0 = 0; p0 < k; p0 += SUM_BLOCK) {
                    int p1 = Math.min(k, p0 + SUM_BLOCK);
                    for (int j = 0; j < w; j++) acc[j] = 0f;
                    int p = p0;
                    for (; p + 3 < p1; p += 4) {
                        float a0 = a[ai + p], a1 = a[ai + p + 1], a2 = a[ai + p + 2], a3 = a[ai + p + 3];
                        int b0 = bOff + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                        for (int j = s0; j < s1; j++) {
                            acc[j - s0] = Math.fma(a3, b[b3 + j], Math.fma(a2, b[b2 + j], Math.fma(a1, b[b1 + j], Math.fma(a0, b[b0 + j], acc[j - s0]))));
                        }
                    }
                    for (; p < p1; p++) {
                        float av = a[ai + p];
                        int bp = bOff + p * ldb;
                        for (int j = s0; j < s1; j++) acc[j - s0] = Math.fma(av, b[bp + j], acc[j - s0]);
                    }
                    for (int j = s0; j < s1; j++) c[ci + j] += acc[j - s0];
                }
                if (bias != null) {
                    for (int j = s0; j < s1; j++) c[ci + j] += bias[biasOff + j];
                }
            }
        }
    }
}
