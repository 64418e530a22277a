// The pieces KerasHub's transformer layers share: TransformerEncoder/Decoder's common config (checked against the
// hidden size); the attention and two-Dense feedforward sub-blocks (also ViTEncoder's, always pre-norm), each a
// residual add with a LayerNormalization after it (post-norm) or before the sublayer (normalize_first).
package dev.jkeras.layers.hub;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Internal: the shared building blocks of KerasHub's transformer layers. */
final class TransformerBlocks {
    private TransformerBlocks() {}

    /** The config keys both transformer layers read, with KerasHub's defaults. */
    record Settings(int hidden, int heads, int intermediateDim, double eps, double dropout, Object activation, boolean normalizeFirst) {
        static Settings read(LayerSpec spec, int hidden) {
            Config c = spec.config();
            int heads = c.requireInt("num_heads");
            int intermediateDim = c.requireInt("intermediate_dim");
            if (heads <= 0 || hidden / heads == 0 || intermediateDim <= 0) {
                throw new ModelFormatException(spec.where() + ": num_heads " + heads + " and intermediate_dim " + intermediateDim
                        + " do not fit hidden size " + hidden);
            }
            return new Settings(hidden, heads, intermediateDim, c.getDouble("layer_norm_epsilon", 1e-5), c.getDouble("dropout", 0.0),
                    c.has("activation") ? c.get("activation") : "relu", c.getBool("normalize_first", false));
        }

        int headDim() {
            return hidden / heads;
        }
    }

    /** The feedforward sub-block: Dense(intermediate_dim, activation) then Dense(hidden), with its residual and norm. */
    record FeedForward(Layer norm, Layer intermediate, Layer output, boolean normalizeFirst) {
        static FeedForward build(BuildContext ctx, Settings s, Shape in) {
            Layer norm = HubLayers.layerNorm(ctx, "_feedforward_layer_norm", "feedforward_layer_norm", s.eps(), in);
            Layer intermediate = HubLayers.dense(ctx, "_feedforward_intermediate_dense", "feedforward_intermediate_dense",
                    s.intermediateDim(), s.activation(), true, in);
            Layer output = HubLayers.dense(ctx, "_feedforward_output_dense", "feedforward_output_dense", s.hidden(), null, true,
                    in.with(2, s.intermediateDim()));
            return new FeedForward(norm, intermediate, output, s.normalizeFirst());
        }

        Tensor apply(Tensor in) {
            Tensor x = normalizeFirst ? HubLayers.apply(norm, in) : in;
            x = HubLayers.add(HubLayers.apply(output, HubLayers.apply(intermediate, x)), in);
            return normalizeFirst ? x : HubLayers.apply(norm, x);
        }

        List<Layer> layers() {
            return List.of(norm, intermediate, output);
        }
    }

    /**
     * One attention sub-block: [norm] → attention (query the normalized input; value {@code value}, or the query
     * itself) → + input → [norm]. {@code masks} are the Keras masks handed to the attention layer (or null).
     */
    static Tensor attention(Layer attention, Layer norm, boolean normalizeFirst, Tensor in, Tensor value, List<Tensor> masks, Tensor mask) {
        Tensor x = normalizeFirst ? HubLayers.apply(norm, in) : in;
        Tensor v = value != null ? value : x;
        Tensor a = attention.forward(new Call(List.of(x, v), masks, mask == null ? Map.of() : Map.of("attention_mask", List.of(mask)), Map.of()))
                .values().get(0);
        Tensor y = HubLayers.add(a, in);
        return normalizeFirst ? y : HubLayers.apply(norm, y);
    }
}
