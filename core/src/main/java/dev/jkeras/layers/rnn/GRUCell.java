// GRUCell, blocks z (update), r (reset), h (candidate). reset_after=true (Keras 3 / tf.keras 2 default, bias
// (2, 3u) = input and recurrent bias): hh = act(x_h + r⊙(h·U_h + b_rh)). reset_after=false (Keras 1/2, bias (3u)):
// hh = act(x_h + (r⊙h)·U_h). Then h' = z⊙h + (1 − z)⊙hh. A config without the key predates it: false.
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

/** Keras {@code GRUCell} (also the cell of {@code GRU}). */
public final class GRUCell extends RecurrentCell {
    private final int inDim;
    private final int units;
    private final boolean resetAfter;
    /** reset_after: the input bias; else the only bias. */
    private final float[] inputBias;
    /** reset_after only: the recurrent bias. */
    private final float[] recurrentBias;
    private final ActivationFn activation;
    private final ActivationFn recurrentActivation;
    private final long params;
    private final MatMul.Packed packedKernel;
    /** reset_after: all of U; before: its z and r blocks. */
    private final MatMul.Packed packedRecurrent;
    /** reset_after: null; before: U's h block. */
    private final MatMul.Packed packedRecurrentH;

    GRUCell(LayerSpec spec, int inDim, int units, boolean resetAfter, Tensor kernel, Tensor recurrentKernel, Tensor bias,
            ActivationFn activation, ActivationFn recurrentActivation) {
        super(spec);
        this.inDim = inDim;
        this.units = units;
        this.resetAfter = resetAfter;
        if (bias == null) {
            inputBias = null;
            recurrentBias = null;
        } else if (resetAfter) {
            inputBias = Arrays.copyOfRange(bias.data(), 0, 3 * units);
            recurrentBias = Arrays.copyOfRange(bias.data(), 3 * units, 6 * units);
        } else {
            inputBias = bias.data();
            recurrentBias = null;
        }
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.params = count(Arrays.asList(kernel, recurrentKernel, bias));
        this.packedKernel = MatMul.pack(kernel.data(), inDim, 3 * units);
        this.packedRecurrent = MatMul.pack(recurrentKernel.data(), 0, 3 * units, units, resetAfter ? 3 * units : 2 * units);
        this.packedRecurrentH = resetAfter ? null : MatMul.pack(recurrentKernel.data(), 2 * units, 3 * units, units, units);
    }

    /** Parses the cell settings of {@code spec} (a GRU or GRUCell config) and reads its weights. */
    static GRUCell create(LayerSpec spec, BuildContext ctx, Shape step) {
        if (step.rank() != 1) throw dev.jkeras.layers.LayerConfigs.badInput(spec, "(batch, features) steps", step);
        int units = RnnConfig.positive(spec, "units");
        ActivationFn act = RnnConfig.activation(spec, "activation", "tanh");
        ActivationFn ract = RnnConfig.activation(spec, "recurrent_activation", RnnConfig.recurrentDefault(spec.writer()));
        boolean useBias = spec.config().getBool("use_bias", true);
        boolean resetAfter = spec.config().getBool("reset_after", false);
        List<WeightDecl> decls = new ArrayList<>(List.of(
                WeightDecl.trainable("kernel", step.dim(0), 3 * units),
                WeightDecl.trainable("recurrent_kernel", units, 3 * units)));
        if (useBias) decls.add(resetAfter ? WeightDecl.trainable("bias", 2, 3 * units) : WeightDecl.trainable("bias", 3 * units));
        List<Tensor> w = ctx.weights(decls);
        return new GRUCell(spec, step.dim(0), units, resetAfter, w.get(0), w.get(1), useBias ? w.get(2) : null, act, ract);
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
        return 3 * units;
    }

    @Override
    void project(float[] x, int xOff, int rows, float[] out, int outOff) {
        int g = 3 * units;
        MatMul.gemm(rows, x, xOff, inDim, packedKernel, out, outOff, g, inputBias, null);
    }

    @Override
    int scratchSize(int batch) {
        return batch * 3 * units + (resetAfter ? 0 : 2 * batch * units);
    }

    @Override
    void step(int batch, float[] proj, int projOff, int projStride, float[][] states, float[][] next, int s0,
              float[] scratch, int scratchOff) {
        int u = units, g = 3 * u;
        float[] h = states[s0], h2 = next[s0];
        // m = h·U (reset_after: all three blocks plus the recurrent bias; before: the z and r blocks)
        int mCols = resetAfter ? g : 2 * u;
        MatMul.gemm(batch, h, 0, u, packedRecurrent, scratch, scratchOff, mCols, null, null);
        for (int r = 0; r < batch; r++) {
            int m = scratchOff + r * mCols, p = projOff + r * projStride;
            if (resetAfter && recurrentBias != null) {
                for (int j = 0; j < g; j++) scratch[m + j] += recurrentBias[j];
            }
            for (int j = 0; j < 2 * u; j++) scratch[m + j] = proj[p + j] + scratch[m + j];
            if (!recurrentActivation.isIdentity()) {
                recurrentActivation.applyInPlace(scratch, m, 2 * u, u);
            }
        }
        if (resetAfter) {
            for (int r = 0; r < batch; r++) {
                int m = scratchOff + r * g, p = projOff + r * projStride;
                for (int j = 0; j < u; j++) scratch[m + 2 * u + j] = proj[p + 2 * u + j] + scratch[m + u + j] * scratch[m + 2 * u + j];
                if (!activation.isIdentity()) activation.applyInPlace(scratch, m + 2 * u, u, u);
                mix(scratch, m, m + 2 * u, h, h2, r * u);
            }
        } else {
            // hh = act(x_h + (r⊙h)·U_h)
            int rh = scratchOff + batch * mCols, q = rh + batch * u;
            for (int r = 0; r < batch; r++) {
                int m = scratchOff + r * mCols;
                for (int j = 0; j < u; j++) scratch[rh + r * u + j] = scratch[m + u + j] * h[r * u + j];
            }
            MatMul.gemm(batch, scratch, rh, u, packedRecurrentH, scratch, q, u, null, null);
            for (int r = 0; r < batch; r++) {
                int m = scratchOff + r * mCols, p = projOff + r * projStride, qr = q + r * u;
                for (int j = 0; j < u; j++) scratch[qr + j] = proj[p + 2 * u + j] + scratch[qr + j];
                if (!activation.isIdentity()) activation.applyInPlace(scratch, qr, u, u);
                mix(scratch, m, qr, h, h2, r * u);
            }
        }
    }

    /** h' = z⊙h + (1 − z)⊙hh for one row; z at {@code zo}, hh at {@code hho} in {@code s}. */
    private void mix(float[] s, int zo, int hho, float[] h, float[] h2, int ho) {
        for (int j = 0; j < units; j++) {
            float z = s[zo + j];
            h2[ho + j] = z * h[ho + j] + (1f - z) * s[hho + j];
        }
    }

    @Override
    public long paramCount() {
        return params;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("GRUCell");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return GRUCell.create(spec, ctx, ctx.inputShape().dropFirst());
        }
    }
}
