// The KerasHub model family registry: for each supported KerasHub model class, the Java replay of its Python
// constructor, which turns the stored constructor arguments into the Functional config Keras would build (same layer
// names, classes and nesting, so the ordinary Keras 3 weight paths apply). Every other KerasHub class is refused by name.
package dev.jkeras.load.hub;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.load.config.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * KerasHub (keras_hub, formerly keras_nlp) models jkeras builds. A KerasHub backbone or task is a Keras
 * Functional model whose saved config holds only its constructor arguments; Keras rebuilds the graph by
 * running the Python constructor. jkeras replays the constructors of the classes listed in
 * {@link #supported()} in Java, as written by KerasHub {@value #VERSION}.
 */
public final class KerasHubModels {
    /** The KerasHub version whose constructors are replayed (and whose outputs the fixtures hold). */
    public static final String VERSION = "0.32.0";

    private static final Map<String, Function<HubArgs, Map<String, Object>>> BUILDERS = new LinkedHashMap<>();

    static {
        BUILDERS.put("BertBackbone", Bert::backbone);
        BUILDERS.put("BertTextClassifier", Bert::textClassifier);
        BUILDERS.put("DistilBertBackbone", DistilBert::backbone);
        BUILDERS.put("DistilBertTextClassifier", DistilBert::textClassifier);
        BUILDERS.put("RobertaBackbone", Roberta::backbone);
        BUILDERS.put("RobertaTextClassifier", Roberta::textClassifier);
        BUILDERS.put("GPT2Backbone", Gpt2::backbone);
        BUILDERS.put("GPT2CausalLM", Gpt2::causalLM);
        BUILDERS.put("ViTBackbone", ViT::backbone);
        BUILDERS.put("ViTImageClassifier", ViT::imageClassifier);
    }

    private KerasHubModels() {}

    /** The supported KerasHub model classes. */
    public static java.util.Set<String> supported() {
        return java.util.Collections.unmodifiableSet(BUILDERS.keySet());
    }

    /** True for a config entry written by KerasHub (its module is {@code keras_hub...} or {@code keras_nlp...}). */
    public static boolean isHubModule(String module) {
        return module != null && (module.equals("keras_hub") || module.startsWith("keras_hub.") || module.startsWith("keras_nlp."));
    }

    /** True if {@code className} is a KerasHub model that jkeras expands. */
    public static boolean isModel(String className) {
        return BUILDERS.containsKey(className);
    }

    /** The error for a KerasHub class that is neither a supported model nor a supported KerasHub layer. */
    public static UnsupportedFeatureException unsupported(String className, String module, String source) {
        return new UnsupportedFeatureException(source + ": KerasHub class '" + className + "' (" + module + ") is not supported by jkeras. "
                + "Supported KerasHub models: " + String.join(", ", BUILDERS.keySet())
                + "; layers: TransformerEncoder, TransformerDecoder, CachedMultiHeadAttention, PositionEmbedding, "
                + "TokenAndPositionEmbedding, ViTPatchingAndEmbedding, ViTEncoder");
    }

    /**
     * Replays the constructor of the KerasHub model serialized as {@code entry} ({@code class_name},
     * {@code config} with the constructor arguments): the Keras 3 Functional config of the same graph.
     */
    public static Map<String, Object> expand(Map<String, Object> entry, String source) {
        String cls = (String) entry.get("class_name");
        Function<HubArgs, Map<String, Object>> b = BUILDERS.get(cls);
        if (b == null) throw unsupported(cls, String.valueOf(entry.get("module")), source);
        if (!(entry.get("config") instanceof Map<?, ?> cfg)) {
            throw new ModelFormatException(source + ": the KerasHub " + cls + " config should be an object, found " + Json.describe(entry.get("config")));
        }
        return b.apply(new HubArgs(cls, Json.asMap(cfg), source));
    }
}
