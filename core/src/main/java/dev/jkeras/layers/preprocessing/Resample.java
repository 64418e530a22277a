// Image resampling as the two backends behind Keras's image layers compute it, one axis at a time:
// jax.image.resize (Keras 3 files; per-axis weight matrices, normalized, only axes whose size changes)
// and tf.image.resize v2 (tf.keras files; ResizeBilinear/NearestNeighbor/Bicubic/Area and ScaleAndTranslate).
package dev.jkeras.layers.preprocessing;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Locale;

/** Internal: resampling weights per axis, and crop/pad windows, for rank-4 image batches. */
final class Resample {
    private Resample() {}

    /** The interpolations of Keras 3 (JAX) and tf.keras (TF). */
    enum Method {
        BILINEAR, NEAREST, BICUBIC, AREA, LANCZOS3, LANCZOS5, GAUSSIAN, MITCHELLCUBIC;

        static Method parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        String keras() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which library's resize a file's Keras ran. */
    enum Backend { JAX, TF }

    private static final double FLOAT_EPS = Math.ulp(1.0f);

    /**
     * One axis's resampling: {@code out[j] = sum_k w[j*span+k] * in[start[j]+k]} for {@code k < span}
     * (weights beyond a row's support are zero).
     */
    record Axis(int inSize, int outSize, int[] start, int span, float[] w) {}

    /** Resizes axes {@code hAxis} and {@code hAxis+1} of a rank-4 tensor to (outH, outW). */
    static Tensor resize(Tensor x, int hAxis, int outH, int outW, Method m, boolean antialias, Backend b) {
        int inH = x.dim(hAxis), inW = x.dim(hAxis + 1);
        Tensor y = x;
        if (b == Backend.TF || inH != outH) y = apply(y, hAxis, weights(inH, outH, m, antialias, b));
        if (b == Backend.TF || inW != outW) y = apply(y, hAxis + 1, weights(inW, outW, m, antialias, b));
        return y;
    }

    static Axis weights(int in, int out, Method m, boolean antialias, Backend b) {
        if (b == Backend.JAX) return m == Method.NEAREST ? jaxNearest(in, out) : jaxKernel(in, out, m, antialias);
        return switch (m) {
            case NEAREST -> tfNearest(in, out);
            case BILINEAR -> tfBilinear(in, out);
            case BICUBIC -> tfBicubic(in, out);
            case AREA -> tfArea(in, out);
            default -> tfScaleAndTranslate(in, out, m);
        };
    }

    /** Applies one axis's weights along {@code axis}. */
    static Tensor apply(Tensor x, int axis, Axis a) {
        int[] d = x.shape().dims();
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= d[i];
        for (int i = axis + 1; i < d.length; i++) inner *= d[i];
        int n = d[axis], m = a.outSize;
        float[] src = x.data();
        float[] dst = new float[outer * m * inner];
        for (int o = 0; o < outer; o++) {
            int srcBase = o * n * inner;
            for (int j = 0; j < m; j++) {
                int dstOff = (o * m + j) * inner;
                for (int k = 0; k < a.span; k++) {
                    float w = a.w[j * a.span + k];
                    if (w == 0f) continue;
                    int srcOff = srcBase + (a.start[j] + k) * inner;
                    for (int c = 0; c < inner; c++) dst[dstOff + c] += w * src[srcOff + c];
                }
            }
        }
        d[axis] = m;
        return Tensor.of(Shape.of(d), dst);
    }

