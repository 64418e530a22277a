// Average: elementwise mean of 2+ inputs (sum left to right, divided by n) (broadcasting and masks: see Elementwise).
package dev.jkeras.layers.merging;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code Average}. */
public final class Average extends Elementwise {
    private Average(LayerSpec spec) {
        super(spec, Op.AVERAGE);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Average");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Average a = new Average(spec);
            a.outputShapes(ctx.inputShapes());
            return a;
        }
    }
}
