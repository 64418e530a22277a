// One output pixel of a depthwise convolution with multiplier 1: for each channel, a fused multiply-add
// chain over the window's in-bounds taps in window order, then + bias. The scalar twin and the Vector API
// kernel (DepthwiseVector) give bit-identical results.
package dev.jkeras.kernel;

/** The per-pixel depthwise kernel. */
class DepthwiseKernel {
    /**
     * {@code out[dst + ci] = Σ_t x[src[t] + ci]·k[kOff[t] + ci] (+ bias[ci])} for ci &lt; c, the sum a
     * fused multiply-add chain in tap order {@code t < taps}.
     */
    void pixel(float[] x, int[] src, int[] kOff, int taps, float[] k, int c, float[] bias, float[] out, int dst) {
        channels(x, src, kOff, taps, k, 0, c, bias, out, dst);
    }

    /** {@link #pixel} for channels [c0, c1). */
    static void channels(float[] x, int[] src, int[] kOff, int taps, float[] k, int c0, int c1, float[] bias, float[] out,
                         int dst) {
        for (int ci = c0; ci < c1; ci++) out[dst + ci] = 0f;
        for (int t = 0; t < taps; t++) {
            int s = src[t], w = kOff[t];
            for (int ci = c0; ci < c1; ci++) out[dst + ci] = Math.fma(x[s + ci], k[w + ci], out[dst + ci]);
        }
        if (bias != null) {
            for (int ci = c0; ci < c1; ci++) out[dst + ci] += bias[ci];
        }
    }

    /**
     * {@code count} interior pixels of one output row of a 3×3 window (every tap in bounds): pixel p
     * reads tap (dy, dx) at {@code x[src + p·pixStep + dy·rowStep + dx·colStep + ci]} and writes
     * {@code out[dst + p·c + ci]}; kernel tap t = 3·dy + dx at {@code k[t·c + ci]}. Same sums as {@link #pixel};
     * {@code bias} is required (zeros for none: then a −0 sum becomes +0).
     */
    void row3x3(float[] x, int src, int pixStep, int rowStep, int colStep, float[] k, int c, float[] bias, float[] out, int dst,
                int count) {
        rowChannels3x3(x, src, pixStep, rowStep, colStep, k, c, 0, c, bias, out, dst, count);
    }

    /** {@link #row3x3} for channels [c0, c1). */
    static void rowChannels3x3(float[] x, int src, int pixStep, int rowStep, int colStep, float[] k, int c, int c0, int c1,
                               float[] bias, float[] out, int dst, int count) {
        for (int p = 0; p < count; p++) {
            int s = src + p * pixStep, o = dst + p * c;
            for (int ci = c0; ci < c1; ci++) {
                float acc = 0f;
                for (int t = 0; t < 9; t++) acc = Math.fma(x[s + (t / 3) * rowStep + (t % 3) * colStep + ci], k[t * c + ci], acc);
                out[o + ci] = acc + bias[ci];
            }
        }
    }
}
