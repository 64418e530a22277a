package dev.jkeras.kernel;

import java.util.Arrays;

/**
 * Max and average pooling on channels-last data (batch, d1..dn, c), n = 1..3: windowed (placement
 * by a {@link Conv.Geometry}), adaptive (Keras 3 / PyTorch bins) and global. Max pooling treats
 * padding as −∞; average pooling divides by the number of real (non-padded) elements in each
 * window, as TensorFlow does for {@code same}.
 */
public final class Pool {
    private static final long PARALLEL_WORK = 1L << 19;

    private Pool() {}

    /** Windowed max pooling; returns (batch, out..., c). NaN propagates as in XLA's max. */
    public static float[] max(float[] x, int batch, int c, Conv.Geometry geo) {
        return pool(x, batch, c, geo, true);
    }

    /** Windowed average pooling; returns (batch, out..., c). */
    public static float[] avg(float[] x, int batch, int c, Conv.Geometry geo) {
        return pool(x, batch, c, geo, false);
    }

    /** 2-D max pooling of (batch, h, w, c); returns (batch, outH, outW, c). */
    public static float[] maxPool2d(float[] x, int batch, int h, int w, int c, Conv.Window win) {
        return pool(x, batch, c, win.geometry(h, w), true);
    }

    /** 2-D average pooling of (batch, h, w, c); returns (batch, outH, outW, c). */
    public static float[] avgPool2d(float[] x, int batch, int h, int w, int c, Conv.Window win) {
        return pool(x, batch, c, win.geometry(h, w), false);
    }

    private static float[] pool(float[] x, int batch, int c, Conv.Geometry geo, boolean max) {
        Conv.Geometry g = geo.as3d();
        int ps = g.outSize();
        int[] o = g.outDims(), k = {g.k(0), g.k(1), g.k(2)};
        float[] out = new float[batch * ps * c];
        if (out.length == 0) return out;
        int rows = batch * o[0] * o[1];
        boolean parallel = (long) out.length * g.kSize() >= PARALLEL_WORK;
        Parallel.forEach(rows, parallel, row -> {
            int b = row / (o[0] * o[1]), rem = row - b * o[0] * o[1];
            int p0 = rem / o[1], p1 = rem - p0 * o[1];
            float[] acc = new float[c];
            for (int p2 = 0; p2 < o[2]; p2++) {
                Arrays.fill(acc, max ? Float.NEGATIVE_INFINITY : 0f);
                int count = 0;
                for (int j0 = 0; j0 < k[0]; j0++) {
                    int z0 = p0 * g.stride(0) - g.padBefore(0) + j0 * g.dilation(0);
                    if (z0 < 0 || z0 >= g.in(0)) continue;
                    for (int j1 = 0; j1 < k[1]; j1++) {
                        int z1 = p1 * g.stride(1) - g.padBefore(1) + j1 * g.dilation(1);
                        if (z1 < 0 || z1 >= g.in(1)) continue;
                        for (int j2 = 0; j2 < k[2]; j2++) {
                            int z2 = p2 * g.stride(2) - g.padBefore(2) + j2 * g.dilation(2);
                            if (z2 < 0 || z2 >= g.in(2)) continue;
                            int src = (((b * g.in(0) + z0) * g.in(1) + z1) * g.in(2) + z2) * c;
                            accumulate(x, src, acc, c, max);
                            count++;
                        }
                    }
                }
                store(acc, out, (row * o[2] + p2) * c, c, max, count);
            }
        });
        return out;
    }

    private static void accumulate(float[] x, int src, float[] acc, int c, boolean max) {
        if (max) {
            VecMath.maxInto(acc, 0, x, src, c);
        } else {
            for (int q = 0; q < c; q++) acc[q] += x[src + q];
        }
    }

    private static void store(float[] acc, float[] out, int dst, int c, boolean max, int count) {
        if (max) {
            System.arraycopy(acc, 0, out, dst, c);
        } else {
            float n = count;
            for (int q = 0; q < c; q++) out[dst + q] = acc[q] / n;
        }
    }

