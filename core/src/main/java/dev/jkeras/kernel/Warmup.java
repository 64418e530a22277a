// Compiles the hot kernels ahead of the first real call: the Vector API is only fast once C2 has compiled
// it (interpreted, each vector operation allocates), so a short-lived process (the CLI) warms the GEMM
// and depthwise kernels on small inputs in a background thread while it reads the model.
package dev.jkeras.kernel;

import java.util.concurrent.atomic.AtomicBoolean;

/** Background JIT warm-up of the GEMM, convolution and depthwise kernels. */
public final class Warmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Warmup() {}

    /**
     * Starts, once per JVM, a daemon thread that runs each kernel path on small inputs until the JIT
     * has compiled it (a few hundred milliseconds of one core). Returns at once; results are unaffected.
     */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) return;
        Thread t = new Thread(Warmup::run, "jkeras-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Runs the warm-up on this thread. */
    static void run() {
        int m = 40, k = 300, n = 72;
        float[] a = ramp(m * k), b = ramp(k * n), bias = ramp(n), c = new float[m * n];
        MatMul.Packed p = MatMul.pack(b, k, n);
        ActivationFn relu = Activations.relu(0f, null, 0f);
        float[] x = ramp(2 * 9 * 9 * 24), kern = ramp(9 * 24);
        Conv.Geometry geo = Conv.Geometry.of(new int[] {9, 9}, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, Conv.Padding.SAME);
        Conv.Kernel ck = Conv.pack(ramp(9 * 24 * 16), 9, 24, 16, 1);
        float[] y = new float[2 * 81 * 16];
        for (int i = 0; i < 300; i++) {
            MatMul.gemm(m, a, 0, k, p, c, 0, n, bias, 0, relu, false);
            MatMul.gemm(3, a, 0, k, p, c, 0, n, null, 0, null, false);
            MatMul.gemmSerial(m, n, 64, a, 0, k, b, 0, n, c, 0, n);
            Conv.depthwise(x, 2, 24, geo, kern, 1, bias, null);
            Conv.conv(x, 0, 2, 24, geo, ck, null, null, y, 0);
        }
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (i % 17) * 0.01f - 0.08f;
        return v;
    }
}
