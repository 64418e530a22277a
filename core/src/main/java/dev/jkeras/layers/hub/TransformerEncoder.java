// KerasHub TransformerEncoder: self-attention (keras MultiHeadAttention, key_dim = hidden / heads) and a two-Dense
// feedforward, each with a residual add and LayerNormalization after (post-norm, BERT) or before (normalize_first).
// The attention mask merges padding_mask (else the input's Keras mask) with attention_mask; the input mask passes on.
package dev.jkeras.layers.hub;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** KerasHub {@code keras_hub.layers.TransformerEncoder}. */
public final class TransformerEncoder extends Layer {
    private final Layer attention;
    private final Layer attentionNorm;
    private final Layer feedforwardNorm;
    private final Layer intermediate;
    private final Layer output;
    private final boolean normalizeFirst;

    private TransformerEncoder(LayerSpec spec, Layer attention, Layer attentionNorm, Layer feedforwardNorm, Layer intermediate,
                               Layer output, boolean normalizeFirst) {
        super(spec);
        this.attention = attention;
        this.attentionNorm = attentionNorm;
        this.feedforwardNorm = feedforwardNorm;
        this.intermediate = intermediate;
        this.output = output;
        this.normalizeFirst = normalizeFirst;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in, Map<String, Object> kwargs) {
        if (Boolean.TRUE.equals(kwargs.get("return_attention_scores"))) {
            throw new UnsupportedFeatureException("layer '" + name() + "' (" + className() + "): return_attention_scores=True is not supported");
        }
        return outputShapes(in);
    }

    @Override
    public List<Tensor> call(Call call) {
        Tensor in = call.input(0);
        Tensor kerasMask = call.mask(0);
        Tensor mask = HubLayers.mergeMasks(kerasMask, first(call, "padding_mask"), first(call, "attention_mask"), where());
        Tensor x = normalizeFirst ? HubLayers.apply(attentionNorm, in) : in;
        List<Tensor> masks = kerasMask == null ? null : Arrays.asList(kerasMask, kerasMask);
        Tensor a = attention.forward(new Call(List.of(x, x), masks, mask == null ? Map.of() : Map.of("attention_mask", List.of(mask)), Map.of()))
                .values().get(0);
        x = HubLayers.add(a, in);
        if (!normalizeFirst) x = HubLayers.apply(attentionNorm, x);
        Tensor residual = x;
        if (normalizeFirst) x = HubLayers.apply(feedforwardNorm, x);
        x = HubLayers.apply(output, HubLayers.apply(intermediate, x));
        x = HubLayers.add(x, residual);
        if (!normalizeFirst) x = HubLayers.apply(feedforwardNorm, x);
        return List.of(x);
    }

    static Tensor first(Call call, String kwarg) {
        List<Tensor> t = call.tensorKwarg(kwarg);
        return t.isEmpty() ? null : t.get(0);
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return call.mask(0) == null ? null : new ArrayList<>(Arrays.asList(call.mask(0)));
    }

    private String where() {
        return "layer '" + name() + "' (" + className() + ")";
    }

    @Override
    public long paramCount() {
        return attention.paramCount() + attentionNorm.paramCount() + feedforwardNorm.paramCount() + intermediate.paramCount() + output.paramCount();
    }

    @Override
    public List<Layer> sublayers() {
        return List.of(attention, attentionNorm, feedforwardNorm, intermediate, output);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("keras_hub>TransformerEncoder");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            HubLayers.refuseDtype(spec);
            Shape in = HubLayers.sequence(spec, ctx.inputShapes().get(0));
            int hidden = in.dim(2);
            int heads = c.requireInt("num_heads");
            int intermediateDim = c.requireInt("intermediate_dim");
            if (heads <= 0 || hidden / heads == 0 || intermediateDim <= 0) {
                throw new ModelFormatException(spec.where() + ": num_heads " + heads + " and intermediate_dim " + intermediateDim
                        + " do not fit hidden size " + hidden);
            }
            double eps = c.getDouble("layer_norm_epsilon", 1e-5);
            double dropout = c.getDouble("dropout", 0.0);
            Object activation = c.has("activation") ? c.get("activation") : "relu";
            Layer attention = HubLayers.attention(ctx, "MultiHeadAttention", "_self_attention_layer", "self_attention_layer", heads,
                    hidden / heads, dropout, true, in, in);
            Layer attentionNorm = HubLayers.layerNorm(ctx, "_self_attention_layer_norm", "self_attention_layer_norm", eps, in);
            Layer ffNorm = HubLayers.layerNorm(ctx, "_feedforward_layer_norm", "feedforward_layer_norm", eps, in);
            Layer intermediate = HubLayers.dense(ctx, "_feedforward_intermediate_dense", "feedforward_intermediate_dense", intermediateDim,
                    activation, true, in);
            Layer output = HubLayers.dense(ctx, "_feedforward_output_dense", "feedforward_output_dense", hidden, null, true,
                    in.with(2, intermediateDim));
            return new TransformerEncoder(spec, attention, attentionNorm, ffNorm, intermediate, output, c.getBool("normalize_first", false));
        }
    }
}
