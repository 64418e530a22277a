// LocallyConnected1D/2D (Keras 1/2 only): a convolution whose weights differ at every output position. The three
// tf.keras kernel layouts (implementation 1 dense per position, 2 masked full, 3 sparse) become one per-position
// (window·C, F) matrix at load time. Quirks kept: "same" windows start at o·s − floor(k/2); with channels_first,
// implementation 1 orders features (c, window) and the (out..., F) bias is reshaped (not transposed) to (F, out...).
package dev.jkeras.layers.locallyconnected;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.kernel.Parallel;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.layers.convolutional.ConvBase;
import dev.jkeras.layers.convolutional.ConvConfig;
import dev.jkeras.layers.convolutional.RankFactory;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keras {@code LocallyConnected1D}, {@code LocallyConnected2D} (one class, by rank). */
public final class LocallyConnected extends ConvBase {
    private static final long PARALLEL_WORK = 1L << 18;

    private final Window win;
    /** Per output position p: a (window·C, F) matrix at offset p·window·C·F, rows ordered (window position, channel). */
    private final float[] weights;

    /** Window placement: out position o on axis a reads inputs o·s − padBefore + j, j < k. */
    private record Window(int[] in, int[] k, int[] s, int[] padBefore, int[] out) {
        int positions() {
            return prod(out);
        }

        int size() {
            return prod(k);
        }

        /** Input coordinates of output position {@code p} (flat) and window position {@code j} (flat), or null if outside. */
        int[] input(int p, int j) {
            int n = in.length;
            int[] z = new int[n];
            for (int a = n - 1; a >= 0; a--) {
                int o = p % out[a], w = j % k[a];
                p /= out[a];
                j /= k[a];
                z[a] = o * s[a] - padBefore[a] + w;
                if (z[a] < 0 || z[a] >= in[a]) return null;
            }
            return z;
        }
    }

    private LocallyConnected(LayerSpec spec, int rank, boolean cf, int channels, int filters, Window win, float[] weights, float[] bias,
                             ActivationFn act, List<Tensor> stored) {
        super(spec, rank, cf, channels, filters, bias, act, stored);
        this.win = win;
        this.weights = weights;
    }

    static int prod(int[] v) {
        int p = 1;
        for (int x : v) p *= x;
        return p;
    }

    @Override
    protected int[] outSpatial(int[] in) {
        return win.out().clone();
    }

    @Override
    protected float[] compute(float[] x, int batch, int[] in) {
        int c = channels, f = outChannels, kc = win.size() * c, positions = win.positions(), inPix = prod(win.in());
        float[] y = new float[batch * positions * f];
        boolean parallel = (long) batch * positions * kc * f >= PARALLEL_WORK;
        Parallel.forEach(positions, parallel, p -> {
            float[] patch = new float[batch * kc];
            float[] out = new float[batch * f];
            for (int j = 0; j < win.size(); j++) {
                int[] z = win.input(p, j);
                if (z == null) continue;
                int flat = 0;
                for (int a = 0; a < z.length; a++) flat = flat * win.in()[a] + z[a];
                for (int b = 0; b < batch; b++) System.arraycopy(x, (b * inPix + flat) * c, patch, b * kc + j * c, c);
            }
            MatMul.gemmSerial(batch, f, kc, patch, 0, kc, weights, p * kc * f, f, out, 0, f);
            for (int b = 0; b < batch; b++) System.arraycopy(out, b * f, y, (b * positions + p) * f, f);
        });
        return y;
    }

