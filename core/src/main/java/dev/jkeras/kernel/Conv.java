package dev.jkeras.kernel;

import dev.jkeras.tensor.Shape;
import java.util.Arrays;

/**
 * N-D convolution (cross-correlation, no kernel flip) on channels-last data (batch, d1..dn, c), n = 1..3,
 * via im2col + GEMM (packed kernels, bias and activation fused); depthwise convolution as a direct
 * loop; transposed convolution as GEMM + col2im.
 * Kernel layouts are Keras's: {@code (k1..kn, C/groups, F)} (group g reads input channels
 * [g·C/G, (g+1)·C/G) and writes output channels [g·F/G, (g+1)·F/G)), depthwise {@code (k1..kn, C, M)},
 * transposed {@code (k1..kn, F, C)}. Window placement is described by a {@link Geometry}. Every fast
 * path has a direct-loop reference beside it, used by the tests.
 */
public final class Conv {
    /** im2col buffer size (floats): patch rows are gathered and multiplied this many at a time. */
    private static final int CHUNK_FLOATS = 1 << 20;
    /** Patch rows per parallel gathering task. */
    private static final int IM2COL_ROWS = 256;
    /** Floats copied above which gathering runs in parallel. */
    private static final long PARALLEL_COPY = 1L << 18;
    /** Multiply-adds above which convolution runs in parallel. */
    private static final long PARALLEL_WORK = 1L << 19;

    private Conv() {}

    /** How a layer pads its input along every spatial axis (keras-spec 6.1 and 6.2). */
    public enum Padding {
        /** No padding. */
        VALID,
        /** TensorFlow rule: output ceil(L/s), the odd extra pad goes at the end. */
        SAME,
        /** d·(k−1) zeros before, none after (Conv1D). */
        CAUSAL,
        /** Keras 1 {@code border_mode="full"}: k_eff − 1 zeros on both sides. */
        FULL
    }

    /**
     * Where a window of size k (stride s, dilation d) sits over each of n spatial axes: output
     * position o on axis a reads input positions {@code o·s − padBefore + j·d}, j &lt; k; positions
     * outside [0, in) are padding. Immutable.
     */
    public static final class Geometry {
        private final int[] in;
        private final int[] k;
        private final int[] s;
        private final int[] d;
        private final int[] padBefore;
        private final int[] out;

        private Geometry(int[] in, int[] k, int[] s, int[] d, int[] padBefore, int[] out) {
            int n = in.length;
            if (k.length != n || s.length != n || d.length != n || padBefore.length != n || out.length != n) {
                throw new IllegalArgumentException("geometry arrays of different lengths");
            }
            for (int a = 0; a < n; a++) {
                if (k[a] < 1 || s[a] < 1 || d[a] < 1 || in[a] < 0 || out[a] < 0) {
                    throw new IllegalArgumentException("window sizes, strides and dilations must be >= 1, sizes >= 0: in "
                            + Arrays.toString(in) + ", k " + Arrays.toString(k) + ", s " + Arrays.toString(s) + ", d " + Arrays.toString(d));
                }
            }
            this.in = in.clone();
            this.k = k.clone();
            this.s = s.clone();
            this.d = d.clone();
            this.padBefore = padBefore.clone();
            this.out = out.clone();
        }

        /** The geometry of a Keras padding mode for input sizes {@code in} (all known). */
        public static Geometry of(int[] in, int[] k, int[] s, int[] d, Padding p) {
            int n = in.length;
            int[] pb = new int[n], out = new int[n];
            for (int a = 0; a < n; a++) {
                out[a] = Conv.outLength(in[a], k[a], s[a], d[a], p);
                pb[a] = Conv.padBefore(in[a], k[a], s[a], d[a], p);
            }
            return new Geometry(in, k, s, d, pb, out);
        }

        /** A geometry with explicit padding before and output sizes (e.g. LocallyConnected's own rule). */
        public static Geometry explicit(int[] in, int[] k, int[] s, int[] d, int[] padBefore, int[] out) {
            return new Geometry(in, k, s, d, padBefore, out);
        }

