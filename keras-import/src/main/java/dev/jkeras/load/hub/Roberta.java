// KerasHub RoBERTa (keras_hub.src.models.roberta): RobertaBackbone (the DistilBERT graph with the embedding named
// "embeddings" and epsilon 1e-5) and RobertaTextClassifier (x[:, 0, :] → dropout → Dense(hidden, tanh) →
// dropout → Dense logits).
package dev.jkeras.load.hub;

import static dev.jkeras.load.hub.FunctionalBuilder.obj;

import dev.jkeras.load.hub.FunctionalBuilder.Ref;
import java.util.Map;

/** Internal: the RoBERTa family. */
final class Roberta {
    private Roberta() {}

    static Map<String, Object> backbone(HubArgs a) {
        return DistilBert.encoderBackbone(a, "roberta_backbone", "embeddings", 1e-5);
    }

    static Map<String, Object> textClassifier(HubArgs a) {
        a.known("backbone", "preprocessor", "num_classes", "activation", "hidden_dim", "dropout");
        Map<String, Object> backbone = a.backbone("RobertaBackbone");
        int hidden = a.get("hidden_dim") != null ? a.positive("hidden_dim") : DistilBert.backboneHidden(a, backbone);
        double dropout = a.getDouble("dropout", 0.0);
        FunctionalBuilder f = new FunctionalBuilder();
        Map<String, Ref> inputs = TextTasks.inputs(f, "padding_mask", "token_ids");
        Ref x = TextTasks.firstToken(f, f.nested(backbone, inputs));
        x = f.layer("Dropout", obj("name", "pooled_dropout", "rate", dropout), x);
        x = f.layer("Dense", obj("name", "pooled_dense", "units", hidden, "activation", "tanh"), x);
        x = f.layer("Dropout", obj("name", "output_dropout", "rate", dropout), x);
        x = f.layer("Dense", obj("name", "logits", "units", a.positive("num_classes"), "activation", a.get("activation")), x);
        return f.build(a.getString("name", "roberta_text_classifier"), inputs, x);
    }
}
