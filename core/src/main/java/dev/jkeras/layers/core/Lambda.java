// Lambda: holds serialized Python bytecode. jkeras never executes code from a model file, so it is refused by name.
package dev.jkeras.layers.core;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Refuses Keras {@code Lambda} layers with an error that names the layer. */
public final class Lambda {
    private Lambda() {}

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Lambda");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            throw new UnsupportedFeatureException(spec.where() + ": Lambda layers hold Python code, which jkeras never runs. "
                    + "Replace the Lambda with built-in Keras layers and re-save the model, or register a Java LayerFactory "
                    + "for it.");
        }
    }
}