        public int rank() {
            return in.length;
        }

        public int in(int axis) {
            return in[axis];
        }

        public int k(int axis) {
            return k[axis];
        }

        public int stride(int axis) {
            return s[axis];
        }

        public int dilation(int axis) {
            return d[axis];
        }

        public int padBefore(int axis) {
            return padBefore[axis];
        }

        public int out(int axis) {
            return out[axis];
        }

        /** Output sizes, a copy. */
        public int[] outDims() {
            return out.clone();
        }

        /** Product of the input sizes. */
        public int inSize() {
            return prod(in);
        }

        /** Product of the output sizes. */
        public int outSize() {
            return prod(out);
        }

        /** Product of the window sizes. */
        public int kSize() {
            return prod(k);
        }

        /** True if some output size is 0 (the window does not fit). */
        public boolean empty() {
            for (int o : out) if (o <= 0) return true;
            return false;
        }

        /** The same window over rank 3, with leading unit axes (so kernels need one loop nest). */
        Geometry as3d() {
            if (in.length == 3) return this;
            int pad = 3 - in.length;
            return new Geometry(lead(in, pad, 1), lead(k, pad, 1), lead(s, pad, 1), lead(d, pad, 1), lead(padBefore, pad, 0),
                    lead(out, pad, 1));
        }

        private static int[] lead(int[] v, int pad, int fill) {
            int[] r = new int[pad + v.length];
            Arrays.fill(r, 0, pad, fill);
            System.arraycopy(v, 0, r, pad, v.length);
            return r;
        }

        @Override
        public String toString() {
            return "Geometry(in " + Arrays.toString(in) + ", k " + Arrays.toString(k) + ", s " + Arrays.toString(s) + ", d "
                    + Arrays.toString(d) + ", padBefore " + Arrays.toString(padBefore) + ", out " + Arrays.toString(out) + ")";
        }
    }

    static int prod(int[] v) {
        long p = 1;
        for (int x : v) p *= x;
        if (p > Integer.MAX_VALUE) throw new IllegalArgumentException("size too large: " + Arrays.toString(v));
        return (int) p;
    }

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

