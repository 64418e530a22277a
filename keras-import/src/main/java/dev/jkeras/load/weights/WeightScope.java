// Where one parsed layer's weights live in a weights file, and how that place is derived for the layers
// it wraps or contains. One implementation per file layout; the assembler walks the layer tree with it.
package dev.jkeras.load.weights;

import dev.jkeras.layer.WeightSource;
import dev.jkeras.load.config.ParsedLayer;
import java.util.Collections;
import java.util.List;

/** Internal: the weight location of one layer, created by its parent's scope. */
public interface WeightScope {
    /** The source of this layer's own weights. */
    WeightSource source();

    /** The scope of a wrapped layer stored under Keras attribute {@code attribute} ("layer", "cell", ...). */
    WeightScope child(String attribute, ParsedLayer child);

    /** Scopes of the layers of nested model {@code model} (this scope's layer), parallel to its graph's layers. */
    List<WeightScope> layers(ParsedLayer model);

    /** No weights anywhere below (a JSON config without a weights file). */
    WeightScope NONE = new WeightScope() {
        @Override
        public WeightSource source() {
            return WeightSource.NONE;
        }

        @Override
        public WeightScope child(String attribute, ParsedLayer child) {
            return this;
        }

        @Override
        public List<WeightScope> layers(ParsedLayer model) {
            return Collections.nCopies(model.graph.layers().size(), this);
        }
    };
}
