// MaxPooling2D: maximum over each window; with same padding the padding never wins (it is -inf).
package dev.jkeras.layers.pooling;

import dev.jkeras.kernel.Conv;
import dev.jkeras.kernel.Pool;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code MaxPooling2D} (alias {@code MaxPool2D}). */
public final class MaxPooling2D extends Pooling2D {
    private MaxPooling2D(LayerSpec spec) {
        super(spec);
    }

    @Override
    float[] pool(float[] x, int b, int h, int w, int c, Conv.Window window) {
        return Pool.maxPool2d(x, b, h, w, c, window);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("MaxPooling2D", "MaxPool2D");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            MaxPooling2D p = new MaxPooling2D(spec);
            p.outputShape(ctx.inputShape());
            return p;
        }
    }
}