        /** This window over an h×w input. */
        public Geometry geometry(int h, int w) {
            return Geometry.of(new int[] {h, w}, new int[] {kh, kw}, new int[] {sh, sw}, new int[] {dh, dw},
                    same ? Padding.SAME : Padding.VALID);
        }
    }

    /** {@link #outLength(int, int, int, int, Padding)} for valid or same. */
    public static int outLength(int len, int k, int s, int d, boolean same) {
        return outLength(len, k, s, d, same ? Padding.SAME : Padding.VALID);
    }

    /**
     * Output length along one axis: {@code ceil(len/s)} for same and causal,
     * {@code floor((len − k_eff)/s) + 1} for valid (k_eff = (k−1)·d + 1), {@code floor((len + k_eff − 2)/s) + 1}
     * for full. {@link Shape#UNKNOWN} stays unknown; a window larger than a valid-padded input gives 0.
     */
    public static int outLength(int len, int k, int s, int d, Padding p) {
        if (len == Shape.UNKNOWN) return Shape.UNKNOWN;
        int keff = (k - 1) * d + 1;
        return switch (p) {
            case SAME, CAUSAL -> (len + s - 1) / s;
            case VALID -> len < keff ? 0 : (len - keff) / s + 1;
            case FULL -> (len + keff - 2) / s + 1;
        };
    }

    /** {@link #padBefore(int, int, int, int, Padding)} for valid or same. */
    public static int padBefore(int len, int k, int s, int d, boolean same) {
        return padBefore(len, k, s, d, same ? Padding.SAME : Padding.VALID);
    }

    /** Padding before the first element: {@code floor(total/2)} for same (TensorFlow rule), d·(k−1) for causal, k_eff − 1 for full. */
    public static int padBefore(int len, int k, int s, int d, Padding p) {
        int keff = (k - 1) * d + 1;
        return switch (p) {
            case VALID -> 0;
            case SAME -> {
                int out = (len + s - 1) / s;
                yield Math.max((out - 1) * s + keff - len, 0) / 2;
            }
            case CAUSAL, FULL -> keff - 1;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Convolution

    /**
     * Convolution of {@code x} (batch, in..., c) with {@code kernel} (k..., c/groups, filters); no bias.
     * Returns (batch, out..., filters), row-major.
     */
    public static float[] conv(float[] x, int batch, int c, Geometry geo, float[] kernel, int filters, int groups) {
        float[] out = new float[batch * geo.outSize() * filters];
        conv(x, 0, batch, c, geo, kernel, filters, groups, out, 0);
        return out;
    }

    /**
     * {@link #conv(float[], int, int, Geometry, float[], int, int)} reading x from {@code xOff} and
     * overwriting {@code out[outOff, outOff + batch·outSize·filters)}.
     */
    public static void conv(float[] x, int xOff, int batch, int c, Geometry geo, float[] kernel, int filters, int groups,
                            float[] out, int outOff) {
        conv(x, xOff, batch, c, geo, pack(kernel, geo.kSize(), c, filters, groups), null, null, out, outOff);
    }

    /** A convolution kernel (k..., C/groups, F) packed per group for {@link #conv(float[], int, int, int, Geometry, Kernel, float[], ActivationFn, float[], int)}. */
    public static final class Kernel {
        private final MatMul.Packed[] groups;
        private final int channels;
        private final int filters;

        private Kernel(MatMul.Packed[] groups, int channels, int filters) {
            this.groups = groups;
            this.channels = channels;
            this.filters = filters;
        }

        /** Multiplies output channel f's weights by {@code scale[f]} in place (see {@link MatMul.Packed#scaleColumns}). */
        public void scaleFilters(float[] scale) {
            int fg = filters / groups.length;
            for (int g = 0; g < groups.length; g++) groups[g].scaleColumns(Arrays.copyOfRange(scale, g * fg, (g + 1) * fg));
        }
    }

    /** Packs a kernel of {@code kSize} window positions over {@code c} input channels in {@code groups} groups. */
    public static Kernel pack(float[] kernel, int kSize, int c, int filters, int groups) {
        int cg = c / groups, fg = filters / groups;
        MatMul.Packed[] p = new MatMul.Packed[groups];
        for (int g = 0; g < groups; g++) p[g] = MatMul.pack(kernel, g * fg, filters, kSize * cg, fg);
        return new Kernel(p, c, filters);
    }

    /**
     * {@code out = act(conv(x, w) + bias)} for channels-last x (batch, in..., c) from {@code xOff}, into
     * {@code out[outOff, outOff + batch·outSize·filters)}; {@code bias} (length filters) and {@code act}
     * (elementwise) may be null. A 1×1 stride-1 unpadded window is one GEMM on x itself; other windows
     * gather patch rows in chunks into a reused buffer.
     */
    public static void conv(float[] x, int xOff, int batch, int c, Geometry geo, Kernel w, float[] bias, ActivationFn act,
                            float[] out, int outOff) {
        Geometry g3 = geo.as3d();
        int groups = w.groups.length, filters = w.filters;
        if (c != w.channels) throw new IllegalArgumentException("kernel packed for " + w.channels + " channels, input has " + c);
        int cg = c / groups, fg = filters / groups;
        int kk = g3.kSize() * cg;
        int pixels = batch * g3.outSize();
        if (pixels == 0 || filters == 0) return;
        boolean pointwise = g3.kSize() == 1 && groups == 1 && g3.padBefore[0] == 0 && g3.padBefore[1] == 0 && g3.padBefore[2] == 0
                && Arrays.equals(g3.in, g3.out) && g3.s[0] == 1 && g3.s[1] == 1 && g3.s[2] == 1;
        if (pointwise || kk == 0) {
            MatMul.gemm(pixels, x, xOff, c, w.groups[0], out, outOff, filters, bias, 0, act, true);
            return;
        }
        int chunk = Math.max(1, Math.min(pixels, CHUNK_FLOATS / kk));
        float[] col = Scratch.floats(Scratch.COL, chunk * kk);
        for (int start = 0; start < pixels; start += chunk) {
            int r0 = start, r1 = Math.min(pixels, r0 + chunk), rows = r1 - r0;
            for (int g = 0; g < groups; g++) {
                int c0 = g * cg;
                int sub = Math.max(1, IM2COL_ROWS), tasks = (rows + sub - 1) / sub;
                Parallel.forEach(tasks, (long) rows * kk >= PARALLEL_COPY, t -> {
                    int a = r0 + t * sub, b = Math.min(r1, a + sub);
                    im2col(x, xOff, c, g3, c0, cg, a, b, col, (a - r0) * kk);
                });
                MatMul.gemm(rows, col, 0, kk, w.groups[g], out, outOff + r0 * filters + g * fg, filters, bias, g * fg, act, true);
            }
        }
    }

    /** Rows [r0, r1) of the patch matrix for channels [c0, c0+cg): row = output pixel, column = (window position, channel). */
    private static void im2col(float[] x, int xOff, int c, Geometry g, int c0, int cg, int r0, int r1, float[] col, int p) {
        int i0 = g.in[0], i1 = g.in[1], i2 = g.in[2];
        int o0 = g.out[0], o1 = g.out[1], o2 = g.out[2];
        int perBatch = o0 * o1 * o2;
        for (int r = r0; r < r1; r++) {
            int b = r / perBatch, rem = r - b * perBatch;
            int a0 = rem / (o1 * o2);
            rem -= a0 * o1 * o2;
            int a1 = rem / o2, a2 = rem - a1 * o2;
            int y0 = a0 * g.s[0] - g.padBefore[0], y1 = a1 * g.s[1] - g.padBefore[1], y2 = a2 * g.s[2] - g.padBefore[2];
            for (int j0 = 0; j0 < g.k[0]; j0++) {
                int z0 = y0 + j0 * g.d[0];
                boolean in0 = z0 >= 0 && z0 < i0;
                for (int j1 = 0; j1 < g.k[1]; j1++) {
                    int z1 = y1 + j1 * g.d[1];
                    boolean in1 = in0 && z1 >= 0 && z1 < i1;
                    if (in1 && cg == c && g.d[2] == 1 && y2 >= 0 && y2 + g.k[2] <= i2) {
                        // the whole window row is one contiguous run of the input
                        System.arraycopy(x, xOff + (((b * i0 + z0) * i1 + z1) * i2 + y2) * c, col, p, g.k[2] * c);
                        p += g.k[2] * c;
                        continue;
                    }
                    for (int j2 = 0; j2 < g.k[2]; j2++) {
                        int z2 = y2 + j2 * g.d[2];
                        if (in1 && z2 >= 0 && z2 < i2) {
                            int src = xOff + (((b * i0 + z0) * i1 + z1) * i2 + z2) * c + c0;
                            if (cg < 16) {
                                for (int q = 0; q < cg; q++) col[p + q] = x[src + q]; // a call per few floats costs more
                            } else {
                                System.arraycopy(x, src, col, p, cg);
                            }
                        } else {
                            for (int q = 0; q < cg; q++) col[p + q] = 0f;
                        }
                        p += cg;
                    }
                }
            }
        }
    }

    /** Direct-loop convolution with the same summation order as {@link #conv}, kept as the reference for tests. */
    public static float[] convReference(float[] x, int batch, int c, Geometry geo, float[] kernel, int filters, int groups) {
        Geometry g = geo.as3d();
        int cg = c / groups, fg = filters / groups;
        int ps = g.outSize();
        float[] out = new float[batch * ps * filters];
        int[] pos = new int[3];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < ps; o++) {
                unravel(o, g.out, pos);
                for (int f = 0; f < filters; f++) {
                    int grp = f / fg;
                    float s = 0f, block = 0f;
                    int kpos = 0, steps = 0;
                    for (int j0 = 0; j0 < g.k[0]; j0++) {
                        for (int j1 = 0; j1 < g.k[1]; j1++) {
                            for (int j2 = 0; j2 < g.k[2]; j2++, kpos++) {
                                int z0 = pos[0] * g.s[0] - g.padBefore[0] + j0 * g.d[0];
                                int z1 = pos[1] * g.s[1] - g.padBefore[1] + j1 * g.d[1];
                                int z2 = pos[2] * g.s[2] - g.padBefore[2] + j2 * g.d[2];
                                boolean in = z0 >= 0 && z0 < g.in[0] && z1 >= 0 && z1 < g.in[1] && z2 >= 0 && z2 < g.in[2];
                                for (int ci = 0; ci < cg; ci++) {
                                    float xv = in ? x[(((b * g.in[0] + z0) * g.in[1] + z1) * g.in[2] + z2) * c + grp * cg + ci] : 0f;
                                    block = Math.fma(xv, kernel[(kpos * cg + ci) * filters + f], block);
                                    if (++steps % GemmKernel.SUM_BLOCK == 0) {
                                        s += block;
                                        block = 0f;
                                    }
                                }
                            }
                        }
                    }
                    out[(b * ps + o) * filters + f] = steps % GemmKernel.SUM_BLOCK == 0 ? s : s + block;
                }
            }
        }
        return out;
    }

    /** 2-D convolution of {@code x} (batch, h, w, c) with {@code kernel} (kh, kw, c/groups, filters); see {@link #conv}. */
    public static float[] conv2d(float[] x, int batch, int h, int w, int c, float[] kernel, int filters, int groups,
                                 Window win) {
        return conv(x, batch, c, win.geometry(h, w), kernel, filters, groups);
    }

    /** The reference for {@link #conv2d}. */
    public static float[] conv2dReference(float[] x, int batch, int h, int w, int c, float[] kernel, int filters,
                                          int groups, Window win) {
        return convReference(x, batch, c, win.geometry(h, w), kernel, filters, groups);
    }

    // ---------------------------------------------------------------------------------------------
    // Depthwise convolution

    private static final DepthwiseKernel DEPTHWISE = Simd.select("dev.jkeras.kernel.DepthwiseVector", DepthwiseKernel.class,
            DepthwiseKernel::new);

    /**
     * Depthwise convolution of {@code x} (batch, in..., c) with {@code kernel} (k..., c, m); no bias.
     * Output channel c·m + j comes from input channel c and multiplier j (TensorFlow convention).
     * Returns (batch, out..., c·m).
     */
    public static float[] depthwise(float[] x, int batch, int c, Geometry geo, float[] kernel, int m) {
        return depthwise(x, batch, c, geo, kernel, m, null, null);
    }

    /**
     * {@code act(depthwise(x, kernel) + bias)}; {@code bias} (length c·m) and {@code act} (elementwise)
     * may be null. Each output is a fused multiply-add chain over the in-bounds window positions in
     * window order (the grouped {@link #convReference} order with groups = c).
     */
    public static float[] depthwise(float[] x, int batch, int c, Geometry geo, float[] kernel, int m, float[] bias,
                                    ActivationFn act) {
        Geometry g = geo.as3d();
        int cm = c * m;
        int ps = g.outSize();
        int pixels = batch * ps;
        float[] out = Buffers.take(pixels * cm);
        if (pixels == 0 || cm == 0) return out;
        int rows = Math.max(1, Math.min(pixels, 256));
        int tasks = (pixels + rows - 1) / rows;
        int ks = g.kSize();
        boolean parallel = (long) pixels * ks * cm >= PARALLEL_WORK;
        boolean linear = act == null || act.isIdentity();
        // 3×3 windows: runs of interior pixels (every tap in bounds) go through the row kernel
        boolean k3x3 = m == 1 && g.k[0] == 1 && g.k[1] == 3 && g.k[2] == 3;
        float[] rowBias = !k3x3 ? null : bias != null ? bias : new float[c];
        int lo = (g.padBefore[2] + g.s[2] - 1) / g.s[2];
        int span = g.in[2] - 1 - 2 * g.d[2] + g.padBefore[2];
        int hi = span < 0 ? 0 : Math.min(g.out[2], span / g.s[2] + 1);
        Parallel.forEach(tasks, parallel, t -> {
            int r0 = t * rows, r1 = Math.min(pixels, r0 + rows);
            int[] pos = new int[3];
            int[] src = new int[ks], kOff = new int[ks];
            float[] rep = m == 1 ? null : Scratch.floats(Scratch.ROW, cm * ks);
            for (int r = r0; r < r1; r++) {
                int b = r / ps;
                unravel(r - b * ps, g.out, pos);
                if (k3x3 && pos[2] >= lo && pos[2] < hi) {
                    int z0 = pos[0] * g.s[0] - g.padBefore[0], z1 = pos[1] * g.s[1] - g.padBefore[1];
                    if (z0 >= 0 && z0 < g.in[0] && z1 >= 0 && z1 + 2 * g.d[1] < g.in[1]) {
                        int count = Math.min(hi - pos[2], r1 - r);
                        int z2 = pos[2] * g.s[2] - g.padBefore[2];
                        DEPTHWISE.row3x3(x, (((b * g.in[0] + z0) * g.in[1] + z1) * g.in[2] + z2) * c, g.s[2] * c, g.d[1] * g.in[2] * c,
                                g.d[2] * c, kernel, c, rowBias, out, r * cm, count);
                        r += count - 1;
                        continue;
                    }
                }
                int taps = 0, kpos = 0;
                for (int j0 = 0; j0 < g.k[0]; j0++) {
                    int z0 = pos[0] * g.s[0] - g.padBefore[0] + j0 * g.d[0];
                    for (int j1 = 0; j1 < g.k[1]; j1++) {
                        int z1 = pos[1] * g.s[1] - g.padBefore[1] + j1 * g.d[1];
                        for (int j2 = 0; j2 < g.k[2]; j2++, kpos++) {
                            int z2 = pos[2] * g.s[2] - g.padBefore[2] + j2 * g.d[2];
                            if (z0 < 0 || z0 >= g.in[0] || z1 < 0 || z1 >= g.in[1] || z2 < 0 || z2 >= g.in[2]) continue;
                            src[taps] = (((b * g.in[0] + z0) * g.in[1] + z1) * g.in[2] + z2) * c;
                            kOff[taps++] = kpos * cm;
                        }
                    }
                }
                if (m == 1) {
                    DEPTHWISE.pixel(x, src, kOff, taps, kernel, c, bias, out, r * cm);
                } else {
                    // each channel repeated m times, so every tap is one unit-stride chain over c·m lanes
                    for (int q = 0; q < taps; q++) {
                        int base = q * cm;
                        for (int ci = 0; ci < c; ci++) {
                            float xv = x[src[q] + ci];
                            for (int j = 0; j < m; j++) rep[base + ci * m + j] = xv;
                        }
                        src[q] = base;
                    }
                    DEPTHWISE.pixel(rep, src, kOff, taps, kernel, cm, bias, out, r * cm);
                }
            }
            if (!linear) act.applyInPlace(out, r0 * cm, (r1 - r0) * cm, cm);
        });
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Transposed convolution

    /**
     * Transposed convolution (the gradient of {@link #conv} with respect to its input) of {@code x}
     * (batch, in..., c) with {@code kernel} (k..., filters, c); no bias. Input position i and window
     * position j write full-output position {@code i·s + j·d}; output position o is full position
     * {@code o + cropBefore[a]} on each axis a (0 where that lies outside the full output). Returns
     * (batch, out..., filters).
     */
    public static float[] convTranspose(float[] x, int batch, int c, int[] in, int[] k, int[] s, int[] d, int[] out,
                                        int[] cropBefore, float[] kernel, int filters) {
        Geometry g = Geometry.explicit(in, k, s, d, cropBefore, out).as3d();
        int inPix = g.inSize(), outPix = g.outSize(), ks = g.kSize();
        float[] y = new float[batch * outPix * filters];
        int n = ks * filters;
        if (y.length == 0 || inPix == 0 || c == 0) return y;
        // kt (c × (window position, filter)): kt[ci][j·F + f] = kernel[j][f][ci].
        float[] kt = new float[c * n];
        for (int j = 0; j < ks; j++) {
            for (int f = 0; f < filters; f++) {
                int src = (j * filters + f) * c;
                for (int ci = 0; ci < c; ci++) kt[ci * n + j * filters + f] = kernel[src + ci];
            }
        }
        int rows = Math.max(1, Math.min(inPix, CHUNK_FLOATS / Math.max(1, n)));
        boolean parallel = (long) batch * inPix * c * n >= PARALLEL_WORK;
        Parallel.forEach(batch, parallel, b -> {
            float[] col = new float[rows * n];
            int[] pos = new int[3];
            int yb = b * outPix;
            for (int r0 = 0; r0 < inPix; r0 += rows) {
                int r1 = Math.min(inPix, r0 + rows);
                MatMul.gemmSerial(r1 - r0, n, c, x, (b * inPix + r0) * c, c, kt, 0, n, col, 0, n);
                for (int r = r0; r < r1; r++) {
                    unravel(r, g.in, pos);
                    int cr = (r - r0) * n;
                    int jpos = 0;
                    for (int j0 = 0; j0 < g.k[0]; j0++) {
                        int o0 = pos[0] * g.s[0] + j0 * g.d[0] - g.padBefore[0];
                        for (int j1 = 0; j1 < g.k[1]; j1++) {
                            int o1 = pos[1] * g.s[1] + j1 * g.d[1] - g.padBefore[1];
                            for (int j2 = 0; j2 < g.k[2]; j2++, jpos++) {
                                int o2 = pos[2] * g.s[2] + j2 * g.d[2] - g.padBefore[2];
                                if (o0 < 0 || o0 >= g.out[0] || o1 < 0 || o1 >= g.out[1] || o2 < 0 || o2 >= g.out[2]) continue;
                                int dst = (yb + (o0 * g.out[1] + o1) * g.out[2] + o2) * filters;
                                int src = cr + jpos * filters;
                                for (int f = 0; f < filters; f++) y[dst + f] += col[src + f];
                            }
                        }
                    }
                }
            }
        });
        return y;
    }

    /** Direct-loop (gather) transposed convolution, kept as the reference for tests. */
    public static float[] convTransposeReference(float[] x, int batch, int c, int[] in, int[] k, int[] s, int[] d, int[] out,
                                                 int[] cropBefore, float[] kernel, int filters) {
        Geometry g = Geometry.explicit(in, k, s, d, cropBefore, out).as3d();
        int outPix = g.outSize(), inPix = g.inSize();
        float[] y = new float[batch * outPix * filters];
        int[] pos = new int[3];
        int[] ip = new int[3];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < outPix; o++) {
                unravel(o, g.out, pos);
                for (int f = 0; f < filters; f++) {
                    float sum = 0f;
                    int jpos = 0;
                    for (int j0 = 0; j0 < g.k[0]; j0++) {
                        for (int j1 = 0; j1 < g.k[1]; j1++) {
                            for (int j2 = 0; j2 < g.k[2]; j2++, jpos++) {
                                int[] jj = {j0, j1, j2};
                                boolean ok = true;
                                for (int a = 0; a < 3 && ok; a++) {
                                    int t = pos[a] + g.padBefore[a] - jj[a] * g.d[a];
                                    ok = t >= 0 && t % g.s[a] == 0 && t / g.s[a] < g.in[a];
                                    ip[a] = ok ? t / g.s[a] : 0;
                                }
                                if (!ok) continue;
                                int src = (b * inPix + (ip[0] * g.in[1] + ip[1]) * g.in[2] + ip[2]) * c;
                                for (int ci = 0; ci < c; ci++) sum += x[src + ci] * kernel[(jpos * filters + f) * c + ci];
                            }
                        }
                    }
                    y[(b * outPix + o) * filters + f] = sum;
                }
            }
        }
        return y;
    }

    /** Row-major multi-index of flat index {@code flat} over {@code dims} (length 3). */
    static void unravel(int flat, int[] dims, int[] pos) {
        pos[2] = flat % dims[2];
        flat /= dims[2];
        pos[1] = flat % dims[1];
        pos[0] = flat / dims[1];
    }
}
