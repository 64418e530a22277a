package dev.jkeras.layer;

import dev.jkeras.graph.GraphSpec;
import java.util.Map;

/**
 * Everything the importer knows about one layer, format-neutral: its Keras class name and name, the
 * normalized {@link Config}, the writer, where its weights come from, the specs of wrapped layers by
 * Keras attribute name ({@code "layer"} for TimeDistributed, {@code "forward_layer"} ...), and, for a
 * nested Sequential/Functional model, its parsed graph.
 */
public record LayerSpec(
        String className,
        String name,
        Config config,
        WriterInfo writer,
        WeightSource weights,
        Map<String, LayerSpec> children,
        GraphSpec graph) {

    public LayerSpec {
        children = children == null ? Map.of() : Map.copyOf(children);
        weights = weights == null ? WeightSource.NONE : weights;
    }

    /** Keras {@code trainable} flag (affects legacy HDF5 weight order inside nested models only). */
    public boolean trainable() {
        return config.getBool("trainable", true);
    }

    /** Error-message location: {@code layer 'dense_1' (Dense) in model.h5}. */
    public String where() {
        return "layer '" + name + "' (" + className + ")" + (writer != null && writer.source() != null ? " in " + writer.source() : "");
    }

    /** The wrapped layer stored under {@code attribute}, or a format error naming it. */
    public LayerSpec child(String attribute) {
        LayerSpec c = children.get(attribute);
        if (c == null) {
            throw new dev.jkeras.error.ModelFormatException(where() + ": expected a wrapped layer under config key '" + attribute + "', found none");
        }
        return c;
    }

    /**
     * The spec of a sublayer this layer creates itself (as Keras layers do in {@code build}): class
     * {@code className}, Keras name {@code name}, tracked as attribute {@code attribute} (its weights are
     * found there), with config {@code config}.
     */
    public LayerSpec sublayer(String className, String name, String attribute, Map<String, Object> config) {
        return new LayerSpec(className, name, new Config(config, "sublayer '" + attribute + "' of " + where()), writer,
                weights.sublayer(attribute), Map.of(), null);
    }

    /** The same spec with another weight source (used by the builder's declaration pass). */
    public LayerSpec withWeights(WeightSource w) {
        return new LayerSpec(className, name, config, writer, w, children, graph);
    }
}
