// One layer entry after config parsing and dialect normalization, before weights are attached.
package dev.jkeras.load.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Internal: a parsed layer. {@code kerasClass} is the class name Keras wrote (used for weight paths);
 * {@code specClass} is the name the layer registry looks up (the same, except for custom classes,
 * which keep their {@code registered_name}).
 */
public final class ParsedLayer {
    public final String kerasClass;
    public final String specClass;
    public final String name;
    public final Map<String, Object> config;
    /** Wrapped layers by Keras attribute name, in Keras weight order. */
    public final Map<String, ParsedLayer> children = new LinkedHashMap<>();
    /** Set for nested Functional/Sequential models. */
    public ParsedGraph graph;

    ParsedLayer(String kerasClass, String specClass, String name, Map<String, Object> config) {
        this.kerasClass = kerasClass;
        this.specClass = specClass;
        this.name = name;
        this.config = config;
    }

    /** A raw Keras 3 op node: no weights, and not counted in the weight-path numbering. */
    public boolean isOp() {
        return specClass.startsWith("ops.");
    }

    public boolean isInputLayer() {
        return "InputLayer".equals(kerasClass);
    }

    @Override
    public String toString() {
        return "'" + name + "' (" + specClass + ")";
    }
}
