// Subtract: difference of exactly 2 inputs (broadcasting and masks: see Elementwise).
package dev.jkeras.layers.merging;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code Subtract}. */
public final class Subtract extends Elementwise {
    private Subtract(LayerSpec spec) {
        super(spec, Op.SUBTRACT);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Subtract");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Subtract a = new Subtract(spec);
            a.outputShapes(ctx.inputShapes());
            return a;
        }
    }
}
