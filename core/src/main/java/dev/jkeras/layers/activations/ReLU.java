// ReLU layer: Keras 3 relu(x, negative_slope, max_value, threshold) (kernel/Activations.relu); tf.keras and
// Keras 2 use the same keys and formula (Keras 2.2.0–2.2.2 stored only max_value: missing keys are defaults).
package dev.jkeras.layers.activations;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Activations;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code ReLU}. */
public final class ReLU extends ElementwiseActivation {
    private ReLU(LayerSpec spec, float slope, Float max, float threshold) {
        super(spec, Activations.relu(slope, max, threshold));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("ReLU");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Float max = c.has("max_value") ? c.getFloat("max_value", 0f) : null;
            float slope = c.getFloat("negative_slope", 0f), threshold = c.getFloat("threshold", 0f);
            if ((max != null && max < 0) || slope < 0 || threshold < 0) {
                throw new ModelFormatException(spec.where() + ": max_value, negative_slope and threshold must not be negative, found "
                        + max + ", " + slope + ", " + threshold);
            }
            return new ReLU(spec, slope, max, threshold);
        }
    }
}
