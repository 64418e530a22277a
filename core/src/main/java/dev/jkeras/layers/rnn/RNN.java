// RNN: the generic recurrent layer around a stored cell (config key 'cell'; a StackedRNNCells for a list of cells,
// or, in some tf.keras files, the list itself). Only Keras's built-in cells can run.
package dev.jkeras.layers.rnn;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import java.util.List;

/** Keras {@code RNN}. */
public final class RNN {
    private RNN() {}

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("RNN");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            boolean timeMajor = spec.config().getBool("time_major", false);
            Shape in = ctx.inputShapes().get(0);
            if (in.rank() < 3) throw dev.jkeras.layers.LayerConfigs.badInput(spec, "(batch, time, features)", in);
            int batch = in.dim(timeMajor ? 1 : 0);
            Shape step = RnnConfig.stepShape(in).prepend(batch);
            RecurrentCell cell;
            if (spec.children().containsKey("cell")) {
                LayerSpec child = spec.child("cell");
                Layer l = ctx.build(child, List.of(step));
                if (!(l instanceof RecurrentCell c)) {
                    throw new UnsupportedFeatureException(child.where() + ": the cell of an RNN layer must be one of Keras's built-in "
                            + "cells (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells), found " + child.className());
                }
                cell = c;
            } else if (spec.children().containsKey("cells/0")) {
                cell = new StackedRNNCells(spec, StackedRNNCells.buildCells(spec, ctx, step));
            } else {
                throw new ModelFormatException(spec.where() + ": expected the layer's cell under config key 'cell', found none");
            }
            RnnConfig.sequenceShape(spec, in, cell.stepInputShape().rank(), timeMajor);
            return new Recurrent(spec, cell, false);
        }
    }
}
