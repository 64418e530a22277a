package dev.jkeras.layer;

import dev.jkeras.tensor.Tensor;
import java.util.List;

/**
 * Where a layer's stored weights come from. Implemented by the importer, once per file format;
 * each {@link LayerSpec} carries the source for its own weights (already scoped to that layer).
 */
public interface WeightSource {
    /**
     * The layer's own weights, one tensor per declaration, in declaration order, each with the
     * declared shape. Raises a {@code WeightsException} naming the layer and weight on any mismatch.
     */
    List<Tensor> load(LayerSpec layer, List<WeightDecl> decls);

    /**
     * True for sources (legacy HDF5 nested models) that can only assign weights once every leaf
     * layer below a nested model has declared its weights: the builder then runs a declaration pass
     * and calls {@link #plan} before the real build.
     */
    default boolean needsPlan() {
        return false;
    }

    /** Receives every leaf declaration below this nested model, in Keras's weight order. */
    default void plan(List<Declared> declared) {}

    /**
     * A file the layer saved beside its weights ({@code save_assets} in Keras: a .keras archive keeps it
     * at {@code assets/<layer path>/<fileName>}, e.g. an adapted lookup vocabulary), or null if the
     * file format has no assets or the layer saved no such file.
     */
    default byte[] asset(String fileName) {
        return null;
    }

    /**
     * The source of a sublayer that this layer creates in its own {@code build} and tracks as attribute
     * {@code attribute} (KerasHub's TransformerEncoder keeps its attention at {@code _self_attention_layer}).
     * Only the Keras 3 layout stores such sublayers by name ({@code <layer path>/<attribute>/vars}); other
     * sources refuse.
     */
    default WeightSource sublayer(String attribute) {
        WeightSource parent = this;
        return (layer, decls) -> {
            if (decls.isEmpty() || parent == NONE) return NONE.load(layer, decls);
            throw new dev.jkeras.error.UnsupportedFeatureException(layer.where() + ": the weights of sublayer '" + attribute
                    + "' can only be read from a Keras 3 file (.keras or .weights.h5); this file stores them in another layout");
        };
    }

    /**
     * A leaf layer's declarations as seen in the declaration pass.
     *
     * @param layer     the leaf layer
     * @param decls     its declarations
     * @param trainable false if the layer or any enclosing layer up to the planned model is frozen
     */
    record Declared(LayerSpec layer, List<WeightDecl> decls, boolean trainable) {}

    /** A source with no weights: any declaration is an error (e.g. a JSON config with no weights file). */
    WeightSource NONE = (layer, decls) -> {
        if (decls.isEmpty()) return List.of();
        throw new dev.jkeras.error.WeightsException(layer.where() + ": no weights were given for this layer, which needs "
                + decls.size() + " (" + decls.get(0).name() + " " + decls.get(0).shape() + ", ...). Pass a weights file.");
    };
}
