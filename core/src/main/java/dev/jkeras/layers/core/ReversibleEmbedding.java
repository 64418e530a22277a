// ReversibleEmbedding (Keras 3): a call without `reverse` is an Embedding lookup (and its mask_zero mask); a call
// recorded with reverse=True projects (..., output_dim) onto the vocabulary: x · embeddingsᵀ (tie_weights) or
// x · reverse_embeddings, then tanh(logits / logit_soft_cap) · logit_soft_cap if set. Quantized and LoRA layers are refused.
package dev.jkeras.layers.core;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keras {@code ReversibleEmbedding}: an {@link Embedding} that can also be called with {@code reverse=True}. */
public final class ReversibleEmbedding extends Layer {
    private final Embedding lookup;
    /** The reverse projection (output_dim × input_dim). */
    private final MatMul.Packed reverse;
    private final int inputDim;
    private final int outputDim;
    /** Logit soft cap, or NaN for none. */
    private final float softCap;
    private final long params;

    private ReversibleEmbedding(LayerSpec spec, Embedding lookup, MatMul.Packed reverse, int inputDim, int outputDim, float softCap,
                                long params) {
        super(spec);
        this.lookup = lookup;
        this.reverse = reverse;
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.softCap = softCap;
        this.params = params;
    }

    private static boolean reversed(Map<String, Object> kwargs) {
        return Boolean.TRUE.equals(kwargs.get("reverse"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        return outputShapes(inputShapes, Map.of());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes, Map<String, Object> kwargs) {
        if (!reversed(kwargs)) return lookup.outputShapes(inputShapes);
        if (inputShapes.size() != 1) {
            throw new InputException("layer '" + name() + "' (" + className() + ") takes 1 input, got " + inputShapes.size());
        }
        Shape in = inputShapes.get(0);
        if (in.rank() < 1 || in.dim(-1) != outputDim) {
            throw new InputException("layer '" + name() + "' (" + className() + "): a reverse call expects input (..., " + outputDim + "), found " + in);
        }
        return List.of(in.with(-1, inputDim));
    }

    @Override
    public List<Tensor> call(Call call) {
        if (!reversed(call.kwargs())) return lookup.call(call);
        Shape out = outputShapes(List.of(call.input(0).shape()), call.kwargs()).get(0);
        Tensor x = call.input(0);
        int rows = x.size() / outputDim;
        float[] y = Buffers.take(rows * inputDim);
        MatMul.gemm(rows, x.data(), 0, outputDim, reverse, y, 0, inputDim, null, null);
        if (!Float.isNaN(softCap)) {
            for (int i = 0; i < y.length; i++) y[i] = (float) Math.tanh(y[i] / softCap) * softCap;
        }
        return List.of(Tensor.of(out, y));
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return reversed(call.kwargs()) ? null : lookup.outputMasks(call, outputs);
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    @Override
    public long paramCount() {
        return params;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("ReversibleEmbedding");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            LayerConfigs.refuseQuantized(spec);
            if (c.get("lora_rank") != null) {
                throw new UnsupportedFeatureException(spec.where() + ": LoRA-enabled ReversibleEmbedding (lora_rank " + c.get("lora_rank")
                        + ") is not supported: Keras applies the LoRA update to forward lookups only");
            }
            String reverseDtype = c.getString("reverse_dtype", null);
            if (reverseDtype != null && !reverseDtype.equals("float32")) {
                throw new UnsupportedFeatureException(spec.where() + ": reverse_dtype '" + reverseDtype
                        + "' is not supported (supported: null or \"float32\")");
            }
            int inputDim = c.requireInt("input_dim");
            int outputDim = c.requireInt("output_dim");
            boolean tied = c.getBool("tie_weights", true);
            float softCap = c.get("logit_soft_cap") == null ? Float.NaN : c.getFloat("logit_soft_cap", 0f);
            List<WeightDecl> decls = new ArrayList<>(List.of(WeightDecl.trainable("embeddings", inputDim, outputDim)));
            if (!tied) decls.add(WeightDecl.trainable("reverse_embeddings", outputDim, inputDim));
            List<Tensor> w = ctx.weights(decls);
            Tensor embeddings = w.get(0);
            Tensor kernel = tied ? Transpose.permute(embeddings, 1, 0) : w.get(1);
            Embedding lookup = new Embedding(spec, inputDim, outputDim, c.getBool("mask_zero", false), embeddings);
            long params = (long) inputDim * outputDim * (tied ? 1 : 2);
            return new ReversibleEmbedding(spec, lookup, MatMul.pack(kernel.data(), outputDim, inputDim), inputDim, outputDim, softCap, params);
        }
    }
}
