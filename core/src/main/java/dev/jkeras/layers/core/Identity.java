// Identity: returns its input unchanged and passes the mask through.
package dev.jkeras.layers.core;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code Identity}. */
public final class Identity extends UnaryLayer {
    private Identity(LayerSpec spec) {
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

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Identity");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new Identity(spec);
        }
    }
}
