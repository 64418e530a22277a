// One raw TensorFlow call's arguments bound to parameter names: shapes at load time, tensors at run time,
// read through the same accessors so constant arguments are checked once, when the model loads.
package dev.jkeras.layers.ops;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one raw TensorFlow call bound to its parameter names. A tensor argument is a
 * {@link Shape} while the graph's shapes are worked out, a {@link DType} while its dtypes are, and a
 * {@link Tensor} when it runs; a constant is the JSON value the file recorded. Ops read all three
 * through the same accessors, so every check of a constant argument already runs at load time. A
 * list parameter ({@code tf.concat}'s values) holds a {@code List} of such values. The dtypes of the
 * tensor arguments ({@link #dtype}) are known when dtypes are worked out and at run time.
 */
final class OpArgs {
    private final String where;
    private final Map<String, Object> values;
    private final Map<String, Object> types;
    private final boolean typing;

    /**
     * {@code types}: the dtype ({@link DType}, or a list of them for a list parameter) of each tensor
     * argument; a tensor missing from it is float32, the rules' default. {@code typing}: the tensors are
     * {@link DType}s (the dtypes are being worked out at load time, when constants are checked against them).
     */
    OpArgs(String where, Map<String, Object> values, Map<String, Object> types, boolean typing) {
        this.where = where;
        this.values = values;
        this.types = types;
        this.typing = typing;
    }

    OpArgs(String where, Map<String, Object> values) {
        this(where, values, Map.of(), false);
    }

    /** True while the dtypes are worked out (load time): checks of constants against them run then, not per call. */
    boolean typing() {
        return typing;
    }

    /** The calling layer and function, for messages. */
    String where() {
        return where;
    }

    /** True if the argument was given and is not None. */
    boolean has(String p) {
        return values.get(p) != null;
    }

    /** True if the argument is a tensor of the graph (not a constant). */
    boolean isTensor(String p) {
        return isTensorValue(values.get(p));
    }

    static boolean isTensorValue(Object v) {
        return v instanceof Shape || v instanceof Tensor || v instanceof DType;
    }

    /** The dtype of a tensor argument if bound; null for a constant, an absent argument, or a tensor not bound (float32). */
    DType dtype(String p) {
        return types.get(p) instanceof DType t ? t : null;
    }

    /** The dtypes of the elements of a list argument (null for constant elements), or null while unknown. */
    List<DType> dtypes(String p) {
        if (!(types.get(p) instanceof List<?> l)) return null;
        List<DType> out = new java.util.ArrayList<>();
        for (Object o : l) out.add(o instanceof DType t ? t : null);
        return out;
    }

    private Object required(String p) {
        Object v = values.get(p);
        if (v == null) throw new ModelFormatException(where + ": argument '" + p + "' is missing");
        return v;
    }

    /** The shape of a tensor or constant argument. */
    Shape shape(String p) {
        return shapeOf(required(p));
    }

    /** A tensor or constant argument as a tensor (run time only). */
    Tensor tensor(String p) {
        return tensorOf(required(p));
    }

    /** The elements of a list argument. */
    List<Object> list(String p) {
        Object v = required(p);
        if (v instanceof List<?> l) return List.copyOf(l);
        throw new ModelFormatException(where + ": argument '" + p + "' should be a list, found " + v);
    }

    /** The shape of one element of a list argument, or of any tensor or constant value. */
    Shape shapeOf(Object v) {
        if (v instanceof DType) throw new IllegalStateException(where + ": a shape asked for while dtypes are worked out");
        if (v instanceof Shape s) return s;
        if (v instanceof Tensor t) return t.shape();
        return Operands.constant(v, where).shape();
    }

    /** One value (element of a list argument) as a tensor (run time only). */
    Tensor tensorOf(Object v) {
        if (v instanceof Tensor t) return t;
        if (v instanceof Shape || v instanceof DType) throw new IllegalStateException(where + ": a symbolic tensor at run time");
        return Operands.constant(v, where);
    }

    private Object constant(String p) {
        Object v = values.get(p);
        if (isTensorValue(v)) {
            throw new UnsupportedFeatureException(where + ": argument '" + p + "' is a tensor computed by the model; jkeras "
                    + "supports it only as a constant written in the file");
        }
        return v;
    }

    /** An int constant, or {@code dflt} if absent or None. */
    int integer(String p, int dflt) {
        Object v = constant(p);
        if (v == null) return dflt;
        if (v instanceof List<?> l && l.size() == 1) v = l.get(0);
        Integer i = dev.jkeras.layer.Config.asInt(v);
        if (i != null) return i;
        throw new ModelFormatException(where + ": argument '" + p + "' should be an integer, found " + v);
    }

    /** An int or list-of-ints constant as an array, or null if absent or None. */
    int[] ints(String p) {
        Object v = constant(p);
        if (v == null) return null;
        if (v instanceof Number) return new int[] {integer(p, 0)};
        if (v instanceof List<?> l) {
            int[] r = new int[l.size()];
            for (int i = 0; i < r.length; i++) {
                Integer x = dev.jkeras.layer.Config.asInt(l.get(i));
                if (x == null) throw new ModelFormatException(where + ": argument '" + p + "' should be a list of integers, found " + v);
                r[i] = x;
            }
            return r;
        }
        throw new ModelFormatException(where + ": argument '" + p + "' should be an integer or a list of integers, found " + v);
    }

    /** A number constant, or {@code dflt} if absent or None. */
    double number(String p, double dflt) {
        Object v = constant(p);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new ModelFormatException(where + ": argument '" + p + "' should be a number, found " + v);
    }

    /** A boolean constant, or {@code dflt} if absent or None. */
    boolean flag(String p, boolean dflt) {
        Object v = constant(p);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new ModelFormatException(where + ": argument '" + p + "' should be true or false, found " + v);
    }

    /** A string constant, or {@code dflt} if absent or None. */
    String string(String p, String dflt) {
        Object v = constant(p);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw new ModelFormatException(where + ": argument '" + p + "' should be a string, found " + v);
    }

    /** The raw constant (JSON value) of an argument, or null. */
    Object raw(String p) {
        return constant(p);
    }

    /** A refusal naming the call: "{where}: {what}". */
    UnsupportedFeatureException unsupported(String what) {
        return new UnsupportedFeatureException(where + ": " + what);
    }
}
