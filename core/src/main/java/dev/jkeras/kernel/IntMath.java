// Integer and bool values in the float32 carrier (see DType): wrapping an exact result to a dtype's width as
// TensorFlow does, the ±2^24 limit beyond which float32 is not exact, casts between dtypes, and the check of
// integer model inputs.
package dev.jkeras.kernel;

import dev.jkeras.error.InputException;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;

/** Exact integer results and dtype casts over float32-carried tensors. */
public final class IntMath {
    private IntMath() {}

    /** {@code v} wrapped to the width of the integer dtype {@code t} (two's complement; uint64 values stay as longs). */
    public static long wrap(long v, DType t) {
        return switch (t) {
            case INT8 -> (byte) v;
            case INT16 -> (short) v;
            case INT32 -> (int) v;
            case UINT8 -> v & 0xFFL;
            case UINT16 -> v & 0xFFFFL;
            case UINT32 -> v & 0xFFFF_FFFFL;
            default -> v;
        };
    }

    /**
     * The exact integer result {@code v} of an op on dtype {@code t}, wrapped to its width, as a float; an
     * InputException if the wrapped value lies beyond ±2^24, where float32 would round it.
     */
    public static float exact(long v, DType t, String where) {
        long w = wrap(v, t);
        if (w > DType.EXACT_INT_LIMIT || w < -DType.EXACT_INT_LIMIT || (t == DType.UINT64 && w < 0)) {
            throw new InputException(where + ": the " + t.keras() + " result " + (t == DType.UINT64 ? Long.toUnsignedString(w) : w)
                    + " is beyond ±2^24 = 16777216, the integers float32 holds exactly; jkeras carries integers in float32 and "
                    + "refuses results it cannot hold exactly");
        }
        return w;
    }

    /**
     * {@code x} (of dtype {@code from}) cast to {@code to} as TensorFlow and Keras cast: to a float as
     * is, to bool nonzero → 1, floats to integers truncated toward zero, integers wrapped to the target width.
     * A float that is NaN, infinite or outside the target's range (TensorFlow's result is undefined there)
     * or an integer result beyond ±2^24 is an InputException. Returns {@code x} itself when no value changes.
     */
    public static Tensor cast(Tensor x, DType from, DType to, String where) {
        if (!changesValues(from, to)) return x;
        float[] d = x.data();
        float[] y = new float[d.length];
        if (to == DType.BOOL) {
            for (int i = 0; i < d.length; i++) y[i] = d[i] != 0 ? 1f : 0f;
            return Tensor.of(x.shape(), y);
        }
        double lo = to.signed() ? -Math.scalb(1.0, to.bits() - 1) : 0, hi = to.signed() ? -lo : Math.scalb(1.0, to.bits());
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            if (from.isFloat()) {
                double t = v < 0 ? Math.ceil(v) : Math.floor(v);
                if (!(t >= lo && t < hi)) {
                    throw new InputException(where + ": cannot cast " + v + " to " + to.keras() + " (NaN, infinite or out of its range; "
                            + "TensorFlow's result is undefined there)");
                }
                y[i] = exact((long) t, to, where);
            } else {
                y[i] = exact((long) v, to, where);
            }
        }
        return Tensor.of(x.shape(), y);
    }

    /** True if casting from {@code from} to {@code to} can change a value held in the float32 carrier. */
    public static boolean changesValues(DType from, DType to) {
        if (from == to || to.isFloat()) return false;
        if (to == DType.BOOL) return from != DType.BOOL;
        if (from == DType.BOOL) return false;
        if (from.isFloat()) return true;
        // integer to integer: only a narrower or differently signed target can wrap
        return !(to.bits() >= from.bits() + (from.signed() == to.signed() ? 0 : 1) && (to.signed() || !from.signed()));
    }

    /**
     * Checks a model input of integer or bool dtype {@code t}: whole numbers within the dtype's range and
     * within ±2^24 (bool: 0 or 1), else an InputException naming {@code what}.
     */
    public static void checkInput(Tensor x, DType t, String what) {
        if (!t.isInteger() && t != DType.BOOL) return;
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            boolean ok = t == DType.BOOL ? v == 0f || v == 1f
                    : v == Math.rint(v) && Math.abs(v) <= DType.EXACT_INT_LIMIT && wrap((long) v, t) == (long) v;
            if (!ok) {
                throw new InputException(what + " is " + t.keras() + ", but element " + i + " is " + v + "; it takes "
                        + (t == DType.BOOL ? "only 0 (false) and 1 (true)" : "whole numbers in the " + t.keras()
                        + " range, within ±2^24 = 16777216 (the integers float32 holds exactly)"));
            }
        }
    }
}
