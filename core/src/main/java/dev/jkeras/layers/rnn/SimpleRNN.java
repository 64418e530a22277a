// SimpleRNN: a SimpleRNNCell run by the Recurrent loop (keras-spec 4.1, 4.2).
package dev.jkeras.layers.rnn;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import java.util.List;

/** Keras {@code SimpleRNN}. */
public final class SimpleRNN {
    private SimpleRNN() {}

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("SimpleRNN");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            boolean timeMajor = spec.config().getBool("time_major", false);
            Shape seq = RnnConfig.sequenceShape(spec, ctx.inputShapes().get(0), 1, timeMajor);
            return new Recurrent(spec, SimpleRNNCell.create(spec, ctx, RnnConfig.stepShape(seq)), false);
        }
    }
}
