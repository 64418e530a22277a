// ELU layer: x if x > 0 else alpha·(eˣ − 1) (alpha default 1.0, same in every Keras).
package dev.jkeras.layers.activations;

import dev.jkeras.kernel.Activations;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code ELU}. */
public final class ELU extends ElementwiseActivation {
    private ELU(LayerSpec spec, float alpha) {
        super(spec, Activations.elu(alpha));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("ELU");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new ELU(spec, spec.config().getFloat("alpha", 1f));
        }
    }
}
