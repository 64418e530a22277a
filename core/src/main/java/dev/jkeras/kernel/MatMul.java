package dev.jkeras.kernel;

/**
 * Row-major float32 matrix products {@code C = A·B} with A (m×k), B (k×n), C (m×n), each given as an
 * array, an offset and a row stride (leading dimension). Every C element is summed over k in
 * increasing order in float32, so the blocked kernel, the reference kernel and any thread count
 * give bit-identical results.
 */
public final class MatMul {
    /** Columns of B per block: one C row segment and one B row segment stay in L1. */
    private static final int NC = 512;
    /** Rows of B per block: a KC×NC block of B stays in L2. */
    private static final int KC = 128;
    /** Rows of C per parallel task. */
    private static final int MC = 32;
    /** Multiply-adds above which {@link #gemm} runs in parallel. */
    private static final long PARALLEL_WORK = 1L << 18;

    private MatMul() {}

    /** {@code a(m×k) · b(k×n)}, dense row-major, as a new array. */
    public static float[] matmul(float[] a, float[] b, int m, int k, int n) {
        float[] c = new float[m * n];
        gemm(m, n, k, a, 0, k, b, 0, n, c, 0, n);
        return c;
    }

    /** {@code C = A·B} (C overwritten), in parallel for large products. */
    public static void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc) {
        int tasks = (m + MC - 1) / MC;
        boolean parallel = (long) m * n * k >= PARALLEL_WORK;
        Parallel.forEach(tasks, parallel, t -> {
            int i0 = t * MC, i1 = Math.min(m, i0 + MC);
            gemmRows(i0, i1, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        });
    }

    /** {@code C = A·B} on the calling thread (for callers that parallelize at a coarser level). */
    public static void gemmSerial(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float[] c, int cOff, int ldc) {
        gemmRows(0, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /** Rows [i0, i1) of C, blocked over k and n; the inner loop is an axpy over a C row segment. */
    private static void gemmRows(int i0, int i1, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                                 int ldb, float[] c, int cOff, int ldc) {
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[ci + j] = 0f;
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int p1 = Math.min(k, p0 + KC);
            for (int j0 = 0; j0 < n; j0 += NC) {
                int j1 = Math.min(n, j0 + NC);
                for (int i = i0; i < i1; i++) {
                    int ai = aOff + i * lda;
                    int ci = cOff + i * ldc;
                    int p = p0;
                    // Four k-steps per pass; the adds stay in k order, so rounding equals the plain loop's.
                    for (; p + 3 < p1; p += 4) {
                        float a0 = a[ai + p], a1 = a[ai + p + 1], a2 = a[ai + p + 2], a3 = a[ai + p + 3];
                        int b0 = bOff + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] = c[ci + j] + a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                        }
                    }
                    for (; p < p1; p++) {
                        float av = a[ai + p];
                        int bp = bOff + p * ldb;
                        for (int j = j0; j < j1; j++) c[ci + j] += av * b[bp + j];
                    }
                }
            }
        }
    }

    /** The plain triple loop, kept as the reference the fast kernel is tested against. */
    public static void gemmReference(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                     float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s += a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                c[cOff + i * ldc + j] = s;
            }
        }
    }
}
