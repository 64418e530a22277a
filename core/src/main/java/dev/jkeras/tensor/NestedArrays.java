// Conversions between rectangular nested Java arrays (float[][]..., double, int, long, short, byte, boolean, String
// leaves) and tensors, for Tensor.fromArray/toArray. Integers beyond ±2^24 are refused, not rounded.
package dev.jkeras.tensor;

import dev.jkeras.error.InputException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

final class NestedArrays {
    private NestedArrays() {}

    static Tensor toTensor(Object array) {
        if (array == null) throw new InputException("cannot make a tensor of null");
        if (array instanceof Float f) return Tensor.scalar(f);
        if (array instanceof Double d) return Tensor.scalar((float) d.doubleValue());
        if (array instanceof String str) return Tensor.ofStrings(Shape.of(), new String[] {str});
        if (!array.getClass().isArray()) {
            throw new InputException("cannot make a tensor of a " + array.getClass().getName() + "; pass a float[], float[][], ... array");
        }
        List<Integer> dims = new ArrayList<>();
        Object a = array;
        while (a != null && a.getClass().isArray()) {
            int n = Array.getLength(a);
            dims.add(n);
            if (a.getClass().getComponentType().isPrimitive() || a instanceof String[] || n == 0) break;
            a = Array.get(a, 0);
        }
        Class<?> leaf = leafType(array);
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        if (shape.length != rankOf(array.getClass())) {
            // an empty level hides the ranks below it: those dimensions are 0-sized along the way, so the total is 0
            int[] full = new int[rankOf(array.getClass())];
            System.arraycopy(shape, 0, full, 0, shape.length);
            shape = full;
        }
        long total = 1;
        for (int d : shape) total *= d;
        if (total > Integer.MAX_VALUE - 8) throw new InputException("the array holds " + total + " elements, more than one tensor can");
        Shape s = Shape.of(shape);
        if (leaf == String.class) {
            String[] out = new String[(int) total];
            fill(array, 0, shape, new int[] {0}, out, null, "");
            return Tensor.ofStrings(s, out);
        }
        float[] out = new float[(int) total];
        fill(array, 0, shape, new int[] {0}, null, out, "");
        return Tensor.of(s, out);
    }

    private static int rankOf(Class<?> c) {
        int r = 0;
        while (c.isArray()) {
            r++;
            c = c.getComponentType();
        }
        return r;
    }

    private static Class<?> leafType(Object array) {
        Class<?> c = array.getClass();
        while (c.isArray()) c = c.getComponentType();
        if (c == float.class || c == double.class || c == int.class || c == long.class || c == short.class || c == byte.class
                || c == boolean.class || c == String.class) {
            return c;
        }
        throw new InputException("cannot make a tensor of " + array.getClass().getSimpleName() + ": the elements must be float, double, "
                + "int, long, short, byte, boolean or String");
    }

    private static void fill(Object a, int depth, int[] shape, int[] pos, String[] strs, float[] vals, String where) {
        if (a == null) throw new InputException("the array holds null at " + (where.isEmpty() ? "the top" : where));
        int n = Array.getLength(a);
        if (n != shape[depth]) {
            throw new InputException("the array is ragged: " + (where.isEmpty() ? "the top level" : where) + " has length " + n
                    + ", expected " + shape[depth] + " (as the first element at that level has)");
        }
        if (depth == shape.length - 1) {
            int o = pos[0];
            if (a instanceof float[] f) {
                System.arraycopy(f, 0, vals, o, n);
            } else if (a instanceof double[] d) {
                for (int i = 0; i < n; i++) vals[o + i] = (float) d[i];
            } else if (a instanceof int[] v) {
                for (int i = 0; i < n; i++) vals[o + i] = exact(v[i], where, i);
            } else if (a instanceof long[] v) {
                for (int i = 0; i < n; i++) vals[o + i] = exact(v[i], where, i);
            } else if (a instanceof short[] v) {
                for (int i = 0; i < n; i++) vals[o + i] = v[i];
            } else if (a instanceof byte[] v) {
                for (int i = 0; i < n; i++) vals[o + i] = v[i];
            } else if (a instanceof boolean[] v) {
                for (int i = 0; i < n; i++) vals[o + i] = v[i] ? 1f : 0f;
            } else {
                String[] v = (String[]) a;
                for (int i = 0; i < n; i++) {
                    if (v[i] == null) throw new InputException("the array holds null at " + where + "[" + i + "]; use \"\" for an empty string");
                    strs[o + i] = v[i];
                }
            }
            pos[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) fill(Array.get(a, i), depth + 1, shape, pos, strs, vals, where + "[" + i + "]");
    }

    private static float exact(long v, String where, int i) {
        if (v > DType.EXACT_INT_LIMIT || v < -DType.EXACT_INT_LIMIT) {
            throw new InputException("the integer " + v + " at " + where + "[" + i + "] is beyond ±2^24, which float32 cannot hold exactly");
        }
        return v;
    }

    static Object fromTensor(Tensor t) {
        int[] dims = t.shape().dims();
        if (dims.length == 0) return t.isString() ? t.strings()[0] : (Object) t.data()[0];
        Object out = Array.newInstance(t.isString() ? String.class : float.class, dims);
        int[] pos = {0};
        copyOut(out, 0, dims, pos, t);
        return out;
    }

    private static void copyOut(Object a, int depth, int[] dims, int[] pos, Tensor t) {
        if (depth == dims.length - 1) {
            if (t.isString()) System.arraycopy(t.strings(), pos[0], a, 0, dims[depth]);
            else System.arraycopy(t.data(), pos[0], a, 0, dims[depth]);
            pos[0] += dims[depth];
            return;
        }
        for (int i = 0; i < dims[depth]; i++) copyOut(Array.get(a, i), depth + 1, dims, pos, t);
    }
}
