// Lambda: holds serialized Python bytecode. jkeras never executes code from a model file, so it has no factory
// and is refused by name; a user's own LayerFactory for "Lambda" (ServiceLoader or LayerRegistry.with) takes it.
package dev.jkeras.layers.core;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.LayerSpec;

/** The refusal of Keras {@code Lambda} layers (see {@link dev.jkeras.layers.BuiltinLayers#refusal}). */
public final class Lambda {
    private Lambda() {}

    /** The error for a Lambda layer no registered factory builds: names the layer and the ways out. */
    public static UnsupportedFeatureException refusal(LayerSpec spec) {
        return new UnsupportedFeatureException(spec.where() + ": Lambda layers hold Python code, and jkeras never executes Python "
                + "code stored in a model file. Replace the Lambda with built-in Keras layers and re-save the model, or provide a "
                + "Java dev.jkeras.layer.LayerFactory whose classNames() include \"Lambda\" (found through ServiceLoader, or added "
                + "with LayerRegistry.with) that computes the same function.");
    }
}
