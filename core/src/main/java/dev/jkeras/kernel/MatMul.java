package dev.jkeras.kernel;

/**
 * Row-major float32 matrix products {@code C = A·B} with A (m×k), B (k×n), C (m×n), each given as an
 * array, an offset and a row stride (leading dimension). Every C element is a chain of fused
 * multiply-adds over k in increasing order (as Keras's XLA and oneDNN kernels use FMA), so the
 * Vector API kernel, its scalar twin, the reference and any thread count give bit-identical results.
 * A constant B (a layer's weights) can be packed once with {@link #pack}; an optional epilogue adds a
 * bias per column after the sum and applies an elementwise activation while the block is in cache.
 */
public final class MatMul {
    private static final GemmKernel VECTOR = Simd.select("dev.jkeras.kernel.VectorGemm", GemmKernel.class, () -> null);
    /** Rows of C per parallel task. */
    private static final int TASK_ROWS = 96;
    /** Columns of C per parallel task (rounded up to whole panels). */
    private static final int TASK_COLS = 256;
    /** Multiply-adds above which a product runs in parallel (below, waking a helper costs more than it saves). */
    private static final long PARALLEL_WORK = 1L << 19;
    /** Products with fewer multiply-adds than this, or narrower than a quarter panel, use the scalar kernel. */
    private static final long SMALL_WORK = 1L << 11;

    private MatMul() {}

    /** A matrix B (k×n) packed for repeated products; immutable and shareable between threads. */
    public static final class Packed {
        private final int k;
        private final int n;
        private final GemmKernel kernel;
        private final float[] data;

        private Packed(int k, int n, GemmKernel kernel, float[] data) {
            this.k = k;
            this.n = n;
            this.kernel = kernel;
            this.data = data;
        }

        /** Rows. */
        public int k() {
            return k;
        }

        /** Columns. */
        public int n() {
            return n;
        }

        /**
         * Multiplies column j by {@code scale[j]} in place: for folding a per-channel scale into
         * weights while a model is built, before anything else can see this matrix.
         */
        public void scaleColumns(float[] scale) {
            if (scale.length != n) throw new IllegalArgumentException(scale.length + " scales for " + n + " columns");
            kernel.scaleColumns(data, k, n, scale);
        }
    }