    /**
     * Adaptive pooling of (batch, in..., c) to (batch, out..., c): along an axis of length L with n
     * bins, bin i covers {@code [floor(i·L/n), ceil((i+1)·L/n))} (Keras 3's two-window gather and
     * PyTorch give these bins). Average divides by the bin's element count.
     */
    public static float[] adaptive(float[] x, int batch, int c, int[] in, int[] out, boolean max) {
        int n = in.length, pad = 3 - n;
        int[] i3 = new int[3], o3 = new int[3];
        for (int a = 0; a < 3; a++) {
            i3[a] = a < pad ? 1 : in[a - pad];
            o3[a] = a < pad ? 1 : out[a - pad];
        }
        int[][] start = new int[3][], end = new int[3][];
        for (int a = 0; a < 3; a++) {
            start[a] = new int[o3[a]];
            end[a] = new int[o3[a]];
            for (int i = 0; i < o3[a]; i++) {
                start[a][i] = (int) ((long) i * i3[a] / o3[a]);
                end[a][i] = (int) (((long) (i + 1) * i3[a] + o3[a] - 1) / o3[a]);
            }
        }
        float[] y = new float[batch * o3[0] * o3[1] * o3[2] * c];
        if (y.length == 0) return y;
        int rows = batch * o3[0] * o3[1];
        boolean parallel = (long) batch * i3[0] * i3[1] * i3[2] * c * 2 >= PARALLEL_WORK;
        Parallel.forEach(rows, parallel, row -> {
            int b = row / (o3[0] * o3[1]), rem = row - b * o3[0] * o3[1];
            int p0 = rem / o3[1], p1 = rem - p0 * o3[1];
            float[] acc = new float[c];
            for (int p2 = 0; p2 < o3[2]; p2++) {
                Arrays.fill(acc, max ? Float.NEGATIVE_INFINITY : 0f);
                int count = 0;
                for (int z0 = start[0][p0]; z0 < end[0][p0]; z0++) {
                    for (int z1 = start[1][p1]; z1 < end[1][p1]; z1++) {
                        for (int z2 = start[2][p2]; z2 < end[2][p2]; z2++) {
                            accumulate(x, (((b * i3[0] + z0) * i3[1] + z1) * i3[2] + z2) * c, acc, c, max);
                            count++;
                        }
                    }
                }
                store(acc, y, (row * o3[2] + p2) * c, c, max, count);
            }
        });
        return y;
    }

    /** Mean over the {@code spatial} positions of (batch, spatial, c) data; returns (batch, c). Sums in double. */
    public static float[] globalAvg(float[] x, int batch, int spatial, int c) {
        float[] out = new float[batch * c];
        double[] acc = new double[c];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(acc, 0.0);
            for (int s = 0; s < spatial; s++) {
                int src = (b * spatial + s) * c;
                for (int k = 0; k < c; k++) acc[k] += x[src + k];
            }
            for (int k = 0; k < c; k++) out[b * c + k] = (float) (acc[k] / spatial);
        }
        return out;
    }

    /** Maximum over the {@code spatial} positions of (batch, spatial, c) data; returns (batch, c). */
    public static float[] globalMax(float[] x, int batch, int spatial, int c) {
        float[] out = new float[batch * c];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(out, b * c, (b + 1) * c, Float.NEGATIVE_INFINITY);
            for (int s = 0; s < spatial; s++) {
                int src = (b * spatial + s) * c;
                VecMath.maxInto(out, b * c, x, src, c);
            }
        }
        return out;
    }

    /**
     * Masked mean over the steps of (batch, steps, c) data with a (batch, steps) 0/1 mask:
     * {@code Σ x·m / Σ m} (NaN where every step is masked, as in Keras). Returns (batch, c).
     */
    public static float[] maskedAvg(float[] x, float[] mask, int batch, int steps, int c) {
        float[] out = new float[batch * c];
        double[] acc = new double[c];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(acc, 0.0);
            double m = 0;
            for (int s = 0; s < steps; s++) {
                float w = mask[b * steps + s];
                m += w;
                if (w == 0f) continue;
                int src = (b * steps + s) * c;
                for (int k = 0; k < c; k++) acc[k] += (double) x[src + k] * w;
            }
            for (int k = 0; k < c; k++) out[b * c + k] = (float) (acc[k] / m);
        }
        return out;
    }
}
