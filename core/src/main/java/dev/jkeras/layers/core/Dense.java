// Dense: y = activation(x · kernel + bias) over the last axis, for inputs of any rank >= 2.
// Keras order of float ops: matmul, then bias add, then activation. Passes the input mask through.
package dev.jkeras.layers.core;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.layer.ActivationFusion;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.ChannelAffine;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Keras {@code Dense}. */
public final class Dense extends UnaryLayer implements ChannelAffine, ActivationFusion.Target {
    private final int inDim;
    private final int units;
    private final float[] bias;
    private final long params;
    private final ActivationFn activation;
    private final MatMul.Packed packed;

    private Dense(String name, String className, int inDim, int units, Tensor kernel, Tensor bias, ActivationFn activation) {
        this(name, className, inDim, units, MatMul.pack(kernel.data(), inDim, units), bias == null ? null : bias.data(),
                count(Arrays.asList(kernel, bias)), activation);
    }

    private Dense(String name, String className, int inDim, int units, MatMul.Packed packed, float[] bias, long params,
                  ActivationFn activation) {
        super(name, className);
        this.inDim = inDim;
        this.units = units;
        this.bias = bias;
        this.params = params;
        this.activation = activation;
        this.packed = packed;
    }

    @Override
    public Layer foldScaleShift(int axis, int rank, float[] scale, float[] shift) {
        if (!activation.isIdentity() || axis != rank - 1 || scale.length != units) return null;
        packed.scaleColumns(scale);
        return new Dense(name(), className(), inDim, units, packed, ChannelAffine.foldedBias(bias, scale, shift), params, activation);
    }

    @Override
    public Layer withActivation(ActivationFn fn) {
        if (!activation.isIdentity() || !MatMul.fusable(fn)) return null;
        return new Dense(name(), className(), inDim, units, packed, bias, params, fn);
    }

    public ActivationFn activation() {
        return activation;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() < 2 || in.dim(-1) != inDim) throw shapeError("(..., " + inDim + ")", in);
        return activation.outputShape(in.with(-1, units));
    }

    @Override
    public Tensor apply(Tensor x) {
        if (x.rank() < 2 || x.dim(-1) != inDim) throw shapeError("(..., " + inDim + ")", x.shape());
        int rows = x.shape().sub(0, x.rank() - 1).size();
        float[] y = Buffers.take(rows * units);
        boolean fuse = MatMul.fusable(activation);
        MatMul.gemm(rows, x.data(), 0, inDim, packed, y, 0, units, bias, fuse ? activation : null);
        Tensor out = Tensor.of(x.shape().with(-1, units), y);
        return fuse ? out : activation.applyOwned(out);
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    @Override
    public long paramCount() {
        return params;
    }

    @Override
    protected boolean passesMask() {
        return true;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Dense");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            LayerConfigs.refuseQuantized(spec);
            Shape in = ctx.inputShape();
            if (in.rank() < 2 || in.dim(-1) == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, "(batch, ..., features) with known features", in);
            int units = c.requireInt("units");
            boolean useBias = c.getBool("use_bias", true);
            ActivationFn act = LayerConfigs.activation(spec, "activation");
            List<Tensor> w = useBias
                    ? ctx.weights(WeightDecl.trainable("kernel", in.dim(-1), units), WeightDecl.trainable("bias", units))
                    : ctx.weights(WeightDecl.trainable("kernel", in.dim(-1), units));
            return new Dense(spec.name(), spec.className(), in.dim(-1), units, w.get(0), useBias ? w.get(1) : null, act);
        }
    }
}
