// Boolean masks as the attention layers build them: float 0/1 tensors (nonzero = keep) combined with numpy
// broadcasting, expand_dims, and the causal / sliding-window masks of Keras.
package dev.jkeras.layers.attention;

import dev.jkeras.error.InputException;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;

/** Mask arithmetic for the attention layers (masks are float tensors, nonzero meaning true). */
final class BoolMask {
    private BoolMask() {}

    /** {@code ops.expand_dims(m, axis)} (negative axis counts from the end of the result). */
    static Tensor expandDims(Tensor m, int axis) {
        int r = m.rank() + 1;
        int a = axis < 0 ? axis + r : axis;
        int[] d = new int[r];
        for (int i = 0, j = 0; i < r; i++) d[i] = i == a ? 1 : m.dim(j++);
        return m.reshape(Shape.of(d));
    }

    /** The numpy broadcast of two shapes (right-aligned; size-1 axes stretch), or an error naming {@code what}. */
    static Shape broadcast(Shape a, Shape b, String what) {
        int r = Math.max(a.rank(), b.rank());
        int[] d = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i - (r - a.rank()) >= 0 ? a.dim(i - (r - a.rank())) : 1;
            int y = i - (r - b.rank()) >= 0 ? b.dim(i - (r - b.rank())) : 1;
            if (x != y && x != 1 && y != 1) throw new InputException(what + ": masks of shapes " + a + " and " + b + " do not broadcast");
            d[i] = x == 1 ? y : x;
        }
        return Shape.of(d);
    }

    /** {@code m} broadcast to {@code shape} as a 0/1 array (m's rank may be lower: right-aligned). */
    static float[] expand(Tensor m, Shape shape, String what) {
        int r = shape.rank();
        if (m.rank() > r || !broadcast(m.shape(), shape, what).equals(shape)) {
            throw new InputException(what + ": a mask of shape " + m.shape() + " does not broadcast to " + shape);
        }
        int[] stride = new int[r];
        int s = 1;
        for (int i = r - 1; i >= 0; i--) {
            int j = i - (r - m.rank());
            int d = j >= 0 ? m.dim(j) : 1;
            stride[i] = d == 1 ? 0 : s;
            s *= d;
        }
        float[] src = m.data(), out = new float[shape.size()];
        int[] idx = new int[r];
        int off = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = src[off] != 0f ? 1f : 0f;
            for (int ax = r - 1; ax >= 0; ax--) {
                if (++idx[ax] < shape.dim(ax)) {
                    off += stride[ax];
                    break;
                }
                off -= stride[ax] * (idx[ax] - 1);
                idx[ax] = 0;
            }
        }
        return out;
    }

    /** {@code a & b} with broadcasting; null stands for "no mask" (all true). */
    static Tensor and(Tensor a, Tensor b, String what) {
        if (a == null) return b;
        if (b == null) return a;
        Shape s = broadcast(a.shape(), b.shape(), what);
        float[] x = expand(a, s, what), y = expand(b, s, what);
        for (int i = 0; i < x.length; i++) x[i] = x[i] != 0f && y[i] != 0f ? 1f : 0f;
        return Tensor.of(s, x);
    }

    /** Keras's causal mask (1, T, S): true where t >= s. */
    static Tensor causal(int t, int s) {
        float[] d = new float[t * s];
        for (int i = 0; i < t; i++) for (int j = 0; j <= i && j < s; j++) d[i * s + j] = 1f;
        return Tensor.of(Shape.of(1, t, s), d);
    }

    /** Keras's sliding-window mask (1, T, S): true where |t - s| < window. */
    static Tensor slidingWindow(int t, int s, int window) {
        float[] d = new float[t * s];
        for (int i = 0; i < t; i++) for (int j = 0; j < s; j++) d[i * s + j] = Math.abs(i - j) < window ? 1f : 0f;
        return Tensor.of(Shape.of(1, t, s), d);
    }
}
