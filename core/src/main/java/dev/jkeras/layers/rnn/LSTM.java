// LSTM: an LSTMCell run by the Recurrent loop (keras-spec 4.1, 4.3). Keras 1 files (12 arrays, gates i, c, f, o)
// are packed by the importer; hard_sigmoid follows the writer (0.2x + 0.5 before Keras 3).
package dev.jkeras.layers.rnn;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import java.util.List;

/** Keras {@code LSTM}. */
public final class LSTM {
    private LSTM() {}

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("LSTM");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            boolean timeMajor = spec.config().getBool("time_major", false);
            Shape seq = RnnConfig.sequenceShape(spec, ctx.inputShapes().get(0), 1, timeMajor);
            return new Recurrent(spec, LSTMCell.create(spec, ctx, RnnConfig.stepShape(seq)), false);
        }
    }
}
