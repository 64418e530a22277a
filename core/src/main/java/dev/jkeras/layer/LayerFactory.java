package dev.jkeras.layer;

import java.util.List;

/**
 * Builds one Keras layer class (and its aliases) from a {@link LayerSpec}. Implementations are
 * stateless; built-ins are listed in {@link LayerRegistry}, users' own are found through
 * {@link java.util.ServiceLoader}.
 */
public interface LayerFactory {
    /** The Keras {@code class_name}s this factory builds; the first is the canonical one. */
    List<String> classNames();

    /** Builds the layer; raises a {@code KerasException} subclass naming the layer on bad config or weights. */
    Layer create(LayerSpec spec, BuildContext ctx);

    /**
     * Names of the call's leading tensor parameters in positional order, for layers whose tensors
     * Keras may record either positionally or by keyword (MultiHeadAttention's {@code query, value,
     * key}; tf.keras always records all but the first by keyword). The graph builder moves such
     * keyword tensors into the positional inputs, so the layer sees them, their shapes and their
     * masks as inputs in this order. Empty (the default) for every other layer.
     */
    default List<String> callArguments() {
        return List.of();
    }
}
