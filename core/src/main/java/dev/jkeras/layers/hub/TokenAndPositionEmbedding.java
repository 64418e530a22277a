// KerasHub TokenAndPositionEmbedding: a ReversibleEmbedding lookup of token ids plus a PositionEmbedding of the result
// (its sublayers token_embedding and position_embedding); the output keeps the token embedding's mask (mask_zero).
package dev.jkeras.layers.hub;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** KerasHub {@code keras_hub.layers.TokenAndPositionEmbedding}. */
public final class TokenAndPositionEmbedding extends Layer {
    private final Layer tokens;
    private final Layer positions;

    private TokenAndPositionEmbedding(LayerSpec spec, Layer tokens, Layer positions) {
        super(spec);
        this.tokens = tokens;
        this.positions = positions;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return tokens.outputShapes(in);
    }

    @Override
    public Outputs forward(Call call) {
        Outputs t = tokens.forward(Call.of(call.input(0)));
        Tensor x = t.values().get(0);
        Tensor p = positions.call(new Call(List.of(x), null, call.tensorKwargs(), call.kwargs())).get(0);
        return new Outputs(List.of(HubLayers.add(x, p)), t.masks());
    }

    @Override
    public List<Tensor> call(Call call) {
        return forward(call).values();
    }

    @Override
    public long paramCount() {
        return tokens.paramCount() + positions.paramCount();
    }

    @Override
    public List<Layer> sublayers() {
        return List.of(tokens, positions);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("keras_hub>TokenAndPositionEmbedding");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            HubLayers.refuseDtype(spec);
            int vocab = c.requireInt("vocabulary_size");
            int length = c.requireInt("sequence_length");
            int dim = c.requireInt("embedding_dim");
            if (vocab <= 0 || length <= 0 || dim <= 0) {
                throw new ModelFormatException(spec.where() + ": vocabulary_size, sequence_length and embedding_dim must be positive");
            }
            Shape in = ctx.inputShapes().get(0);
            Layer tokens = ctx.build(spec.sublayer("ReversibleEmbedding", "token_embedding", "token_embedding",
                    HubLayers.config("input_dim", vocab, "output_dim", dim, "tie_weights", c.getBool("tie_weights", true),
                            "mask_zero", c.getBool("mask_zero", false))), List.of(in));
            Shape embedded = tokens.outputShapes(List.of(in)).get(0);
            Layer positions = ctx.build(spec.sublayer("keras_hub>PositionEmbedding", "position_embedding", "position_embedding",
                    HubLayers.config("sequence_length", length)), List.of(embedded));
            return new TokenAndPositionEmbedding(spec, tokens, positions);
        }
    }
}
