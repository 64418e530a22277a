// Minimum: elementwise minimum of 2+ inputs (broadcasting and masks: see Elementwise).
package dev.jkeras.layers.merging;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code Minimum}. */
public final class Minimum extends Elementwise {
    private Minimum(LayerSpec spec) {
        super(spec, Op.MINIMUM);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Minimum");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Minimum a = new Minimum(spec);
            a.outputShapes(ctx.inputShapes());
            return a;
        }
    }
}
