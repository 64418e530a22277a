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
}
