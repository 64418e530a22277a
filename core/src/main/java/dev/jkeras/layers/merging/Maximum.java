// Maximum: elementwise maximum of 2+ inputs (broadcasting and masks: see Elementwise).
package dev.jkeras.layers.merging;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code Maximum}. */
public final class Maximum extends Elementwise {
    private Maximum(LayerSpec spec) {
        super(spec, Op.MAXIMUM);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Maximum");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Maximum a = new Maximum(spec);
            a.outputShapes(ctx.inputShapes());
            return a;
        }
    }
}
