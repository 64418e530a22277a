// InputLayer: the entry point of a model; declares the input shape (batch_shape) and dtype ("string" inputs
// carry string tensors, every other dtype numbers in float32, see DType) and passes values through.
package dev.jkeras.graph;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** A model input: its declared shape, batch first ({@link Shape#UNKNOWN} for None), and dtype. */
public final class InputLayer extends Layer {
    private final Shape shape;
    private final DType dtype;

    InputLayer(LayerSpec spec, Shape shape, DType dtype) {
        super(spec);
        this.shape = shape;
        this.dtype = dtype;
    }

    /** The declared shape, e.g. {@code (None, 10, 16)}. */
    public Shape shape() {
        return shape;
    }

    /** The declared dtype ({@link DType#FLOAT32} if the config names none). */
    public DType dtype() {
        return dtype;
    }

    @Override
    public List<DType> outputDTypes(List<DType> inputDTypes, int outputCount) {
        return List.of(dtype);
    }

    /** Reads {@code batch_shape} (the importer maps every dialect's input shape to it). */
    static Shape declaredShape(LayerSpec spec) {
        Config c = spec.config();
        int[] dims = c.getIntList("batch_shape");
        if (dims == null) {
            int[] s = c.getIntList("shape");
            if (s == null) {
                throw new ModelFormatException(spec.where() + ": an InputLayer needs 'batch_shape' (or 'shape'), found neither");
            }
            dims = new int[s.length + 1];
            dims[0] = Shape.UNKNOWN;
            System.arraycopy(s, 0, dims, 1, s.length);
        }
        return Shape.of(dims);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        return List.of(shape);
    }

    @Override
    public List<Tensor> call(Call call) {
        return List.of(call.input(0));
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return call.masks();
    }

    /** The declared dtype (float32 if none); one jkeras cannot carry exactly (float16, bfloat16, complex) is refused. */
    static DType dtype(LayerSpec spec) {
        Object v = spec.config().get("dtype");
        if (v instanceof java.util.Map<?, ?> m && m.get("config") instanceof java.util.Map<?, ?> cfg) v = cfg.get("name");
        if (v == null) return DType.FLOAT32;
        DType t = DType.forName(v.toString());
        if (t == null) {
            throw new UnsupportedFeatureException(spec.where() + ": an input of dtype " + v + " is not supported (Keras would round or "
                    + "convert the values to it); supported: float32, float64, int8/16/32/64, uint8/16/32/64, bool, string");
        }
        return t;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("InputLayer");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            DType dtype = dtype(spec);
            if (c.get("batch_shape") == null && c.get("shape") == null && ctx.inputShapes().size() == 1) {
                return new InputLayer(spec, ctx.inputShapes().get(0), dtype); // nested model without a declared input
            }
            return new InputLayer(spec, declaredShape(spec), dtype);
        }
    }
}
