// Conv1D/2D/3D: y = activation(conv(x, kernel) + bias); cross-correlation with strides, dilation, groups and
// valid/same padding (TF rule: the odd extra pad goes at the end), causal for Conv1D, Keras 1 "full".
// Kernel (k..., C/groups, F) for both data formats; channels_first inputs are moved to channels_last and back.
package dev.jkeras.layers.convolutional;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.kernel.Conv;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code Conv1D}, {@code Conv2D}, {@code Conv3D} (one class, by rank). */
public final class Convolution extends ConvBase {
    private final int[] k;
    private final int[] s;
    private final int[] d;
    private final Conv.Padding padding;
    private final int groups;
    private final Conv.Kernel packed;

    private Convolution(LayerSpec spec, int rank, boolean cf, int channels, int filters, int[] k, int[] s, int[] d,
                        Conv.Padding padding, int groups, Tensor kernel, Tensor bias, ActivationFn act) {
        super(spec, rank, cf, channels, filters, bias == null ? null : bias.data(), act, weightList(kernel, bias));
        this.k = k;
        this.s = s;
        this.d = d;
        this.padding = padding;
        this.groups = groups;
        int ks = 1;
        for (int v : k) ks *= v;
        this.packed = Conv.pack(kernel.data(), ks, channels, filters, groups);
    }

    @Override
    protected boolean scaleOutputWeights(float[] scale) {
        packed.scaleFilters(scale);
        return true;
    }

    static List<Tensor> weightList(Tensor... ws) {
        List<Tensor> l = new ArrayList<>();
        for (Tensor w : ws) if (w != null) l.add(w);
        return l;
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
        Conv.Geometry geo = geometry(in, k, s, d, padding);
        float[] y = Buffers.take(batch * geo.outSize() * outChannels);
        Conv.conv(x, 0, batch, channels, geo, packed, bias, act, y, 0);
        return y;
    }

    /** Refuses LoRA-enabled layers: their legacy HDF5 weights are split into kernel, lora_kernel_a and lora_kernel_b. */
    static void refuseLora(LayerSpec spec) {
        if (spec.config().get("lora_rank") != null) {
            throw new UnsupportedFeatureException(spec.where() + ": LoRA-enabled convolutions (lora_rank " + spec.config().get("lora_rank")
                    + ") are not supported; merge the LoRA weights (disable LoRA) before saving");
        }
    }

    /** The factory for one rank; {@code names} are the Keras 3 class name then its Keras 1/2 aliases. */
    public static final class Factory extends RankFactory {
        public Factory(int rank, String... names) {
            super(rank, names);
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            LayerConfigs.refuseQuantized(spec);
            refuseLora(spec);
            int filters = c.requireInt("filters");
            int[] k = ConvConfig.ints(spec, "kernel_size", rank, null);
            int[] s = ConvConfig.ints(spec, "strides", rank, ConvConfig.fill(rank, 1));
            int[] d = ConvConfig.ints(spec, "dilation_rate", rank, ConvConfig.fill(rank, 1));
            int groups = c.getInt("groups", 1);
            Conv.Padding padding = ConvConfig.padding(spec, rank == 1, true);
            boolean cf = ConvConfig.channelsFirst(spec);
            boolean useBias = c.getBool("use_bias", true);
            ActivationFn act = LayerConfigs.activation(spec, "activation");
            Shape in = ctx.inputShape();
            int channels = ConvConfig.knownChannels(spec, in, rank, cf);
            if (filters < 1 || groups < 1 || channels % groups != 0 || filters % groups != 0) {
                throw new ModelFormatException(spec.where() + ": groups = " + groups + " must divide both the input channels ("
                        + channels + ") and filters (" + filters + ")");
            }
            WeightDecl kernel = WeightDecl.trainable("kernel", ConvConfig.kernelShape(k, channels / groups, filters));
            List<Tensor> w = useBias ? ctx.weights(kernel, WeightDecl.trainable("bias", filters)) : ctx.weights(kernel);
            Convolution layer = new Convolution(spec, rank, cf, channels, filters, k, s, d, padding, groups, w.get(0),
                    useBias ? w.get(1) : null, act);
            layer.outputShape(in);
            return layer;
        }
    }
}
