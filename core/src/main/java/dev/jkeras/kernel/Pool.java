package dev.jkeras.kernel;

/**
 * 2-D max and average pooling on channels-last data (batch, h, w, c). With {@code same} padding
 * (TensorFlow rule, see {@link Conv.Window}) max pooling treats padding as −∞ and average pooling
 * divides by the number of real (non-padded) elements in each window.
 */
public final class Pool {
    private static final long PARALLEL_WORK = 1L << 18;

    private Pool() {}

    /** Max pooling; returns (batch, outH, outW, c). NaN propagates as in XLA's max. */
    public static float[] maxPool2d(float[] x, int batch, int h, int w, int c, Conv.Window win) {
        return pool(x, batch, h, w, c, win, true);
    }

    /** Average pooling; returns (batch, outH, outW, c). */
    public static float[] avgPool2d(float[] x, int batch, int h, int w, int c, Conv.Window win) {
        return pool(x, batch, h, w, c, win, false);
    }

    private static float[] pool(float[] x, int batch, int h, int w, int c, Conv.Window win, boolean max) {
        int oh = win.outH(h), ow = win.outW(w);
        int pt = win.padTop(h), pl = win.padLeft(w);
        float[] out = new float[batch * oh * ow * c];
        boolean parallel = (long) out.length * win.kh() * win.kw() >= PARALLEL_WORK;
        Parallel.forEach(batch * oh, parallel, row -> {
            int b = row / oh, oy = row - b * oh;
            float[] acc = new float[c];
            for (int ox = 0; ox < ow; ox++) {
                java.util.Arrays.fill(acc, max ? Float.NEGATIVE_INFINITY : 0f);
                int count = 0;
                for (int i = 0; i < win.kh(); i++) {
                    int iy = oy * win.sh() - pt + i * win.dh();
                    if (iy < 0 || iy >= h) continue;
                    for (int j = 0; j < win.kw(); j++) {
                        int ix = ox * win.sw() - pl + j * win.dw();
                        if (ix < 0 || ix >= w) continue;
                        int src = ((b * h + iy) * w + ix) * c;
                        if (max) {
                            for (int k = 0; k < c; k++) acc[k] = Math.max(acc[k], x[src + k]);
                        } else {
                            for (int k = 0; k < c; k++) acc[k] += x[src + k];
                        }
                        count++;
                    }
                }
                int dst = ((b * oh + oy) * ow + ox) * c;
                if (max) {
                    System.arraycopy(acc, 0, out, dst, c);
                } else {
                    float n = count;
                    for (int k = 0; k < c; k++) out[dst + k] = acc[k] / n;
                }
            }
        });
        return out;
    }

    /** Mean over the {@code spatial} positions of (batch, spatial, c) data; returns (batch, c). Sums in double. */
    public static float[] globalAvg(float[] x, int batch, int spatial, int c) {
        float[] out = new float[batch * c];
        double[] acc = new double[c];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(acc, 0.0);
            for (int s = 0; s < spatial; s++) {
                int src = (b * spatial + s) * c;
                for (int k = 0; k < c; k++) acc[k] += x[src + k];
            }
            for (int k = 0; k < c; k++) out[b * c + k] = (float) (acc[k] / spatial);
        }
        return out;
    }
}
