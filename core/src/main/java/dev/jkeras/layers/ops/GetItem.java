// Raw Keras 3 GetItem op (keras.src.ops.numpy), what x[...] on a symbolic tensor records: the index (ints, slices
// written as __slice__ objects, Ellipsis, None) is applied with the strided-slice rules. Indices out of range are refused.
package dev.jkeras.layers.ops;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code x[key]} as a Keras 3 op node. */
public final class GetItem extends Layer {
    private final String where;

    private GetItem(LayerSpec spec) {
        super(spec);
        this.where = spec.where();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        throw new ModelFormatException(where + ": the call records no index (second argument)");
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in, Map<String, Object> kwargs) {
        return List.of(slice(kwargs).outputShape(in.get(0), where));
    }

    @Override
    public List<Tensor> call(Call call) {
        return List.of(slice(call.kwargs()).apply(call.input(0), where));
    }

    private StridedSlice slice(Map<String, Object> kwargs) {
        if (!kwargs.containsKey("#1")) throw new ModelFormatException(where + ": the call records no index (second argument)");
        return StridedSlice.ofPythonIndex(pythonIndex(kwargs.get("#1"), where), where);
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    /** Keras's serialized key: {@code __slice__} objects become {start, stop, step} maps, lists stay lists. */
    private static Object pythonIndex(Object key, String where) {
        if (key instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(pythonIndex(x, where));
            return out;
        }
        if (key instanceof Map<?, ?> m && "__slice__".equals(m.get("class_name"))) {
            if (!(m.get("config") instanceof Map<?, ?> c)) throw new ModelFormatException(where + ": a __slice__ index without a config");
            Map<String, Object> s = new LinkedHashMap<>();
            for (String k : List.of("start", "stop", "step")) s.put(k, c.get(k));
            return s;
        }
        return key;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("ops.GetItem");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new GetItem(spec);
        }
    }
}
