// LSTMCell: z = x·W + h·U + b with gate blocks i, f, c, o; c' = f⊙c + i⊙act(z_c); h' = o⊙act(c').
// Output = h'; states [h, c]. Keras 1's 12-array layout is packed by the importer (LegacyConversions).
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

/** Keras {@code LSTMCell} (also the cell of {@code LSTM}). */
public final class LSTMCell extends RecurrentCell {
    private final int inDim;
    private final int units;
    private final float[] bias;
    private final ActivationFn activation;
    private final ActivationFn recurrentActivation;
    private final long params;
    private final MatMul.Packed packedKernel;
    private final MatMul.Packed packedRecurrent;

    LSTMCell(LayerSpec spec, int inDim, int units, Tensor kernel, Tensor recurrentKernel, Tensor bias, ActivationFn activation,
             ActivationFn recurrentActivation) {
        super(spec);
        this.inDim = inDim;
        this.units = units;
        this.bias = bias == null ? null : bias.data();
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.params = count(Arrays.asList(kernel, recurrentKernel, bias));
        this.packedKernel = MatMul.pack(kernel.data(), inDim, 4 * units);
        this.packedRecurrent = MatMul.pack(recurrentKernel.data(), units, 4 * units);
    }

    /** Parses the cell settings of {@code spec} (an LSTM or LSTMCell config) and reads its weights. */
    static LSTMCell create(LayerSpec spec, BuildContext ctx, Shape step) {
        if (step.rank() != 1) throw dev.jkeras.layers.LayerConfigs.badInput(spec, "(batch, features) steps", step);
        int units = RnnConfig.positive(spec, "units");
        ActivationFn act = RnnConfig.activation(spec, "activation", "tanh");
        ActivationFn ract = RnnConfig.activation(spec, "recurrent_activation", RnnConfig.recurrentDefault(spec.writer()));
        boolean useBias = spec.config().getBool("use_bias", true);
        List<WeightDecl> decls = new ArrayList<>(List.of(
                WeightDecl.trainable("kernel", step.dim(0), 4 * units),
                WeightDecl.trainable("recurrent_kernel", units, 4 * units)));
        if (useBias) decls.add(WeightDecl.trainable("bias", 4 * units));
        List<Tensor> w = ctx.weights(decls);
        return new LSTMCell(spec, step.dim(0), units, w.get(0), w.get(1), useBias ? w.get(2) : null, act, ract);
    }

    @Override
    public Shape stepInputShape() {
        return Shape.of(inDim);
    }

    @Override
    public List<Shape> stateShapes() {
        return List.of(Shape.of(units), Shape.of(units));
    }

    @Override
    int projectionSize() {
        return 4 * units;
    }

    @Override
    void project(float[] x, int xOff, int rows, float[] out, int outOff) {
        MatMul.gemm(rows, x, xOff, inDim, packedKernel, out, outOff, 4 * units, null, null);
    }

    @Override
    int scratchSize(int batch) {
        return batch * 4 * units + units;
    }

    @Override
    void step(int batch, float[] proj, int projOff, int projStride, float[][] states, float[][] next, int s0,
              float[] scratch, int scratchOff) {
        int u = units, g = 4 * u;
        float[] c = states[s0 + 1], h2 = next[s0], c2 = next[s0 + 1];
        MatMul.gemm(batch, states[s0], 0, u, packedRecurrent, scratch, scratchOff, g, null, null);
        int actC = scratchOff + batch * g;
        for (int r = 0; r < batch; r++) {
            int zo = scratchOff + r * g, p = projOff + r * projStride, ho = r * u;
            for (int j = 0; j < g; j++) scratch[zo + j] = proj[p + j] + scratch[zo + j];
            if (bias != null) {
                for (int j = 0; j < g; j++) scratch[zo + j] += bias[j];
            }
            if (!recurrentActivation.isIdentity()) {
                recurrentActivation.applyInPlace(scratch, zo, 2 * u, u);
                recurrentActivation.applyInPlace(scratch, zo + 3 * u, u, u);
            }
            if (!activation.isIdentity()) activation.applyInPlace(scratch, zo + 2 * u, u, u);
            for (int j = 0; j < u; j++) {
                float cn = scratch[zo + u + j] * c[ho + j] + scratch[zo + j] * scratch[zo + 2 * u + j];
                c2[ho + j] = cn;
                scratch[actC + j] = cn;
            }
            if (!activation.isIdentity()) activation.applyInPlace(scratch, actC, u, u);
            for (int j = 0; j < u; j++) h2[ho + j] = scratch[zo + 3 * u + j] * scratch[actC + j];
        }
    }

    @Override
    public long paramCount() {
        return params;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("LSTMCell");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return LSTMCell.create(spec, ctx, ctx.inputShape().dropFirst());
        }
    }
}
