// Multiply: elementwise product of 2+ inputs (broadcasting and masks: see Elementwise).
package dev.jkeras.layers.merging;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code Multiply}. */
public final class Multiply extends Elementwise {
    private Multiply(LayerSpec spec) {
        super(spec, Op.MULTIPLY);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Multiply");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Multiply a = new Multiply(spec);
            a.outputShapes(ctx.inputShapes());
            return a;
        }
    }
}
