// KerasHub GPT-2 (keras_hub.src.models.gpt2): GPT2Backbone (token + position embeddings, pre-norm TransformerDecoders
// with gelu_approximate and the padding mask, final LayerNorm) and GPT2CausalLM, whose logits are the backbone's
// token_embedding called again with reverse=True: that second call is written into the nested backbone graph
// (a second node of the same layer, so its weights load once), which then outputs the logits.
package dev.jkeras.load.hub;

import static dev.jkeras.load.hub.FunctionalBuilder.obj;

import dev.jkeras.load.hub.FunctionalBuilder.Ref;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Internal: the GPT-2 family. */
final class Gpt2 {
    /** Internal config flag (set by GPT2CausalLM's expansion only): the backbone graph outputs the reverse-embedding logits. */
    static final String LOGITS = "jkeras_causal_lm_logits";

    private Gpt2() {}

    static Map<String, Object> backbone(HubArgs a) {
        TextTasks.Backbone b = TextTasks.Backbone.read(a, 1024, LOGITS);

        FunctionalBuilder f = new FunctionalBuilder();
        Ref tokenIds = f.input("token_ids", "int32", (Integer) null);
        Ref tokens = f.layer("ReversibleEmbedding", obj("name", "token_embedding", "input_dim", b.vocab(), "output_dim",
                b.hidden()), tokenIds);
        Ref positions = f.hubLayer("PositionEmbedding", obj("name", "position_embedding", "sequence_length", b.maxLength()), tokens,
                Map.of());
        Ref x = f.layer("Add", obj("name", "embeddings_add"), Arrays.asList(Arrays.asList(tokens, positions)));
        x = f.layer("Dropout", obj("name", "embeddings_dropout", "rate", b.dropout()), x);
        Ref paddingMask = f.input("padding_mask", "int32", (Integer) null);
        for (int i = 0; i < b.layers(); i++) {
            x = f.hubLayer("TransformerDecoder", obj("name", "transformer_layer_" + i, "intermediate_dim", b.intermediate(),
                    "num_heads", b.heads(), "dropout", b.dropout(), "activation", Bert.GELU_APPROXIMATE, "layer_norm_epsilon", 1e-5,
                    "normalize_first", true,
                    "decoder_sequence_shape", Arrays.asList(null, null, b.hidden()), "encoder_sequence_shape", null),
                    x, obj("decoder_padding_mask", paddingMask));
        }
        Ref out = f.layer("LayerNormalization", obj("name", "layer_norm", "axis", -1, "epsilon", 1e-5), x);
        if (a.getBool(LOGITS, false)) out = f.callAgain("token_embedding", out, obj("reverse", true));
        return f.build(a.getString("name", "gpt2_backbone"), new TreeMap<>(Map.of("token_ids", tokenIds, "padding_mask", paddingMask)), out);
    }

    static Map<String, Object> causalLM(HubArgs a) {
        a.known("backbone", "preprocessor");
        Map<String, Object> backbone = new LinkedHashMap<>(a.backbone("GPT2Backbone"));
        Map<String, Object> cfg = new LinkedHashMap<>(dev.jkeras.load.config.Json.asMap(backbone.get("config")));
        cfg.put(LOGITS, true);
        backbone.put("config", cfg);
        FunctionalBuilder f = new FunctionalBuilder();
        Map<String, Ref> inputs = TextTasks.inputs(f, "padding_mask", "token_ids");
        Ref logits = f.nested(backbone, inputs);
        // named as Keras names the output (model.output_names): the layer that made it
        return f.build(a.getString("name", "gpt2_causal_lm"), inputs, Map.of("token_embedding", logits));
    }
}
