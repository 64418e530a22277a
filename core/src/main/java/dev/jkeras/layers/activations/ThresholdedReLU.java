// ThresholdedReLU (Keras 1/2 and tf.keras; gone from Keras 3): x if x > theta else 0 (theta default 1.0).
package dev.jkeras.layers.activations;

import dev.jkeras.kernel.Activations;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code ThresholdedReLU}. */
public final class ThresholdedReLU extends ElementwiseActivation {
    private ThresholdedReLU(LayerSpec spec, float theta) {
        super(spec, Activations.thresholdedRelu(theta));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("ThresholdedReLU");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new ThresholdedReLU(spec, spec.config().getFloat("theta", 1f));
        }
    }
}
