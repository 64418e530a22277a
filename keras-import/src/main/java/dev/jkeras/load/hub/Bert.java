// KerasHub BERT (keras_hub.src.models.bert): BertBackbone's graph replayed from its constructor arguments
// (token + position + segment embeddings, LayerNorm(1e-12), post-norm TransformerEncoders with gelu_approximate,
// tanh pooled_dense on the [CLS] position) and BertTextClassifier (dropout + Dense logits on pooled_output).
package dev.jkeras.load.hub;

import static dev.jkeras.load.hub.FunctionalBuilder.obj;

import dev.jkeras.load.hub.FunctionalBuilder.Ref;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Internal: the BERT family. */
final class Bert {
    private Bert() {}

    /** KerasHub's registered {@code gelu_approximate}, as its layers serialize it. */
    static final Map<String, Object> GELU_APPROXIMATE = obj("module", "builtins", "class_name", "function",
            "config", "keras_hub>gelu_approximate", "registered_name", "function");

    static Map<String, Object> backbone(HubArgs a) {
        TextTasks.Backbone b = TextTasks.Backbone.read(a, 512, "num_segments");
        int segments = a.getInt("num_segments", 2);

        FunctionalBuilder f = new FunctionalBuilder();
        Ref tokenIds = f.input("token_ids", "int32", (Integer) null);
        Ref tokens = f.layer("ReversibleEmbedding", obj("name", "token_embedding", "input_dim", b.vocab(), "output_dim",
                b.hidden()), tokenIds);
        Ref segmentIds = f.input("segment_ids", "int32", (Integer) null);
        Ref positions = f.hubLayer("PositionEmbedding", obj("name", "position_embedding", "sequence_length", b.maxLength()), tokens,
                Map.of());
        Ref segmentVectors = f.layer("Embedding", obj("name", "segment_embedding", "input_dim", segments, "output_dim", b.hidden()),
                segmentIds);
        Ref x = f.layer("Add", obj("name", "embeddings_add"), List.of(List.of(tokens, positions, segmentVectors)));
        x = f.layer("LayerNormalization", obj("name", "embeddings_layer_norm", "axis", -1, "epsilon", 1e-12), x);
        x = f.layer("Dropout", obj("name", "embeddings_dropout", "rate", b.dropout()), x);
        Ref paddingMask = f.input("padding_mask", "int32", (Integer) null);
        for (int i = 0; i < b.layers(); i++) {
            x = f.hubLayer("TransformerEncoder", obj("name", "transformer_layer_" + i, "num_heads", b.heads(),
                    "intermediate_dim", b.intermediate(), "activation", GELU_APPROXIMATE, "dropout", b.dropout(),
                    "layer_norm_epsilon", 1e-12), x, obj("padding_mask", paddingMask));
        }
        Ref pooled = f.layer("Dense", obj("name", "pooled_dense", "units", b.hidden(), "activation", "tanh"), TextTasks.firstToken(f, x));
        return f.build(a.getString("name", "bert_backbone"), new TreeMap<>(Map.of("token_ids", tokenIds, "segment_ids", segmentIds,
                "padding_mask", paddingMask)), new TreeMap<>(Map.of("sequence_output", x, "pooled_output", pooled)));
    }

    static Map<String, Object> textClassifier(HubArgs a) {
        a.known("backbone", "preprocessor", "num_classes", "activation", "dropout");
        Map<String, Object> backbone = a.backbone("BertBackbone");
        FunctionalBuilder f = new FunctionalBuilder();
        Map<String, Ref> inputs = TextTasks.inputs(f, "padding_mask", "segment_ids", "token_ids");
        Ref bb = f.nested(backbone, inputs);
        Ref pooled = FunctionalBuilder.output(bb, 0); // outputs flatten in key order: pooled_output, sequence_output
        Ref x = f.layer("Dropout", obj("name", "classifier_dropout", "rate", a.getDouble("dropout", 0.1)), pooled);
        x = f.layer("Dense", obj("name", "logits", "units", a.positive("num_classes"), "activation", a.get("activation")), x);
        return f.build(a.getString("name", "bert_text_classifier"), inputs, x);
    }
}
