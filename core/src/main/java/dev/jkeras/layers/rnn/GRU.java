// GRU: a GRUCell run by the Recurrent loop (keras-spec 4.1, 4.4), reset_after true or false (absent: false, as in
// the Keras 1/2 files that predate the key); Keras 1's 9 arrays are packed by the importer.
package dev.jkeras.layers.rnn;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import java.util.List;

/** Keras {@code GRU}. */
public final class GRU {
    private GRU() {}

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("GRU");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            boolean timeMajor = spec.config().getBool("time_major", false);
            Shape seq = RnnConfig.sequenceShape(spec, ctx.inputShapes().get(0), 1, timeMajor);
            return new Recurrent(spec, GRUCell.create(spec, ctx, RnnConfig.stepShape(seq)), false);
        }
    }
}
