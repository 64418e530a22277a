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
}
