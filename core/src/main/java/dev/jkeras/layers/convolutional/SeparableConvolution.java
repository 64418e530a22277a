// SeparableConv1D/2D: a depthwise convolution (depth_multiplier M, the layer's strides/padding/dilation, no
// bias) followed by a 1x1 pointwise convolution to F filters, then bias and activation. Weights in Keras order:
// depthwise_kernel (k..., C, M), pointwise_kernel (1..., C·M, F), bias (F).
package dev.jkeras.layers.convolutional;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.kernel.Conv;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code SeparableConv1D}, {@code SeparableConv2D} (one class, by rank). */
public final class SeparableConvolution extends ConvBase {
    private final int[] k;
    private final int[] s;
    private final int[] d;
    private final Conv.Padding padding;
    private final int multiplier;
    private final float[] depthwise;
    private final MatMul.Packed packedPointwise;

    private SeparableConvolution(LayerSpec spec, int rank, boolean cf, int channels, int multiplier, int filters, int[] k, int[] s,
                                 int[] d, Conv.Padding padding, Tensor depthwise, Tensor pointwise, Tensor bias, ActivationFn act) {
        super(spec, rank, cf, channels, filters, bias == null ? null : bias.data(), act, Convolution.weightList(depthwise, pointwise, bias));
        this.k = k;
        this.s = s;
        this.d = d;
        this.padding = padding;
        this.multiplier = multiplier;
        this.depthwise = depthwise.data();
        this.packedPointwise = MatMul.pack(pointwise.data(), channels * multiplier, filters);
    }

    @Override
    protected boolean scaleOutputWeights(float[] scale) {
        packedPointwise.scaleColumns(scale);
        return true;
    }

    @Override
    protected int[] outSpatial(int[] in) {
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) out[a] = Conv.outLength(in[a], k[a], s[a], d[a], padding);
        return out;
    }

    @Override
    protected float[] compute(float[] x, int batch, int[] in) {
        return computeFused(x, batch, in, null, null);
    }

    @Override
    protected float[] computeFused(float[] x, int batch, int[] in, float[] bias, ActivationFn act) {
        float[] mid = Conv.depthwise(x, batch, channels, Conv.Geometry.of(in, k, s, d, padding), depthwise, multiplier);
        int pixels = mid.length / Math.max(1, channels * multiplier);
        float[] y = Buffers.take(pixels * outChannels);
        MatMul.gemm(pixels, mid, 0, channels * multiplier, packedPointwise, y, 0, outChannels, bias, act);
        Buffers.recycle(mid);
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
            LayerConfigs.refuseQuantized(spec);
            int filters = c.requireInt("filters");
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
            WeightDecl dw = WeightDecl.trainable("depthwise_kernel", ConvConfig.kernelShape(k, channels, m));
            WeightDecl pw = WeightDecl.trainable("pointwise_kernel", ConvConfig.kernelShape(ConvConfig.fill(rank, 1), channels * m, filters));
            List<Tensor> w = useBias ? ctx.weights(dw, pw, WeightDecl.trainable("bias", filters)) : ctx.weights(dw, pw);
            SeparableConvolution layer = new SeparableConvolution(spec, rank, cf, channels, m, filters, k, s, d, padding, w.get(0), w.get(1),
                    useBias ? w.get(2) : null, act);
            layer.outputShape(in);
            return layer;
        }
    }
}
