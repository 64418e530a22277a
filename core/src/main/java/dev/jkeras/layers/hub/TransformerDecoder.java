// KerasHub TransformerDecoder: causal self-attention (CachedMultiHeadAttention), optional cross-attention on an encoder
// sequence, and a two-Dense feedforward, each with a residual add and LayerNormalization after or before
// (normalize_first, GPT-2). Self-attention mask: decoder padding/attention masks (else the Keras mask) AND causal
// (use_causal_mask, default True); cross-attention mask from the encoder's. Generation caches are refused.
package dev.jkeras.layers.hub;

import dev.jkeras.error.InputException;
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
import java.util.List;
import java.util.Map;

/** KerasHub {@code keras_hub.layers.TransformerDecoder}. */
public final class TransformerDecoder extends TransformerLayer {
    private static final List<String> CACHES = List.of("self_attention_cache", "self_attention_cache_update_index",
            "cross_attention_cache", "cross_attention_cache_update_index");

    private final Layer selfAttention;
    private final Layer selfNorm;
    private final Layer crossAttention;
    private final Layer crossNorm;
    private final TransformerBlocks.FeedForward feedforward;

    private TransformerDecoder(LayerSpec spec, Layer selfAttention, Layer selfNorm, Layer crossAttention, Layer crossNorm,
                               TransformerBlocks.FeedForward feedforward) {
        super(spec);
        this.selfAttention = selfAttention;
        this.selfNorm = selfNorm;
        this.crossAttention = crossAttention;
        this.crossNorm = crossNorm;
        this.feedforward = feedforward;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        if ((in.size() > 1) != (crossAttention != null)) {
            throw new InputException(where() + ": built " + (crossAttention != null ? "with" : "without")
                    + " cross-attention, so it takes " + (crossAttention != null ? "decoder and encoder sequences" : "one decoder sequence")
                    + ", found " + in.size() + " input(s)");
        }
        return List.of(in.get(0));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in, Map<String, List<Shape>> tensorKwargShapes, Map<String, Object> kwargs) {
        for (String k : CACHES) {
            if (tensorKwargShapes.containsKey(k) || kwargs.get(k) != null) {
                throw new UnsupportedFeatureException(where() + ": the call argument '" + k
                        + "' is not supported (generation caches are a Python-side loop; call the layer without them)");
            }
        }
        return outputShapes(in);
    }

    @Override
    public List<Tensor> call(Call call) {
        Tensor dec = call.input(0);
        Tensor selfMask = HubLayers.mergeMasks(call.mask(0), first(call, "decoder_padding_mask"),
                first(call, "decoder_attention_mask"), where());
        if (selfMask != null && (selfMask.dim(0) != dec.dim(0) || selfMask.dim(2) != dec.dim(1))) {
            throw new InputException(where() + ": the decoder masks " + selfMask.shape() + " do not match the decoder sequence " + dec.shape());
        }
        if (!Boolean.FALSE.equals(call.kwargs().get("use_causal_mask"))) selfMask = causal(selfMask, dec.dim(0), dec.dim(1));
        Tensor x = attend(selfAttention, selfNorm, dec, null, selfMask);
        if (crossAttention != null) {
            Tensor enc = call.input(1);
            Tensor crossMask = HubLayers.mergeMasks(call.mask(1), first(call, "encoder_padding_mask"),
                    first(call, "encoder_attention_mask"), where());
            x = attend(crossAttention, crossNorm, x, enc, crossMask);
        }
        return List.of(feedforward.apply(x));
    }

    private Tensor attend(Layer attention, Layer norm, Tensor in, Tensor value, Tensor mask) {
        return TransformerBlocks.attention(attention, norm, feedforward.normalizeFirst(), in, value, null, mask);
    }

    /** KerasHub's compute_causal_mask (B, T, T) ANDed with {@code mask} ((B, 1, T) or (B, T, T), or null). */
    private static Tensor causal(Tensor mask, int b, int t) {
        float[] out = new float[b * t * t];
        for (int i = 0; i < b; i++) {
            for (int q = 0; q < t; q++) {
                for (int k = 0; k <= q; k++) {
                    float m = mask == null ? 1f : mask.dim(1) == 1 ? mask.data()[i * t + k] : mask.data()[(i * t + q) * t + k];
                    out[(i * t + q) * t + k] = m;
                }
            }
        }
        return Tensor.of(dev.jkeras.tensor.Shape.of(b, t, t), out);
    }

    @Override
    public List<Layer> sublayers() {
        List<Layer> all = new ArrayList<>(List.of(selfAttention, selfNorm));
        if (crossAttention != null) all.addAll(List.of(crossAttention, crossNorm));
        all.addAll(feedforward.layers());
        return all;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("keras_hub>TransformerDecoder");
        }

        @Override
        public List<String> callArguments() {
            return List.of("decoder_sequence", "encoder_sequence");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            HubLayers.refuseDtype(spec);
            List<Shape> shapes = ctx.inputShapes();
            Shape dec = HubLayers.sequence(spec, shapes.get(0));
            Shape enc = shapes.size() > 1 ? HubLayers.sequence(spec, shapes.get(1)) : null;
            if (enc == null && c.get("encoder_sequence_shape") != null) {
                throw new ModelFormatException(spec.where() + ": the config has an encoder_sequence_shape (cross-attention), but the layer "
                        + "is called without an encoder sequence");
            }
            TransformerBlocks.Settings s = TransformerBlocks.Settings.read(spec, dec.dim(2));
            String cached = "keras_hub>CachedMultiHeadAttention";
            Layer self = HubLayers.attention(ctx, cached, "_self_attention_layer", "self_attention", s.heads(), s.headDim(), s.dropout(), true,
                    dec, dec);
            Layer selfNorm = HubLayers.layerNorm(ctx, "_self_attention_layer_norm", "self_attention_layer_norm", s.eps(), dec);
            Layer cross = null, crossNorm = null;
            if (enc != null) {
                cross = HubLayers.attention(ctx, cached, "_cross_attention_layer", "cross_attention", s.heads(), s.headDim(), s.dropout(),
                        true, dec, enc);
                crossNorm = HubLayers.layerNorm(ctx, "_cross_attention_layer_norm", "cross_attention_layer_norm", s.eps(), dec);
            }
            return new TransformerDecoder(spec, self, selfNorm, cross, crossNorm, TransformerBlocks.FeedForward.build(ctx, s, dec));
        }
    }
}
