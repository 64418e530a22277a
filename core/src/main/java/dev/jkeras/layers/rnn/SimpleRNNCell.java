// SimpleRNNCell: h' = act(x·W + b + h·U); output = new state = h'. Keras 1 stores the same W, U, b.
package dev.jkeras.layers.rnn;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keras {@code SimpleRNNCell} (also the cell of {@code SimpleRNN}). */
public final class SimpleRNNCell extends RecurrentCell {
    private final int inDim;
    private final int units;
    private final float[] bias;
    private final long params;
    private final ActivationFn activation;
    private final MatMul.Packed packedKernel;
    private final MatMul.Packed packedRecurrent;

    private SimpleRNNCell(LayerSpec spec, int inDim, int units, List<Tensor> w, boolean useBias, ActivationFn activation) {
        super(spec);
        this.inDim = inDim;
        this.units = units;
        this.bias = useBias ? w.get(2).data() : null;
        this.params = count(w);
        this.activation = activation;
        this.packedKernel = MatMul.pack(w.get(0).data(), inDim, units);
        this.packedRecurrent = MatMul.pack(w.get(1).data(), units, units);
    }

    /** Parses the cell settings of {@code spec} (a SimpleRNN or SimpleRNNCell config) and reads its weights. */
    static SimpleRNNCell create(LayerSpec spec, BuildContext ctx, Shape step) {
        if (step.rank() != 1) throw dev.jkeras.layers.LayerConfigs.badInput(spec, "(batch, features) steps", step);
        int units = RnnConfig.positive(spec, "units");
        ActivationFn act = RnnConfig.activation(spec, "activation", "tanh");
        boolean useBias = spec.config().getBool("use_bias", true);
        List<WeightDecl> decls = new ArrayList<>(List.of(
                WeightDecl.trainable("kernel", step.dim(0), units),
                WeightDecl.trainable("recurrent_kernel", units, units)));
        if (useBias) decls.add(WeightDecl.trainable("bias", units));
        return new SimpleRNNCell(spec, step.dim(0), units, ctx.weights(decls), useBias, act);
    }

    @Override
    public Shape stepInputShape() {
        return Shape.of(inDim);
    }

    @Override
    public List<Shape> stateShapes() {
        return List.of(Shape.of(units));
    }

    @Override
    int projectionSize() {
        return units;
    }

    @Override
    void project(float[] x, int xOff, int rows, float[] out, int outOff) {
        MatMul.gemm(rows, x, xOff, inDim, packedKernel, out, outOff, units, bias, null);
    }

    @Override
    int scratchSize(int batch) {
        return 0;
    }

    @Override
    void step(int batch, float[] proj, int projOff, int projStride, float[][] states, float[][] next, int s0,
              float[] scratch, int scratchOff) {
        float[] h = next[s0];
        MatMul.gemm(batch, states[s0], 0, units, packedRecurrent, h, 0, units, null, null);
        for (int r = 0; r < batch; r++) {
            int p = projOff + r * projStride, o = r * units;
            for (int j = 0; j < units; j++) h[o + j] = proj[p + j] + h[o + j];
        }
        applyRows(activation, h, batch, units, 0, units);
    }

    @Override
    public long paramCount() {
        return params;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("SimpleRNNCell");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return SimpleRNNCell.create(spec, ctx, ctx.inputShape().dropFirst());
        }
    }
}
