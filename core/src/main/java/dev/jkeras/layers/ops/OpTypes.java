// The dtype rules of raw ops in one place: the result dtype of an op for its operands' dtypes (TensorFlow's for
// tf.keras op layers, Keras 3's promotion for Keras 3 op nodes) and the operand dtypes jkeras refuses, by name.
// Integers and bools are carried in float32 (see DType); float64 at float32 precision, so functions that jump at a
// threshold refuse it.
package dev.jkeras.layers.ops;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.DType;
import java.util.List;
import java.util.Map;

/** Result dtypes and dtype refusals of raw ops. */
final class OpTypes {
    private OpTypes() {}

    /**
     * TensorFlow: the tensor operands {@code params} share one dtype, which is the result's, and
     * constants are converted to it (an integer one must hold whole numbers within ±2^24, checked at
     * load time). Operands of different dtypes are refused (TensorFlow raises on them). Float32 if every
     * operand is a constant.
     */
    static DType common(OpArgs a, String... params) {
        DType t = null;
        for (String p : params) t = join(a, t, a.dtype(p));
        if (t == null) t = DType.FLOAT32;
        if (a.typing()) for (String p : params) if (a.has(p) && !a.isTensor(p)) checkConstant(a, a.raw(p), t);
        return t;
    }

    /** {@link #common} over the elements of the list parameter {@code p}. */
    static DType commonOfList(OpArgs a, String p) {
        List<DType> ts = a.dtypes(p);
        DType t = null;
        if (ts != null) for (DType d : ts) t = join(a, t, d);
        if (t == null) t = DType.FLOAT32;
        if (a.typing()) for (Object v : a.list(p)) if (!OpArgs.isTensorValue(v)) checkConstant(a, v, t);
        return t;
    }

    private static DType join(OpArgs a, DType t, DType d) {
        if (d == null || d == t) return t == null ? d : t;
        if (t == null) return d;
        throw a.unsupported("operands of different dtypes, " + t.keras() + " and " + d.keras() + " (TensorFlow requires one dtype)");
    }

    /** A constant operand of an integer or bool op: whole numbers within ±2^24 (bool: true/false or 1/0). */
    static void checkConstant(OpArgs a, Object v, DType t) {
        checkConstant(v, t, a.where());
    }

    static void checkConstant(Object v, DType t, String where) {
        if (t.isFloat() || v == null) return;
        if (v instanceof Map<?, ?>) v = LayerConfigs.unwrapNumpy(v);
        if (v instanceof List<?> l) {
            for (Object o : l) checkConstant(o, t, where);
            return;
        }
        boolean ok = v instanceof Boolean ? t == DType.BOOL
                : v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= DType.EXACT_INT_LIMIT && (t != DType.BOOL || n.doubleValue() == 0 || n.doubleValue() == 1);
        if (!ok) {
            throw new UnsupportedFeatureException(where + ": the constant " + v + " for an operand of dtype " + t.keras()
                    + (t == DType.BOOL ? "" : " (integer constants must be whole numbers within ±2^24 = 16777216, the integers "
                    + "float32 holds exactly)"));
        }
    }

    /** Refuses bool operands: TensorFlow has no bool kernel for arithmetic, reductions and orderings. */
    static DType numeric(OpArgs a, DType t) {
        if (t == DType.BOOL) throw a.unsupported("an operand of dtype bool (TensorFlow has no bool kernel for it)");
        return t;
    }

    /** Float operands only: TensorFlow has no integer kernel for the function, or jkeras does not reproduce it. */
    static DType floatOnly(OpArgs a, DType t) {
        if (!t.isFloat()) throw a.unsupported("an operand of dtype " + t.keras() + " (jkeras supports this function on float tensors only)");
        return t;
    }

    /**
     * A function that jumps at a threshold (floor, comparisons, floor division, casts to integers, argmax):
     * refuses float64 operands, which jkeras holds at float32 precision, so rounding could move a value
     * across the jump.
     */
    static DType steps(OpArgs a, DType t) {
        if (t == DType.FLOAT64) {
            throw a.unsupported("an operand of dtype float64: jkeras holds float64 values at float32 precision, and this function jumps at "
                    + "thresholds, so the rounding could change its result (cast to float32 first)");
        }
        return t;
    }

    /** Bool operands only (TensorFlow's logical functions and reduce_any/all). */
    static DType bools(OpArgs a, String... params) {
        DType t = common(a, params);
        if (t != DType.BOOL) throw a.unsupported("an operand of dtype " + t.keras() + " (TensorFlow takes bool tensors here)");
        return t;
    }

    /** TensorFlow's truediv: integers up to 16 bits divide in float32, wider ones in float64; floats keep their dtype. */
    static DType trueDiv(OpArgs a, DType t) {
        numeric(a, t);
        if (t.isFloat()) return t;
        return t.bits() <= 16 ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** The dtype a constant argument names (cast's dtype, argmax's output_type), or {@code dflt} if absent. */
    static DType named(OpArgs a, String p, DType dflt) {
        String s = a.string(p, null);
        if (s == null) return dflt;
        DType t = DType.forName(s);
        if (t == null || t == DType.STRING) {
            throw a.unsupported(p + " " + s + " (supported: float32, float64, int8/16/32/64, uint8/16/32/64, bool; jkeras computes in "
                    + "float32, so half-precision rounding is not reproduced)");
        }
        return t;
    }

    /**
     * Keras 3's result dtype of an op on tensors of {@code tensors} and Python constants
     * {@code constants} (weakly typed: an int or float constant does not widen a tensor's dtype, but a
     * float one makes integers float32); {@code toFloat}: the op makes floats (true division). A float
     * tensor makes the result float (float64 if one is); integers of one dtype stay it; bools stay bool
     * unless a number joins them. Integers of different widths are refused.
     */
    static DType kerasResult(List<DType> tensors, List<Object> constants, boolean toFloat, String where) {
        DType fl = null, in = null;
        boolean bool = false;
        for (DType t : tensors) {
            if (t.isFloat()) fl = fl == DType.FLOAT64 || t == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
            else if (t.isInteger()) {
                if (in != null && in != t) {
                    throw new UnsupportedFeatureException(where + ": operands of different integer dtypes, " + in.keras() + " and "
                            + t.keras() + " (Keras promotes them; jkeras supports one integer dtype per op)");
                }
                in = t;
            } else bool = true;
        }
        boolean weakFloat = false, weakInt = false;
        for (Object c : constants) {
            Object v = c instanceof Map<?, ?> ? LayerConfigs.unwrapNumpy(c) : c;
            while (v instanceof List<?> l && !l.isEmpty()) v = l.get(0);
            if (v instanceof Double || v instanceof Float) weakFloat = true;
            else if (v instanceof Number) weakInt = true;
        }
        if (fl != null) return fl;
        if (toFloat || weakFloat) return DType.FLOAT32;
        if (in != null) return in;
        if (weakInt) return DType.INT32;
        return bool ? DType.BOOL : DType.FLOAT32;
    }
}
