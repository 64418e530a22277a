// keras.ops.not_equal as Keras 3 records it in a functional graph: Embedding(mask_zero) and Masking compute their
// masks with it, and the masks reach the layers that use them as explicit 'mask' call arguments. Result 1/0.
package dev.jkeras.layers.ops;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The Keras 3 operation {@code NotEqual} (x != y, elementwise): a tensor against a number, or two same-shape tensors. */
public final class NotEqual extends Layer {
    private NotEqual(LayerSpec spec) {
        super(spec);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        if (in.size() == 2 && !in.get(0).compatibleWith(in.get(1))) {
            throw new InputException("operation '" + name() + "' (NotEqual): expected two tensors of one shape, found " + in);
        }
        return List.of(in.get(0));
    }

    @Override
    public List<Tensor> call(Call call) {
        Tensor x = call.input(0);
        float[] d = x.data(), r = new float[d.length];
        if (call.inputs().size() == 2) {
            Tensor y = call.input(1);
            if (!y.shape().equals(x.shape())) {
                throw new InputException("operation '" + name() + "' (NotEqual): expected two tensors of one shape, found " + x.shape()
                        + " and " + y.shape());
            }
            float[] e = y.data();
            for (int i = 0; i < d.length; i++) r[i] = d[i] != e[i] ? 1f : 0f;
        } else {
            float v = constant(call.kwargs());
            for (int i = 0; i < d.length; i++) r[i] = d[i] != v ? 1f : 0f;
        }
        return List.of(Tensor.of(x.shape(), r));
    }

    private float constant(Map<String, Object> kwargs) {
        Object v = kwargs.containsKey("#1") ? kwargs.get("#1") : kwargs.get("#0");
        if (v instanceof Number n) return n.floatValue();
        if (v instanceof Boolean b) return b ? 1f : 0f;
        throw new UnsupportedFeatureException("operation '" + name() + "' (NotEqual): expected a tensor compared with a number, found "
                + "the constant " + v);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("NotEqual");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int n = ctx.inputShapes().size();
            if (n < 1 || n > 2) {
                throw new UnsupportedFeatureException(spec.where() + ": expected one or two tensor arguments, found " + n);
            }
            return new NotEqual(spec);
        }
    }
}
