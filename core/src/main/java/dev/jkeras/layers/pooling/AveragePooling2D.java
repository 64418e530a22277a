// AveragePooling2D: mean over each window; with same padding it divides by the number of real
// (non-padded) elements in the window, as TensorFlow and Keras 3 do.
package dev.jkeras.layers.pooling;

import dev.jkeras.kernel.Conv;
import dev.jkeras.kernel.Pool;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code AveragePooling2D} (alias {@code AvgPool2D}). */
public final class AveragePooling2D extends Pooling2D {
    private AveragePooling2D(LayerSpec spec) {
        super(spec);
    }

    @Override
    float[] pool(float[] x, int b, int h, int w, int c, Conv.Window window) {
        return Pool.avgPool2d(x, b, h, w, c, window);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("AveragePooling2D", "AvgPool2D");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            AveragePooling2D p = new AveragePooling2D(spec);
            p.outputShape(ctx.inputShape());
            return p;
        }
    }
}
