// CustomScaleLayer of keras.applications InceptionResNetV2 (Keras 3 "CustomScaleLayer", tf_keras
// "Custom>CustomScaleLayer"): y = a + b · scale for inputs [a, b] of one shape, the Python float scale rounded to
// float32 first, product and sum each rounded (no fused multiply-add), as Keras computes it.
package dev.jkeras.layers.applications;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** InceptionResNetV2's residual {@code CustomScaleLayer}: {@code inputs[0] + inputs[1] * scale}. */
public final class CustomScaleLayer extends Layer {
    private final LayerSpec spec;
    private final float scale;

    private CustomScaleLayer(LayerSpec spec, float scale) {
        super(spec);
        this.spec = spec;
        this.scale = scale;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        if (in.size() != 2 || in.get(0).rank() != in.get(1).rank()) {
            throw new ModelFormatException(spec.where() + ": expected two inputs of one shape [shortcut, residual], found " + in);
        }
        Shape a = in.get(0), b = in.get(1);
        for (int i = 1; i < a.rank(); i++) {
            if (a.dim(i) != b.dim(i) && a.dim(i) != Shape.UNKNOWN && b.dim(i) != Shape.UNKNOWN) {
                throw new ModelFormatException(spec.where() + ": expected two inputs of one shape [shortcut, residual], found " + in);
            }
        }
        return List.of(a);
    }

    @Override
    public List<Tensor> call(Call call) {
        Tensor a = call.input(0), b = call.input(1);
        if (!a.shape().equals(b.shape())) {
            throw new dev.jkeras.error.InputException(spec.where() + ": inputs of shapes " + a.shape() + " and " + b.shape() + " differ");
        }
        float[] x = a.data(), r = b.data();
        float[] y = Buffers.take(x.length);
        for (int i = 0; i < x.length; i++) {
            float scaled = r[i] * scale;
            y[i] = x[i] + scaled;
        }
        return List.of(Tensor.of(a.shape(), y));
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("CustomScaleLayer", "Custom>CustomScaleLayer");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            double scale = spec.config().getDouble("scale", Double.NaN);
            if (Double.isNaN(scale)) throw new ModelFormatException(spec.where() + ": config has no numeric 'scale'");
            CustomScaleLayer layer = new CustomScaleLayer(spec, (float) scale);
            layer.outputShapes(ctx.inputShapes());
            return layer;
        }
    }
}
