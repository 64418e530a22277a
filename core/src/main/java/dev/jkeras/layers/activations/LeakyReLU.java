// LeakyReLU layer: x if x ≥ 0 else negative_slope·x (default 0.3; Keras 1/2 key `alpha`, renamed on import).
package dev.jkeras.layers.activations;

import dev.jkeras.kernel.Activations;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code LeakyReLU}. */
public final class LeakyReLU extends ElementwiseActivation {
    private LeakyReLU(LayerSpec spec, float slope) {
        super(spec, Activations.leakyRelu(slope));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("LeakyReLU");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new LeakyReLU(spec, spec.config().getFloat("negative_slope", spec.config().getFloat("alpha", 0.3f)));
        }
    }
}
