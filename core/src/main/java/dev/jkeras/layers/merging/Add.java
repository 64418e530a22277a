// Add: elementwise sum of 2+ inputs (broadcasting and masks: see Elementwise).
package dev.jkeras.layers.merging;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code Add}. */
public final class Add extends Elementwise {
    private Add(LayerSpec spec) {
        super(spec, Op.ADD);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Add");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Add a = new Add(spec);
            a.outputShapes(ctx.inputShapes());
            return a;
        }
    }
}
