// Dropout, SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization:
// all are the identity at inference (training=False) and pass the mask through, as in Keras.
// One class serves them all; each Keras class is registered by its own Factory instance.
package dev.jkeras.layers.regularization;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** A Keras layer that only acts during training: the identity here. */
public final class InferenceIdentity extends UnaryLayer {
    private InferenceIdentity(LayerSpec spec) {
        super(spec);
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        return x;
    }

    @Override
    protected boolean passesMask() {
        return true;
    }

    /** Builds the identity for one Keras class name (and its aliases). */
    public static final class Factory implements LayerFactory {
        private final List<String> names;

        public Factory(String... classNames) {
            this.names = List.of(classNames);
        }

        @Override
        public List<String> classNames() {
            return names;
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new InferenceIdentity(spec);
        }
    }
}
