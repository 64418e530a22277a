// KerasHub DistilBERT (keras_hub.src.models.distil_bert): DistilBertBackbone (TokenAndPositionEmbedding,
// LayerNorm(1e-12), post-norm TransformerEncoders with exact gelu; one output, the sequence) and
// DistilBertTextClassifier (x[:, 0, :] → Dense(hidden, relu) pooled_dense → dropout → Dense logits).
package dev.jkeras.load.hub;

import static dev.jkeras.load.hub.FunctionalBuilder.obj;

import dev.jkeras.load.hub.FunctionalBuilder.Ref;
import java.util.Map;
import java.util.TreeMap;

/** Internal: the DistilBERT family. */
final class DistilBert {
    private DistilBert() {}

    static Map<String, Object> backbone(HubArgs a) {
        return encoderBackbone(a, "distil_bert_backbone", "token_and_position_embedding", 1e-12);
    }

    /**
     * The DistilBERT/RoBERTa backbone graph: token ids → TokenAndPositionEmbedding ({@code embeddingName}) →
     * LayerNorm(eps) → dropout → post-norm TransformerEncoders (exact gelu) with the padding mask.
     */
    static Map<String, Object> encoderBackbone(HubArgs a, String defaultName, String embeddingName, double eps) {
        TextTasks.Backbone b = TextTasks.Backbone.read(a, 512);

        FunctionalBuilder f = new FunctionalBuilder();
        Ref tokenIds = f.input("token_ids", "int32", (Integer) null);
        Ref x = f.hubLayer("TokenAndPositionEmbedding", obj("name", embeddingName, "vocabulary_size", b.vocab(), "sequence_length",
                b.maxLength(), "embedding_dim", b.hidden(), "tie_weights", true, "mask_zero", false), tokenIds, Map.of());
        x = f.layer("LayerNormalization", obj("name", "embeddings_layer_norm", "axis", -1, "epsilon", eps), x);
        x = f.layer("Dropout", obj("name", "embeddings_dropout", "rate", b.dropout()), x);
        Ref paddingMask = f.input("padding_mask", "int32", (Integer) null);
        for (int i = 0; i < b.layers(); i++) {
            x = f.hubLayer("TransformerEncoder", obj("name", "transformer_layer_" + i, "num_heads", b.heads(), "intermediate_dim",
                    b.intermediate(), "activation", "gelu", "dropout", b.dropout(), "layer_norm_epsilon", eps),
                    x, obj("padding_mask", paddingMask));
        }
        return f.build(a.getString("name", defaultName), new TreeMap<>(Map.of("token_ids", tokenIds, "padding_mask", paddingMask)), x);
    }

    static Map<String, Object> textClassifier(HubArgs a) {
        a.known("backbone", "preprocessor", "num_classes", "activation", "hidden_dim", "dropout");
        Map<String, Object> backbone = a.backbone("DistilBertBackbone");
        int hidden = a.get("hidden_dim") != null ? a.positive("hidden_dim") : backboneHidden(a, backbone);
        FunctionalBuilder f = new FunctionalBuilder();
        Map<String, Ref> inputs = TextTasks.inputs(f, "padding_mask", "token_ids");
        Ref x = TextTasks.firstToken(f, f.nested(backbone, inputs));
        x = f.layer("Dense", obj("name", "pooled_dense", "units", hidden, "activation", "relu"), x);
        x = f.layer("Dropout", obj("name", "output_dropout", "rate", a.getDouble("dropout", 0.2)), x);
        x = f.layer("Dense", obj("name", "logits", "units", a.positive("num_classes"), "activation", a.get("activation")), x);
        return f.build(a.getString("name", "distil_bert_text_classifier"), inputs, x);
    }

    /** {@code backbone.hidden_dim}, which the task uses when its own hidden_dim is None. */
    static int backboneHidden(HubArgs a, Map<String, Object> backbone) {
        return new HubArgs((String) backbone.get("class_name"), dev.jkeras.load.config.Json.asMap(backbone.get("config")), a.where)
                .positive("hidden_dim");
    }
}
