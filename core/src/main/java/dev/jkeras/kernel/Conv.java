package dev.jkeras.kernel;

import dev.jkeras.tensor.Shape;

/**
 * 2-D convolution (cross-correlation, no kernel flip) on channels-last data, via im2col + GEMM.
 * Kernel layout is Keras's {@code (kh, kw, C/groups, F)}; group g reads input channels
 * [g·C/G, (g+1)·C/G) and writes output channels [g·F/G, (g+1)·F/G). Padding follows TensorFlow's
 * {@code same} rule (the odd extra row/column goes at the end), see {@link Window}.
 */
public final class Conv {
    /** im2col buffer size per task (floats). */
    private static final int CHUNK_FLOATS = 1 << 18;
    /** Multiply-adds above which convolution runs in parallel. */
    private static final long PARALLEL_WORK = 1L << 18;

    private Conv() {}

    /**
     * A 2-D sliding window: kernel (or pool) size, strides, dilation, and {@code same} vs
     * {@code valid} padding.
     */
    public record Window(int kh, int kw, int sh, int sw, int dh, int dw, boolean same) {
        public Window {
            if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1) {
                throw new IllegalArgumentException("window sizes, strides and dilations must be >= 1: " + this);
            }
        }

        public int outH(int h) {
            return outLength(h, kh, sh, dh, same);
        }

        public int outW(int w) {
            return outLength(w, kw, sw, dw, same);
        }

        public int padTop(int h) {
            return padBefore(h, kh, sh, dh, same);
        }

        public int padLeft(int w) {
            return padBefore(w, kw, sw, dw, same);
        }
    }

    /**
     * Output length along one axis: {@code ceil(len/s)} for same, {@code floor((len − k_eff)/s) + 1}
     * for valid (k_eff = (k−1)·d + 1). {@link Shape#UNKNOWN} stays unknown; a window larger than a
     * valid-padded input gives 0 or less (callers reject it).
     */
    public static int outLength(int len, int k, int s, int d, boolean same) {
        if (len == Shape.UNKNOWN) return Shape.UNKNOWN;
        if (same) return (len + s - 1) / s;
        int keff = (k - 1) * d + 1;
        return len < keff ? 0 : (len - keff) / s + 1;
    }

    /** Padding before the first element: {@code floor(total/2)} for same (TensorFlow rule), 0 for valid. */
    public static int padBefore(int len, int k, int s, int d, boolean same) {
        if (!same) return 0;
        int out = (len + s - 1) / s;
        int total = Math.max((out - 1) * s + (k - 1) * d + 1 - len, 0);
        return total / 2;
    }

    /**
     * Convolution of {@code x} (batch, h, w, c) with {@code kernel} (kh, kw, c/groups, filters); no
     * bias. Returns (batch, outH, outW, filters), row-major.
     */
    public static float[] conv2d(float[] x, int batch, int h, int w, int c, float[] kernel, int filters, int groups,
                                 Window win) {
        int oh = win.outH(h), ow = win.outW(w);
        int pt = win.padTop(h), pl = win.padLeft(w);
        int cg = c / groups, fg = filters / groups;
        int kk = win.kh() * win.kw() * cg;
        int pixels = batch * oh * ow;
        float[] out = new float[pixels * filters];
        if (pixels == 0 || filters == 0) return out;
        if (kk == 0) return out;
        boolean pointwise = win.kh() == 1 && win.kw() == 1 && win.sh() == 1 && win.sw() == 1 && groups == 1;
        if (pointwise) {
            MatMul.gemm(pixels, filters, c, x, 0, c, kernel, 0, filters, out, 0, filters);
            return out;
        }
        int rows = Math.max(1, Math.min(pixels, CHUNK_FLOATS / kk));
        int tasks = (pixels + rows - 1) / rows;
        boolean parallel = (long) pixels * kk * filters >= PARALLEL_WORK;
        Parallel.forEach(tasks, parallel, t -> {
            int r0 = t * rows, r1 = Math.min(pixels, r0 + rows);
            float[] col = new float[(r1 - r0) * kk];
            for (int g = 0; g < groups; g++) {
                im2col(x, h, w, c, win, oh, ow, pt, pl, g * cg, cg, r0, r1, col);
                MatMul.gemmSerial(r1 - r0, fg, kk, col, 0, kk, kernel, g * fg, filters, out, r0 * filters + g * fg, filters);
            }
        });
        return out;
    }

    /** Rows [r0, r1) of the patch matrix for channels [c0, c0+cg): row = output pixel, column = (i, j, channel). */
    private static void im2col(float[] x, int h, int w, int c, Window win, int oh, int ow, int pt, int pl,
                               int c0, int cg, int r0, int r1, float[] col) {
        int kh = win.kh(), kw = win.kw();
        int p = 0;
        for (int r = r0; r < r1; r++) {
            int b = r / (oh * ow), rem = r - b * oh * ow;
            int oy = rem / ow, ox = rem - oy * ow;
            int y0 = oy * win.sh() - pt, x0 = ox * win.sw() - pl;
            for (int i = 0; i < kh; i++) {
                int iy = y0 + i * win.dh();
                boolean rowIn = iy >= 0 && iy < h;
                for (int j = 0; j < kw; j++) {
                    int ix = x0 + j * win.dw();
                    if (rowIn && ix >= 0 && ix < w) {
                        System.arraycopy(x, ((b * h + iy) * w + ix) * c + c0, col, p, cg);
                    } else {
                        java.util.Arrays.fill(col, p, p + cg, 0f);
                    }
                    p += cg;
                }
            }
        }
    }

    /** Direct-loop convolution with the same summation order, kept as the reference for tests. */
    public static float[] conv2dReference(float[] x, int batch, int h, int w, int c, float[] kernel, int filters,
                                          int groups, Window win) {
        int oh = win.outH(h), ow = win.outW(w);
        int pt = win.padTop(h), pl = win.padLeft(w);
        int cg = c / groups, fg = filters / groups;
        float[] out = new float[batch * oh * ow * filters];
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int f = 0; f < filters; f++) {
                        int g = f / fg;
                        float s = 0f;
                        for (int i = 0; i < win.kh(); i++) {
                            for (int j = 0; j < win.kw(); j++) {
                                int iy = oy * win.sh() - pt + i * win.dh();
                                int ix = ox * win.sw() - pl + j * win.dw();
                                boolean in = iy >= 0 && iy < h && ix >= 0 && ix < w;
                                for (int ci = 0; ci < cg; ci++) {
                                    float xv = in ? x[((b * h + iy) * w + ix) * c + g * cg + ci] : 0f;
                                    s += xv * kernel[((i * win.kw() + j) * cg + ci) * filters + f];
                                }
                            }
                        }
                        out[((b * oh + oy) * ow + ox) * filters + f] = s;
                    }
                }
            }
        }
        return out;
    }
}