    /** Packs {@code b} (k×n, row stride {@code ldb}, from {@code bOff}) for {@link #gemm(int, float[], int, int, Packed, float[], int, int, float[], ActivationFn)}. */
    public static Packed pack(float[] b, int bOff, int ldb, int k, int n) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("negative size " + k + "x" + n);
        GemmKernel kernel = kernelFor(n);
        return new Packed(k, n, kernel, kernel.pack(b, bOff, ldb, k, n));
    }

    /** Packs a dense row-major k×n matrix. */
    public static Packed pack(float[] b, int k, int n) {
        return pack(b, 0, n, k, n);
    }

    private static GemmKernel kernelFor(int n) {
        return VECTOR != null && 4 * n >= VECTOR.nr() ? VECTOR : new ScalarGemm(n, 0);
    }

    /**
     * True if {@code act} can be applied by a kernel epilogue: elementwise (not softmax-like or glu)
     * and not linear.
     */
    public static boolean fusable(ActivationFn act) {
        return act != null && !act.isIdentity() && act.inPlaceCapable() && !act.kind().alongAxis();
    }

    /** {@code a(m×k) · b(k×n)}, dense row-major, as a new array. */
    public static float[] matmul(float[] a, float[] b, int m, int k, int n) {
        float[] c = new float[m * n];
        gemm(m, n, k, a, 0, k, b, 0, n, c, 0, n);
        return c;
    }

    /** {@code C = A·B} (C overwritten), in parallel for large products. */
    public static void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc) {
        run(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, true);
    }

    /** {@code C = A·B} on the calling thread (for callers that parallelize at a coarser level). */
    public static void gemmSerial(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float[] c, int cOff, int ldc) {
        run(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false);
    }

    private static void run(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
                            int cOff, int ldc, boolean parallel) {
        if (m <= 0 || n <= 0) return;
        GemmKernel kernel = kernelFor(n);
        if (kernel instanceof ScalarGemm || (long) m * n * k < SMALL_WORK) {
            // the scalar kernel reads B in place
            product(m, a, aOff, lda, new Packed(k, n, new ScalarGemm(ldb, bOff), b), c, cOff, ldc, null, 0, null, parallel);
            return;
        }
        // a B packed per call lives in a recycled buffer
        float[] buf = Buffers.take(kernel.packedSize(k, n));
        product(m, a, aOff, lda, new Packed(k, n, kernel, kernel.pack(b, bOff, ldb, k, n, buf)), c, cOff, ldc, null, 0, null, parallel);
        Buffers.recycle(buf);
    }

    /**
     * {@code C = act(A·B + bias)} with B packed: C (m×n, row stride ldc) overwritten; {@code bias}
     * (length n) and {@code act} (elementwise: {@link ActivationFn#inPlaceCapable()} and not
     * along an axis) may be null. In parallel for large products.
     */
    public static void gemm(int m, float[] a, int aOff, int lda, Packed b, float[] c, int cOff, int ldc, float[] bias,
                            ActivationFn act) {
        gemm(m, a, aOff, lda, b, c, cOff, ldc, bias, 0, act, true);
    }

    /** As {@link #gemm(int, float[], int, int, Packed, float[], int, int, float[], ActivationFn)}, with the bias from {@code biasOff}, in parallel only if asked. */
    public static void gemm(int m, float[] a, int aOff, int lda, Packed b, float[] c, int cOff, int ldc, float[] bias,
                            int biasOff, ActivationFn act, boolean parallel) {
        if (act != null && !act.isIdentity() && !fusable(act)) {
            throw new IllegalArgumentException("not an elementwise activation: " + act.name());
        }
        if (m <= 0 || b.n <= 0) return;
        product(m, a, aOff, lda, b, c, cOff, ldc, bias, biasOff, act, parallel);
    }

    private static void product(int m, float[] a, int aOff, int lda, Packed b, float[] c, int cOff, int ldc, float[] bias,
                                int biasOff, ActivationFn act, boolean parallel) {
        int k = b.k, n = b.n;
        boolean linear = act == null || act.isIdentity();
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) c[ci + j] = bias == null ? 0f : bias[biasOff + j];
                if (!linear) act.applyInPlace(c, ci, n, n);
            }
            return;
        }
        GemmKernel kernel = b.kernel;
        float[] bp = b.data;
        int nr = kernel.align();
        int cols = (TASK_COLS + nr - 1) / nr * nr;
        int tm = (m + TASK_ROWS - 1) / TASK_ROWS, tn = (n + cols - 1) / cols;
        boolean par = parallel && (long) m * n * k >= PARALLEL_WORK;
        Parallel.forEach(tm * tn, par, t -> {
            // column blocks outermost: one block of B stays in L2 while the row blocks pass
            int i0 = (t % tm) * TASK_ROWS, i1 = Math.min(m, i0 + TASK_ROWS);
            int j0 = (t / tm) * cols, j1 = Math.min(n, j0 + cols);
            kernel.block(i0, i1, j0, j1, k, n, a, aOff, lda, bp, c, cOff, ldc, bias, biasOff);
            if (!linear) {
                for (int i = i0; i < i1; i++) act.applyInPlace(c, cOff + i * ldc + j0, j1 - j0, j1 - j0);
            }
        });
    }

    /**
     * The plain triple loop, kept as the reference the fast kernels are tested against: each element is a sum of
     * blocks of {@link GemmKernel#SUM_BLOCK} k steps, each block a fused multiply-add chain in k order from zero.
     */
    public static void gemmReference(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                     float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p0 = 0; p0 < k; p0 += GemmKernel.SUM_BLOCK) {
                    float block = 0f;
                    for (int p = p0; p < Math.min(k, p0 + GemmKernel.SUM_BLOCK); p++) {
                        block = Math.fma(a[aOff + i * lda + p], b[bOff + p * ldb + j], block);
                    }
                    s += block;
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }
}
