// Embedding: y[..., :] = embeddings[int(x[...])]; indices arrive as float32 and are truncated to int.
// An index outside [0, input_dim) is refused (Keras's jax backend would clip or give NaN silently).
// mask_zero: output mask x != 0 (on the raw input values); the input mask is dropped.
package dev.jkeras.layers.core;

import dev.jkeras.error.InputException;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
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

/** Keras {@code Embedding}. */
public final class Embedding extends UnaryLayer {
    private final int inputDim;
    private final int outputDim;
    private final boolean maskZero;
    private final Tensor embeddings;

    Embedding(LayerSpec spec, int inputDim, int outputDim, boolean maskZero, Tensor embeddings) {
        super(spec);
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.maskZero = maskZero;
        this.embeddings = embeddings;
    }

    @Override
    public Shape outputShape(Shape in) {
        return in.append(outputDim);
    }

    @Override
    public Tensor apply(Tensor x) {
        float[] idx = x.data();
        float[] table = embeddings.data();
        float[] y = Buffers.take(idx.length * outputDim);
        for (int i = 0; i < idx.length; i++) {
            float v = idx[i];
            int k = (int) v;
            if (Float.isNaN(v) || k < 0 || k >= inputDim) throw badIndex(x.shape(), i, v);
            System.arraycopy(table, k * outputDim, y, i * outputDim, outputDim);
        }
        return Tensor.of(x.shape().append(outputDim), y);
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    private InputException badIndex(Shape shape, int flat, float v) {
        int[] pos = new int[shape.rank()];
        for (int a = shape.rank() - 1, r = flat; a >= 0; a--) {
            pos[a] = r % shape.dim(a);
            r /= shape.dim(a);
        }
        return new InputException("layer '" + name() + "' (Embedding): input value " + v + " at index " + Arrays.toString(pos)
                + " is not a valid token id; expected integers in [0, " + inputDim + ")");
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        if (!maskZero) return null;
        Tensor x = call.input(0);
        float[] m = new float[x.size()];
        float[] d = x.data();
        for (int i = 0; i < m.length; i++) m[i] = d[i] != 0f ? 1f : 0f;
        return List.of(Tensor.of(x.shape(), m));
    }

    @Override
    public long paramCount() {
        return embeddings.size();
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Embedding");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            LayerConfigs.refuseQuantized(spec);
            ctx.inputShape();
            int inputDim = c.requireInt("input_dim");
            int outputDim = c.requireInt("output_dim");
            boolean maskZero = c.getBool("mask_zero", false);
            Tensor e = ctx.weights(WeightDecl.trainable("embeddings", inputDim, outputDim)).get(0);
            return new Embedding(spec, inputDim, outputDim, maskZero, e);
        }
    }
}
