// Shared frame of the convolution-like layers: input checks, channels_first moved to channels_last and back,
// the bias add and the activation (applied in the layer's own data format, as Keras does).
package dev.jkeras.layers.convolutional;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.layer.ActivationFusion;
import dev.jkeras.layer.ChannelAffine;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.PaddingFusion;
import dev.jkeras.kernel.Conv;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Base of the layers over 1-3 spatial axes with weights, computed channels-last. */
public abstract class ConvBase extends UnaryLayer implements ChannelAffine, ActivationFusion.Target, PaddingFusion.Target, Cloneable {
    protected final int rank;
    protected final boolean channelsFirst;
    protected final int channels;
    protected final int outChannels;
    private float[] bias;
    private ActivationFn activation;
    /** Zeros (before, after) per spatial axis taken over from a ZeroPadding layer, or null. */
    private int[][] inputPad;
    private final long params;

    /**
     * @param bias       added to the channels-last output with this period (F for a per-channel bias,
     *                   positions·F for LocallyConnected), or null
     * @param weights    the stored weights, for {@link #paramCount()}
     */
    protected ConvBase(LayerSpec spec, int rank, boolean channelsFirst, int channels, int outChannels, float[] bias,
                       ActivationFn activation, List<Tensor> weights) {
        super(spec);
        this.rank = rank;
        this.channelsFirst = channelsFirst;
        this.channels = channels;
        this.outChannels = outChannels;
        this.bias = bias;
        this.activation = activation;
        this.params = count(weights);
    }

    @Override
    public Layer foldScaleShift(int axis, int outRank, float[] scale, float[] shift) {
        if (!activation.isIdentity() || outRank != rank + 2 || axis != (channelsFirst ? 1 : rank + 1) || scale.length != outChannels) {
            return null;
        }
        if (!scaleOutputWeights(scale)) return null;
        ConvBase copy = copy();
        copy.bias = ChannelAffine.foldedBias(bias, scale, shift);
        return copy;
    }

    @Override
    public Layer withInputPadding(int firstSpatialAxis, int[][] pad) {
        if (inputPad != null || !validPadding() || pad.length != rank || firstSpatialAxis != (channelsFirst ? 2 : 1)) return null;
        ConvBase copy = copy();
        copy.inputPad = pad;
        return copy;
    }

    /** A shallow copy sharing the immutable weights, for a fused variant set up before the model is published. */
    private ConvBase copy() {
        try {
            return (ConvBase) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True if this layer pads "valid" (none), so it can take over a ZeroPadding before it. */
    protected boolean validPadding() {
        return false;
    }

    /** The window geometry over input sizes {@code in}: the layer's padding mode, or the taken-over zero padding. */
    protected Conv.Geometry geometry(int[] in, int[] k, int[] s, int[] d, Conv.Padding padding) {
        if (inputPad == null) return Conv.Geometry.of(in, k, s, d, padding);
        int[] before = new int[rank];
        for (int a = 0; a < rank; a++) before[a] = inputPad[a][0];
        return Conv.Geometry.explicit(in, k, s, d, before, outSizes(in, k, s, d, padding));
    }

    /** Output sizes for input sizes {@code in} ({@link Shape#UNKNOWN} stays unknown). */
    protected int[] outSizes(int[] in, int[] k, int[] s, int[] d, Conv.Padding padding) {
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            int len = in[a] == Shape.UNKNOWN || inputPad == null ? in[a] : in[a] + inputPad[a][0] + inputPad[a][1];
            out[a] = Conv.outLength(len, k[a], s[a], d[a], padding);
        }
        return out;
    }

    @Override
    public Layer withActivation(ActivationFn fn) {
        if (!activation.isIdentity() || !MatMul.fusable(fn)) return null;
        ConvBase copy = copy();
        copy.activation = fn;
        return copy;
    }

    /**
     * Multiplies every output channel's weights by {@code scale}, in place (the weights are then the
     * folded copy's: see {@link ChannelAffine}); false if this layer cannot.
     */
    protected boolean scaleOutputWeights(float[] scale) {
        return false;
    }

    /** Output spatial sizes for input spatial sizes (entries may be {@link Shape#UNKNOWN}); 0 or less = does not fit. */
    protected abstract int[] outSpatial(int[] inSpatial);

    /** The channels-last output (batch, out..., outChannels) for channels-last input (batch, in..., channels); no bias. */
    protected abstract float[] compute(float[] x, int batch, int[] inSpatial);

    /**
     * {@link #compute(float[], int, int[])} with the bias and an elementwise activation applied by the
     * kernel (either may be null), for layers whose kernels fuse them; null if this layer does not.
     */
    protected float[] computeFused(float[] x, int batch, int[] inSpatial, float[] bias, ActivationFn act) {
        return null;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != rank + 2 || ConvConfig.channels(in, channelsFirst) != channels) {
            throw shapeError(ConvConfig.describe(rank, channelsFirst, channels), in);
        }
        int[] out = outSpatial(ConvConfig.spatial(in, channelsFirst));
        for (int o : out) {
            if (o != Shape.UNKNOWN && o < 1) {
                throw shapeError(ConvConfig.describe(rank, channelsFirst, channels) + " large enough for the window", in);
            }
        }
        return activation.outputShape(ConvConfig.shape(in.dim(0), out, outChannels, channelsFirst));
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        Tensor cl = channelsFirst ? ConvConfig.toChannelsLast(x) : x;
        int batch = x.dim(0);
        int[] sp = ConvConfig.spatial(x.shape(), channelsFirst);
        ActivationFn fusedAct = MatMul.fusable(activation) ? activation : null;
        float[] y = computeFused(cl.data(), batch, sp, bias, fusedAct);
        if (y != null) {
            Tensor out = Tensor.of(ConvConfig.shape(batch, outSpatial(sp), outChannels, false), y);
            if (channelsFirst) out = ConvConfig.toChannelsFirst(out);
            return fusedAct != null ? out : activation.applyOwned(out);
        }
        y = compute(cl.data(), batch, sp);
        if (bias != null) {
            int period = bias.length;
            for (int o = 0; o < y.length; o += period) {
                for (int j = 0; j < period; j++) y[o + j] += bias[j];
            }
        }
        Tensor out = Tensor.of(ConvConfig.shape(batch, outSpatial(sp), outChannels, false), y);
        if (channelsFirst) out = ConvConfig.toChannelsFirst(out);
        return activation.applyOwned(out);
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    @Override
    public long paramCount() {
        return params;
    }
}
