// TFOpLambda / SlicingOpLambda (tf.keras >= 2.4): a raw TensorFlow function called on symbolic tensors, named by
// its TF symbol (config `function`, e.g. "math.add", "__operators__.getitem"). tf.keras records the first argument
// positionally (a tensor, a constant or a list) and every other argument by parameter name; `name` is ignored.
package dev.jkeras.layers.ops;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.NodeSpec;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tf.keras op layer: one call of a supported TensorFlow function (see {@link TfFunctions}). */
public final class TFOpLambda extends Layer {
    private final TfFunctions.Fn fn;
    private final String where;

    private TFOpLambda(LayerSpec spec, TfFunctions.Fn fn) {
        super(spec);
        this.fn = fn;
        this.where = spec.where() + " calling tf." + fn.symbol();
    }

    /** Only element-wise functions are known not to mix the samples of a call. */
    @Override
    public boolean mixesSamples() {
        return !TfFunctions.samplewise(fn.symbol());
    }

    /** The TensorFlow symbol this layer calls, e.g. {@code math.add}. */
    public String function() {
        return fn.symbol();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        return outputShapes(inputShapes, Map.of(), Map.of());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes, Map<String, List<Shape>> tensorKwargShapes, Map<String, Object> kwargs) {
        return fn.op().shapes().apply(bind(inputShapes, null, tensorKwargShapes, Map.of(), kwargs));
    }

    /** The result dtypes by TensorFlow's rules for this function ({@link OpTypes}); refuses operand dtypes jkeras does not reproduce. */
    @Override
    public List<DType> outputDTypes(List<DType> in, Map<String, List<DType>> tensorKwargDTypes, Map<String, Object> kwargs, int outputCount) {
        if (in.contains(DType.STRING)) return null;
        List<DType> out = fn.op().dtypes().apply(bind(in, in, tensorKwargDTypes, tensorKwargDTypes, kwargs));
        return out.size() == 1 && outputCount > 1 ? Collections.nCopies(outputCount, out.get(0)) : out;
    }

    /** Runs the function; when every tensor is float32 (the common case) no dtypes are bound, since float32 is the rules' default. */
    @Override
    public List<Tensor> call(Call call) {
        List<DType> types = call.inputDTypes();
        boolean float32 = types == null || allFloat32(types);
        for (List<DType> kt : call.tensorKwargDTypes().values()) float32 &= allFloat32(kt);
        return fn.op().run().apply(float32 ? bind(call.inputs(), null, call.tensorKwargs(), Map.of(), call.kwargs())
                : bind(call.inputs(), types, call.tensorKwargs(), call.tensorKwargDTypes(), call.kwargs()));
    }

    private static boolean allFloat32(List<DType> types) {
        for (DType t : types) if (t != DType.FLOAT32) return false;
        return true;
    }

    /**
     * Binds the recorded call to the function's parameters: tensors (shapes, dtypes or values) and
     * constants by name, and the tensors' dtypes ({@code inputTypes} null: not known yet, or all float32).
     */
    private OpArgs bind(List<?> inputs, List<DType> inputTypes, Map<String, ? extends List<?>> tensorKwargs,
                        Map<String, List<DType>> kwargTypes, Map<String, Object> kwargs) {
        Map<String, Object> v = new HashMap<>();
        Map<String, Object> types = new HashMap<>();
        List<String> params = fn.params();
        List<Object> first = Operands.of(inputs, kwargs, where);
        List<Object> firstTypes = null;
        if (inputTypes != null) {
            firstTypes = new ArrayList<>(first.size());
            int t = 0;
            for (Object o : first) firstTypes.add(OpArgs.isTensorValue(o) ? inputTypes.get(t++) : null);
        }
        boolean single = Boolean.TRUE.equals(kwargs.get(NodeSpec.SINGLE));
        if (fn.listFirst()) {
            if (single) throw new UnsupportedFeatureException(where + ": its first argument '" + params.get(0) + "' is one value, not a list");
            v.put(params.get(0), first);
            if (firstTypes != null) types.put(params.get(0), firstTypes);
        } else {
            if (!single) {
                throw new UnsupportedFeatureException(where + ": its first argument '" + params.get(0) + "' is a list of " + first.size()
                        + " values (TensorFlow would stack them into one tensor), which jkeras does not support");
            }
            if (first.size() != 1) throw new ModelFormatException(where + ": expected one first argument, found " + first.size());
            v.put(params.get(0), first.get(0));
            if (firstTypes != null && firstTypes.get(0) instanceof DType t) types.put(params.get(0), t);
        }
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("#") || k.equals("name")) continue;
            v.put(known(k), e.getValue());
        }
        for (Map.Entry<String, ? extends List<?>> e : tensorKwargs.entrySet()) {
            List<?> ts = e.getValue();
            if (ts.size() != 1) {
                throw new UnsupportedFeatureException(where + ": argument '" + e.getKey() + "' is a list of " + ts.size() + " tensors");
            }
            v.put(known(e.getKey()), ts.get(0));
            List<DType> kt = kwargTypes.get(e.getKey());
            if (kt != null) types.put(e.getKey(), kt.get(0));
            else if (inputTypes != null) types.put(e.getKey(), DType.FLOAT32);
        }
        return new OpArgs(where, v, types, inputs == inputTypes);
    }

    private String known(String param) {
        if (!fn.params().contains(param) || param.equals(fn.params().get(0))) {
            throw new UnsupportedFeatureException(where + ": argument '" + param + "' is not supported (tf." + fn.symbol()
                    + " takes " + fn.params() + ")");
        }
        return param;
    }

    /** Functions whose other operands tf.keras does not write (varargs or a {@code self, other} signature). */
    private static final java.util.Set<String> UNRECORDED = java.util.Set.of("einsum", "__operators__.eq", "__operators__.ne");

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("TFOpLambda", "SlicingOpLambda");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            String function = spec.config().requireString("function");
            if (function.startsWith("tf.")) function = function.substring(3);
            if (UNRECORDED.contains(function)) {
                throw new UnsupportedFeatureException(spec.where() + ": tf." + function + " called on Keras tensors is recorded by "
                        + "tf.keras with its first argument only (" + (function.equals("einsum") ? "the equation" : "x in x == y")
                        + "), not its other tensor operands, so the file does not describe the computation (Keras cannot reload "
                        + "it either); use " + (function.equals("einsum") ? "keras.layers.EinsumDense or Dot/Permute layers"
                        : "tf.math.equal / tf.math.not_equal") + " instead");
            }
            TfFunctions.Fn fn = TfFunctions.get(function);
            if (fn == null) {
                throw new UnsupportedFeatureException(spec.where() + ": the TensorFlow function tf." + function
                        + " is not supported; supported: tf." + String.join(", tf.", TfFunctions.symbols()));
            }
            return new TFOpLambda(spec, fn);
        }
    }
}
