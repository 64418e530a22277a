// KerasHub TransformerEncoder: self-attention (keras MultiHeadAttention, key_dim = hidden / heads) and a two-Dense
// feedforward, each with a residual add and LayerNormalization after (post-norm, BERT) or before (normalize_first).
// The attention mask merges padding_mask (else the input's Keras mask) with attention_mask; the input mask passes on.
package dev.jkeras.layers.hub;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
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
public final class TransformerEncoder extends TransformerLayer {
    private final Layer attention;
    private final Layer attentionNorm;
    private final TransformerBlocks.FeedForward feedforward;

    private TransformerEncoder(LayerSpec spec, Layer attention, Layer attentionNorm, TransformerBlocks.FeedForward feedforward) {
        super(spec);
        this.attention = attention;
        this.attentionNorm = attentionNorm;
        this.feedforward = feedforward;
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
        List<Tensor> masks = kerasMask == null ? null : Arrays.asList(kerasMask, kerasMask);
        Tensor x = TransformerBlocks.attention(attention, attentionNorm, feedforward.normalizeFirst(), in, null, masks, mask);
        return List.of(feedforward.apply(x));
    }

    @Override
    public List<Layer> sublayers() {
        List<Layer> all = new ArrayList<>(List.of(attention, attentionNorm));
        all.addAll(feedforward.layers());
        return all;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("keras_hub>TransformerEncoder");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            HubLayers.refuseDtype(spec);
            Shape in = HubLayers.sequence(spec, ctx.inputShapes().get(0));
            TransformerBlocks.Settings s = TransformerBlocks.Settings.read(spec, in.dim(2));
            Layer attention = HubLayers.attention(ctx, "MultiHeadAttention", "_self_attention_layer", "self_attention_layer", s.heads(),
                    s.headDim(), s.dropout(), true, in, in);
            Layer attentionNorm = HubLayers.layerNorm(ctx, "_self_attention_layer_norm", "self_attention_layer_norm", s.eps(), in);
            return new TransformerEncoder(spec, attention, attentionNorm, TransformerBlocks.FeedForward.build(ctx, s, in));
        }
    }
}