    /** The factory for one rank. */
    public static final class Factory extends RankFactory {
        public Factory(int rank, String... names) {
            super(rank, names);
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            int filters = c.requireInt("filters");
            int[] k = ConvConfig.ints(spec, "kernel_size", rank, null);
            int[] s = ConvConfig.ints(spec, "strides", rank, ConvConfig.fill(rank, 1));
            boolean same = ConvConfig.padding(spec, false, false) == dev.jkeras.kernel.Conv.Padding.SAME;
            boolean cf = ConvConfig.channelsFirst(spec);
            int impl = c.getInt("implementation", 1);
            boolean useBias = c.getBool("use_bias", true);
            ActivationFn act = LayerConfigs.activation(spec, "activation");
            if (impl < 1 || impl > 3) {
                throw new UnsupportedFeatureException(spec.where() + ": implementation " + impl + " is not a LocallyConnected implementation (1, 2 or 3)");
            }
            if (same && impl == 1) {
                throw new ModelFormatException(spec.where() + ": padding \"same\" needs implementation 2 or 3 (Keras refuses it for implementation 1)");
            }
            Shape shape = ctx.inputShape();
            if (shape.rank() != rank + 2) throw LayerConfigs.badInput(spec, ConvConfig.describe(rank, cf, -1), shape);
            int[] in = ConvConfig.spatial(shape, cf);
            int channels = ConvConfig.channels(shape, cf);
            for (int v : in) {
                if (v == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, ConvConfig.describe(rank, cf, -1) + " with known spatial sizes", shape);
            }
            if (channels == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, ConvConfig.describe(rank, cf, -1) + " with known channels", shape);
            int[] out = new int[rank], pb = new int[rank];
            for (int a = 0; a < rank; a++) {
                out[a] = same ? (in[a] + s[a] - 1) / s[a] : (in[a] - k[a]) / s[a] + 1;
                pb[a] = same ? k[a] / 2 : 0;
                if (in[a] < k[a] && !same || out[a] < 1) throw LayerConfigs.badInput(spec, ConvConfig.describe(rank, cf, channels)
                        + " at least as large as kernel_size " + Arrays.toString(k), shape);
            }
            Window win = new Window(in, k, s, pb, out);
            int positions = win.positions(), ks = win.size(), inPix = prod(in);
            WeightDecl kernelDecl = switch (impl) {
                case 1 -> WeightDecl.trainable("kernel", positions, ks * channels, filters);
                case 2 -> WeightDecl.trainable("kernel", cf ? concat(new int[] {channels}, in, new int[] {filters}, out)
                        : concat(in, new int[] {channels}, out, new int[] {filters}));
                default -> WeightDecl.trainable("kernel", nonZeros(win, channels, filters));
            };
            int[] biasDims = concat(out, new int[] {filters});
            List<Tensor> w = useBias ? ctx.weights(kernelDecl, WeightDecl.trainable("bias", biasDims)) : ctx.weights(kernelDecl);
            float[] kernel = w.get(0).data();
            float[] canon = new float[positions * ks * channels * filters];
            for (int p = 0; p < positions; p++) {
                for (int j = 0; j < ks; j++) {
                    int[] z = win.input(p, j);
                    if (z == null) continue;
                    int zf = 0;
                    for (int a = 0; a < rank; a++) zf = zf * in[a] + z[a];
                    for (int ch = 0; ch < channels; ch++) {
                        int row = ((p * ks + j) * channels + ch) * filters;
                        for (int f = 0; f < filters; f++) {
                            int src = switch (impl) {
                                case 1 -> (p * ks * channels + (cf ? ch * ks + j : j * channels + ch)) * filters + f;
                                default -> cf ? ((ch * inPix + zf) * filters + f) * positions + p
                                        : ((zf * channels + ch) * positions + p) * filters + f;
                            };
                            if (impl != 3) canon[row + f] = kernel[src];
                        }
                    }
                }
            }
            if (impl == 3) fillSparse(win, channels, filters, cf, kernel, canon);
            float[] bias = null;
            if (useBias) {
                float[] raw = w.get(1).data();
                bias = raw.clone();
                if (cf) {
                    for (int p = 0; p < positions; p++) {
                        for (int f = 0; f < filters; f++) bias[p * filters + f] = raw[f * positions + p];
                    }
                }
            }
            List<Tensor> stored = new ArrayList<>(w);
            LocallyConnected layer = new LocallyConnected(spec, rank, cf, channels, filters, win, canon, bias, act, stored);
            layer.outputShape(shape);
            return layer;
        }

        private static int[] concat(int[]... parts) {
            int n = 0;
            for (int[] p : parts) n += p.length;
            int[] r = new int[n];
            int o = 0;
            for (int[] p : parts) {
                System.arraycopy(p, 0, r, o, p.length);
                o += p.length;
            }
            return r;
        }

        /** Number of (output, input) connections: implementation 3 stores one weight per connection. */
        private static int nonZeros(Window win, int channels, int filters) {
            int n = 0;
            for (int p = 0; p < win.positions(); p++) {
                for (int j = 0; j < win.size(); j++) if (win.input(p, j) != null) n++;
            }
            return n * channels * filters;
        }

        /**
         * Implementation 3: weight i belongs to the i-th (out index, in index) pair in sorted order, where the
         * out index ravels (out position, filter) and the in index (in position, channel), channels first
         * in both for channels_first (tf.keras conv_kernel_idxs).
         */
        private static void fillSparse(Window win, int channels, int filters, boolean cf, float[] kernel, float[] canon) {
            int positions = win.positions(), ks = win.size(), rank = win.in().length, inPix = prod(win.in());
            List<long[]> pairs = new ArrayList<>();
            for (int p = 0; p < positions; p++) {
                for (int j = 0; j < ks; j++) {
                    int[] z = win.input(p, j);
                    if (z == null) continue;
                    int zf = 0;
                    for (int a = 0; a < rank; a++) zf = zf * win.in()[a] + z[a];
                    for (int ch = 0; ch < channels; ch++) {
                        for (int f = 0; f < filters; f++) {
                            long outIdx = cf ? (long) f * positions + p : (long) p * filters + f;
                            long inIdx = cf ? (long) ch * inPix + zf : (long) zf * channels + ch;
                            pairs.add(new long[] {outIdx, inIdx, ((long) (p * ks + j) * channels + ch) * filters + f});
                        }
                    }
                }
            }
            pairs.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            for (int i = 0; i < pairs.size(); i++) canon[(int) pairs.get(i)[2]] = kernel[i];
        }
    }
}
