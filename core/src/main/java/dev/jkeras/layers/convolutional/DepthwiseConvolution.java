// DepthwiseConv1D/2D: each input channel c convolved with its own depth_multiplier (M) kernels; output
// channel c·M + m (TF convention). Kernel (k..., C, M) ("depthwise_kernel" in Keras 2, "kernel" in Keras 3),
// bias (C·M). Strides, dilation, valid/same padding; channels_first moved to channels_last and back.
package dev.jkeras.layers.convolutional;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Conv;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.ChannelAffine;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code DepthwiseConv1D}, {@code DepthwiseConv2D} (one class, by rank). */
public final class DepthwiseConvolution extends ConvBase {
    private final int[] k;
    private final int[] s;
    private final int[] d;
    private final Conv.Padding padding;
    private final int multiplier;
    private final float[] kernel;

    private DepthwiseConvolution(LayerSpec spec, int rank, boolean cf, int channels, int multiplier, int[] k, int[] s, int[] d,
                                 Conv.Padding padding, Tensor kernel, Tensor bias, ActivationFn act) {
        super(spec, rank, cf, channels, channels * multiplier, bias == null ? null : bias.data(), act,
                Convolution.weightList(kernel, bias));
        this.k = k;
        this.s = s;
        this.d = d;
        this.padding = padding;
        this.multiplier = multiplier;
        this.kernel = kernel.data();
    }

    @Override
    protected boolean scaleOutputWeights(float[] scale) {
        ChannelAffine.scaleColumns(kernel, scale);
        return true;
    }

    @Override
    protected int[] outSpatial(int[] in) {
        return outSizes(in, k, s, d, padding);
    }

    @Override
    protected boolean validPadding() {
        return padding == Conv.Padding.VALID;
    }

    @Override
    protected float[] compute(float[] x, int batch, int[] in) {
        return computeFused(x, batch, in, null, null);
    }

    @Override
    protected float[] computeFused(float[] x, int batch, int[] in, float[] bias, ActivationFn act) {
        return Conv.depthwise(x, batch, channels, geometry(in, k, s, d, padding), kernel, multiplier, bias, act);
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
            int[] k = ConvConfig.ints(spec, "kernel_size", rank, null);
            int[] s = ConvConfig.ints(spec, "strides", rank, ConvConfig.fill(rank, 1));
            int[] d = ConvConfig.ints(spec, "dilation_rate", rank, ConvConfig.fill(rank, 1));
            int m = ConvConfig.ints(spec, "depth_multiplier", 1, new int[] {1})[0];
            Conv.Padding padding = ConvConfig.padding(spec, rank == 1, false);
            boolean cf = ConvConfig.channelsFirst(spec);
            boolean useBias = c.getBool("use_bias", true);
            ActivationFn act = LayerConfigs.activation(spec, "activation");
            Shape in = ctx.inputShape();
            int channels = ConvConfig.knownChannels(spec, in, rank, cf);
            WeightDecl kernel = WeightDecl.trainable(spec.writer() != null && spec.writer().isLegacy() ? "depthwise_kernel" : "kernel",
                    ConvConfig.kernelShape(k, channels, m));
            List<Tensor> w = useBias ? ctx.weights(kernel, WeightDecl.trainable("bias", channels * m)) : ctx.weights(kernel);
            DepthwiseConvolution layer = new DepthwiseConvolution(spec, rank, cf, channels, m, k, s, d, padding, w.get(0),
                    useBias ? w.get(1) : null, act);
            layer.outputShape(in);
            return layer;
        }
    }
}
