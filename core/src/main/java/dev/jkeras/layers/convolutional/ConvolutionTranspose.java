// Conv1D/2D/3DTranspose: the transpose (input gradient) of a convolution. Input position i, window position j
// write full-output position i·s + j·d; the output keeps a window of that (TF conv_transpose padding, keras-spec 6.5):
// size from padding/output_padding (or a Keras 1 Deconvolution2D's explicit output_shape). Kernel (k..., F, C).
package dev.jkeras.layers.convolutional;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Conv;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Keras {@code Conv1DTranspose}, {@code Conv2DTranspose}, {@code Conv3DTranspose} (one class, by rank). */
public final class ConvolutionTranspose extends ConvBase {
    private final int[] k;
    private final int[] s;
    private final int[] d;
    private final boolean same;
    /** Per-axis output_padding, or null (Keras's default). */
    private final int[] outputPadding;
    /** Per-axis output sizes fixed by a Keras 1 Deconvolution2D {@code output_shape}, or null. */
    private final int[] fixedOut;
    private final float[] kernel;

    private ConvolutionTranspose(LayerSpec spec, int rank, boolean cf, int channels, int filters, int[] k, int[] s, int[] d, boolean same,
                                 int[] outputPadding, int[] fixedOut, Tensor kernel, Tensor bias, ActivationFn act) {
        super(spec, rank, cf, channels, filters, bias == null ? null : bias.data(), act, Convolution.weightList(kernel, bias));
        this.k = k;
        this.s = s;
        this.d = d;
        this.same = same;
        this.outputPadding = outputPadding;
        this.fixedOut = fixedOut;
        this.kernel = kernel.data();
    }

    @Override
    protected int[] outSpatial(int[] in) {
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            if (fixedOut != null) {
                out[a] = fixedOut[a];
                continue;
            }
            if (in[a] == Shape.UNKNOWN) {
                out[a] = Shape.UNKNOWN;
                continue;
            }
            int keff = (k[a] - 1) * d[a] + 1;
            if (same) {
                out[a] = outputPadding == null ? in[a] * s[a] : (in[a] - 1) * s[a] + keff % 2 + outputPadding[a];
            } else {
                out[a] = (in[a] - 1) * s[a] + (outputPadding == null ? Math.max(keff, s[a]) : keff + outputPadding[a]);
            }
        }
        return out;
    }

    @Override
    protected float[] compute(float[] x, int batch, int[] in) {
        int[] out = outSpatial(in);
        int[] crop = new int[rank];
        for (int a = 0; a < rank; a++) {
            int full = (in[a] - 1) * s[a] + (k[a] - 1) * d[a] + 1;
            crop[a] = same ? Math.max(full - out[a], 0) / 2 : 0;
        }
        return Conv.convTranspose(x, batch, channels, in, k, s, d, out, crop, kernel, outChannels);
    }

    /** The factory for one rank. */
    public static final class Factory extends RankFactory {
        public Factory(int rank, String... names) {
            super(rank, names);
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            LayerConfigs.refuseQuantized(spec);
            Convolution.refuseLora(spec);
            int filters = c.requireInt("filters");
            int[] k = ConvConfig.ints(spec, "kernel_size", rank, null);
            int[] s = ConvConfig.ints(spec, "strides", rank, ConvConfig.fill(rank, 1));
            int[] d = ConvConfig.ints(spec, "dilation_rate", rank, ConvConfig.fill(rank, 1));
            boolean same = ConvConfig.padding(spec, false, false) == Conv.Padding.SAME;
            boolean cf = ConvConfig.channelsFirst(spec);
            int[] op = c.getInts("output_padding", rank, null);
            if (op != null) {
                for (int a = 0; a < rank; a++) {
                    if (op[a] < 0 || op[a] >= s[a]) {
                        throw new ModelFormatException(spec.where() + ": output_padding " + Arrays.toString(op) + " must be >= 0 and smaller than strides "
                                + Arrays.toString(s));
                    }
                }
            }
            int[] fixedOut = null;
            if (spec.writer() != null && spec.writer().major() == 1 && c.get("output_shape") != null) {
                int[] os = c.getIntList("output_shape");
                if (os.length != rank + 2) {
                    throw new ModelFormatException(spec.where() + ": config key 'output_shape' should have " + (rank + 2) + " entries, found "
                            + Arrays.toString(os));
                }
                fixedOut = Arrays.copyOfRange(os, cf ? 2 : 1, cf ? rank + 2 : rank + 1);
                if (Arrays.stream(fixedOut).anyMatch(v -> v < 1)) fixedOut = null;
            }
            boolean useBias = c.getBool("use_bias", true);
            ActivationFn act = LayerConfigs.activation(spec, "activation");
            Shape in = ctx.inputShape();
            int channels = ConvConfig.knownChannels(spec, in, rank, cf);
            WeightDecl kernel = WeightDecl.trainable("kernel", ConvConfig.kernelShape(k, filters, channels));
            List<Tensor> w = useBias ? ctx.weights(kernel, WeightDecl.trainable("bias", filters)) : ctx.weights(kernel);
            ConvolutionTranspose layer = new ConvolutionTranspose(spec, rank, cf, channels, filters, k, s, d, same, op, fixedOut, w.get(0),
                    useBias ? w.get(1) : null, act);
            layer.outputShape(in);
            return layer;
        }
    }
}