    /**
     * The window [hStart, hStart+outH) x [wStart, wStart+outW) of axes hAxis, hAxis+1 of a rank-4
     * tensor; positions outside the input (padding) get {@code fill}.
     */
    static Tensor window(Tensor x, int hAxis, int hStart, int outH, int wStart, int outW, float fill) {
        int[] d = x.shape().dims();
        int outer = hAxis == 1 ? d[0] : d[0] * d[1];
        int inner = hAxis == 1 ? d[3] : 1;
        int inH = d[hAxis], inW = d[hAxis + 1];
        float[] src = x.data();
        float[] dst = new float[outer * outH * outW * inner];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < outH; i++) {
                int si = hStart + i;
                for (int j = 0; j < outW; j++) {
                    int sj = wStart + j;
                    boolean inside = si >= 0 && si < inH && sj >= 0 && sj < inW;
                    int s = ((o * inH + si) * inW + sj) * inner;
                    for (int c = 0; c < inner; c++) dst[p++] = inside ? src[s + c] : fill;
                }
            }
        }
        d[hAxis] = outH;
        d[hAxis + 1] = outW;
        return Tensor.of(Shape.of(d), dst);
    }

    // ---- jax.image.resize ------------------------------------------------------------------------

    /** {@code floor(float32((j + 0.5) * in) / out)}, in float32 as JAX does. */
    private static Axis jaxNearest(int in, int out) {
        int[] start = new int[out];
        float[] w = new float[out];
        for (int j = 0; j < out; j++) {
            float v = ((float) j + 0.5f) * (float) in / (float) out;
            start[j] = Math.min((int) Math.floor(v), in - 1);
            w[j] = 1f;
        }
        return new Axis(in, out, start, 1, w);
    }

    /** jax.image.scale_and_translate's compute_weight_mat (translation 0), weights in double then cast. */
    private static Axis jaxKernel(int in, int out, Method m, boolean antialias) {
        double radius = switch (m) {
            case BILINEAR -> 1;
            case BICUBIC -> 2;
            case LANCZOS3 -> 3;
            case LANCZOS5 -> 5;
            default -> throw new IllegalStateException("no JAX kernel for " + m);
        };
        double scale = (double) out / in;
        double inv = 1.0 / scale;
        double kscale = antialias ? Math.max(inv, 1.0) : 1.0;
        double reach = radius * kscale;
        int span = Math.min(in, (int) Math.ceil(2 * reach) + 2);
        int[] start = new int[out];
        float[] w = new float[out * span];
        double[] tmp = new double[span];
        for (int j = 0; j < out; j++) {
            double sample = (j + 0.5) * inv - 0.5;
            int lo = Math.max(0, Math.min(in - span, (int) Math.floor(sample - reach)));
            start[j] = lo;
            double total = 0;
            for (int k = 0; k < span; k++) {
                double xx = Math.abs(sample - (lo + k)) / kscale;
                tmp[k] = jaxKernel(m, xx);
                total += tmp[k];
            }
            boolean ok = Math.abs(total) > 1000.0 * FLOAT_EPS;
            for (int k = 0; k < span; k++) w[j * span + k] = ok ? (float) (tmp[k] / total) : 0f;
        }
        return new Axis(in, out, start, span, w);
    }

    private static double jaxKernel(Method m, double x) {
        switch (m) {
            case BILINEAR:
                return Math.max(0, 1 - Math.abs(x));
            case BICUBIC: {
                if (x >= 2) return 0;
                if (x >= 1) return ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0;
                return ((1.5 * x - 2.5) * x) * x + 1.0;
            }
            default: {
                double r = m == Method.LANCZOS3 ? 3 : 5;
                if (x > r) return 0;
                if (!(x > 1e-3)) return 1;
                double y = r * Math.sin(Math.PI * x) * Math.sin(Math.PI * x / r);
                return y / (Math.PI * Math.PI * x * x);
            }
        }
    }

    // ---- tf.image.resize (v2, antialias=False) ---------------------------------------------------

    /** ResizeNearestNeighbor, half_pixel_centers: {@code min(floor((j + 0.5f) * (in/out)), in-1)}. */
    private static Axis tfNearest(int in, int out) {
        float scale = (float) in / (float) out;
        int[] start = new int[out];
        float[] w = new float[out];
        for (int j = 0; j < out; j++) {
            int idx = (int) Math.floor(((float) j + 0.5f) * scale);
            start[j] = Math.max(0, Math.min(idx, in - 1));
            w[j] = 1f;
        }
        return new Axis(in, out, start, 1, w);
    }

    /** ResizeBilinear, half_pixel_centers: lower/upper clamped to the image, lerp = in - floor(in). */
    private static Axis tfBilinear(int in, int out) {
        float scale = (float) in / (float) out;
        int[] start = new int[out];
        float[] w = new float[out * 2];
        for (int j = 0; j < out; j++) {
            float pos = ((float) j + 0.5f) * scale - 0.5f;
            float fl = (float) Math.floor(pos);
            int lower = Math.max((int) fl, 0);
            int upper = Math.min((int) Math.ceil(pos), in - 1);
            float lerp = pos - fl;
            start[j] = lower;
            if (upper == lower) {
                w[j * 2] = 1f;
            } else {
                w[j * 2] = 1f - lerp;
                w[j * 2 + 1] = lerp;
            }
        }
        return new Axis(in, out, start, 2, w);
    }

    private static final int TABLE_SIZE = 1024;
    private static final float[] KEYS_TABLE = cubicTable(-0.5);

    /** TF's bicubic coefficient table (1025 sample points of the cubic kernel with parameter a). */
    private static float[] cubicTable(double a) {
        float[] t = new float[(TABLE_SIZE + 1) * 2];
        for (int i = 0; i <= TABLE_SIZE; i++) {
            float x = (float) (i * 1.0 / TABLE_SIZE);
            t[i * 2] = (float) (((a + 2) * x - (a + 3)) * x * x + 1);
            x += 1.0f;
            t[i * 2 + 1] = (float) (((a * x - 5 * a) * x + 8 * a) * x - 4 * a);
        }
        return t;
    }

    /**
     * ResizeBicubic, half_pixel_centers (Keys a=-0.5): weights looked up in a 1024-step table, taps
     * outside the image dropped and the rest renormalized.
     */
    private static Axis tfBicubic(int in, int out) {
        float scale = (float) in / (float) out;
        int[] start = new int[out];
        float[] w = new float[out * 4];
        for (int j = 0; j < out; j++) {
            float pos = ((float) j + 0.5f) * scale - 0.5f;
            int loc = (int) Math.floor(pos);
            float delta = pos - loc;
            int off = (int) Math.rint(delta * TABLE_SIZE);
            float[] c = {KEYS_TABLE[off * 2 + 1], KEYS_TABLE[off * 2], KEYS_TABLE[(TABLE_SIZE - off) * 2],
                KEYS_TABLE[(TABLE_SIZE - off) * 2 + 1]};
            float sum = 0;
            for (int k = 0; k < 4; k++) {
                int idx = loc - 1 + k;
                if (idx < 0 || idx >= in) c[k] = 0f;
                sum += c[k];
            }
            if (Math.abs(sum) >= 1000.0f * Float.MIN_NORMAL) {
                float inv = 1.0f / sum;
                for (int k = 0; k < 4; k++) c[k] *= inv;
            }
            // taps are in-image positions loc-1..loc+2; express them relative to a clamped start
            int s = Math.max(0, Math.min(loc - 1, in - 1));
            start[j] = s;
            for (int k = 0; k < 4; k++) {
                if (c[k] == 0f) continue;
                int idx = loc - 1 + k;
                w[j * 4 + (idx - s)] += c[k];
            }
        }
        return fitSpan(new Axis(in, out, start, 4, w));
    }

    /** ResizeArea (align_corners=False): box filter, each input cell weighted by its overlap. */
    private static Axis tfArea(int in, int out) {
        float scale = (float) in / (float) out;
        int span = Math.min(in, (int) Math.ceil(scale) + 2);
        int[] start = new int[out];
        float[] w = new float[out * span];
        for (int j = 0; j < out; j++) {
            float a = j * scale;
            float b = (j + 1) * scale;
            int lo = (int) Math.floor(a);
            int hi = (int) Math.ceil(b);
            int s = Math.max(0, Math.min(lo, in - span));
            start[j] = s;
            for (int i = lo; i < hi; i++) {
                float part = Math.min((float) (i + 1), b) - Math.max((float) i, a);
                int idx = Math.max(0, Math.min(i, in - 1));
                w[j * span + (idx - s)] += part / scale;
            }
        }
        return new Axis(in, out, start, span, w);
    }

    /** ScaleAndTranslate (antialias=False, translation 0) with TF's float kernels. */
    private static Axis tfScaleAndTranslate(int in, int out, Method m) {
        float radius = switch (m) {
            case LANCZOS3 -> 3f;
            case LANCZOS5 -> 5f;
            case GAUSSIAN -> 1.5f;
            case MITCHELLCUBIC -> 2f;
            default -> throw new IllegalStateException("no TF kernel for " + m);
        };
        float scale = (float) out / (float) in;
        float inv = (float) (1.0 / scale);
        int span = Math.min(2 * (int) Math.ceil(radius) + 1, in);
        int[] start = new int[out];
        float[] w = new float[out * span];
        float[] tmp = new float[span + 1];
        for (int j = 0; j < out; j++) {
            float sample = ((float) j + 0.5f) * inv;
            if (sample < 0 || sample > in) continue;
            int s = (int) Math.ceil(sample - radius - 0.5f);
            int e = (int) Math.floor(sample + radius - 0.5f);
            s = Math.max(0, Math.min(s, in - 1));
            e = Math.max(0, Math.min(e, in - 1)) + 1;
            float total = 0f;
            for (int src = s; src < e; src++) {
                float pos = (float) src + 0.5f - sample;
                tmp[src - s] = tfKernel(m, Math.abs(pos));
                total += tmp[src - s];
            }
            start[j] = s;
            if (Math.abs(total) >= 1000.0f * Float.MIN_NORMAL) {
                float one = 1.0f / total;
                for (int src = s; src < e; src++) w[j * span + (src - s)] = tmp[src - s] * one;
            }
        }
        return new Axis(in, out, start, span, w);
    }

    private static float tfKernel(Method m, float x) {
        switch (m) {
            case GAUSSIAN: {
                float sigma = 1.5f / 3.0f;
                if (x >= 1.5f) return 0f;
                return (float) Math.exp(-x * x / (2.0 * sigma * sigma));
            }
            case MITCHELLCUBIC: {
                if (x >= 2.0f) return 0f;
                if (x >= 1.0f) return (((-7.0f / 18.0f) * x + 2.0f) * x - 10.0f / 3.0f) * x + 16.0f / 9.0f;
                return (((7.0f / 6.0f) * x - 2.0f) * x) * x + 8.0f / 9.0f;
            }
            default: {
                final float pi = 3.14159265359f;
                float r = m == Method.LANCZOS3 ? 3f : 5f;
                if (x > r) return 0f;
                if (x <= 1e-3f) return 1f;
                return r * (float) Math.sin(pi * x) * (float) Math.sin(pi * x / r) / (pi * pi * x * x);
            }
        }
    }

    /** Keeps every row's taps inside the input (rows near the end are shifted left). */
    private static Axis fitSpan(Axis a) {
        int span = Math.min(a.span, a.inSize);
        int[] start = new int[a.outSize];
        float[] w = new float[a.outSize * span];
        for (int j = 0; j < a.outSize; j++) {
            int s = Math.max(0, Math.min(a.start[j], a.inSize - span));
            start[j] = s;
            for (int k = 0; k < a.span; k++) {
                float v = a.w[j * a.span + k];
                if (v == 0f) continue;
                w[j * span + (a.start[j] + k - s)] += v;
            }
        }
        return new Axis(a.inSize, a.outSize, start, span, w);
    }
}
