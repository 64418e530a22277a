package dev.jkeras.layers.ops;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds an op's positional operands: the importer puts tensor arguments in {@code args} and
 * constant positional arguments in the kwargs under {@code "#<position>"}. Also constants as
 * tensors, numpy broadcasting and the float encoding of booleans (1 = true, 0 = false) and integers
 * every op here uses.
 */
final class Operands {
    private Operands() {}

    /** Operands in positional order: each a Tensor or Shape (from {@code tensors}) or a constant. */
    static List<Object> of(List<?> tensors, Map<String, Object> kwargs, String where) {
        List<Object> out = new ArrayList<>();
        int t = 0;
        for (int pos = 0; t < tensors.size() || kwargs.containsKey("#" + pos); pos++) {
            if (kwargs.containsKey("#" + pos)) out.add(kwargs.get("#" + pos));
            else out.add(tensors.get(t++));
        }
        return out;
    }

    /** A constant operand as a tensor (a number, boolean, nested list or numpy wrapper; see {@link LayerConfigs#array}). */
    static Tensor constant(Object c, String where) {
        return LayerConfigs.array(c, where);
    }

    /** The numpy broadcast of two shapes (trailing dimensions aligned); unknown dims stay unknown. */
    static Shape broadcast(Shape a, Shape b, String where) {
        int r = Math.max(a.rank(), b.rank());
        int[] d = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i - (r - a.rank()) >= 0 ? a.dim(i - (r - a.rank())) : 1;
            int y = i - (r - b.rank()) >= 0 ? b.dim(i - (r - b.rank())) : 1;
            if (x == 1) d[i] = y;
            else if (y == 1) d[i] = x;
            else if (x == Shape.UNKNOWN || y == Shape.UNKNOWN) d[i] = x == Shape.UNKNOWN ? y : x;
            else if (x == y) d[i] = x;
            else throw new ModelFormatException(where + ": shapes " + a + " and " + b + " do not broadcast");
        }
        return Shape.of(d);
    }

    /** Strides that read {@code x} as if broadcast to {@code out} (0 on stretched axes). */
    static int[] broadcastStrides(Shape x, Shape out) {
        int r = out.rank();
        int[] st = new int[r];
        int s = 1;
        for (int i = r - 1; i >= 0; i--) {
            int xi = i - (r - x.rank());
            int d = xi >= 0 ? x.dim(xi) : 1;
            st[i] = d == 1 ? 0 : s;
            s *= d;
        }
        return st;
    }

    /** Applies {@code f} elementwise to {@code a} and {@code b} broadcast to their common shape. */
    static Tensor zip(Tensor a, Tensor b, FloatBinary f, String where) {
        Shape out = broadcast(a.shape(), b.shape(), where);
        float[] y = new float[out.size()];
        float[] av = a.data(), bv = b.data();
        if (a.shape().equals(out) && b.shape().equals(out)) {
            for (int i = 0; i < y.length; i++) y[i] = f.apply(av[i], bv[i]);
            return Tensor.of(out, y);
        }
        int r = out.rank();
        int[] sa = broadcastStrides(a.shape(), out), sb = broadcastStrides(b.shape(), out);
        int[] idx = new int[r];
        int oa = 0, ob = 0;
        for (int o = 0; o < y.length; o++) {
            y[o] = f.apply(av[oa], bv[ob]);
            for (int ax = r - 1; ax >= 0; ax--) {
                if (++idx[ax] < out.dim(ax)) {
                    oa += sa[ax];
                    ob += sb[ax];
                    break;
                }
                oa -= sa[ax] * (idx[ax] - 1);
                ob -= sb[ax] * (idx[ax] - 1);
                idx[ax] = 0;
            }
        }
        return Tensor.of(out, y);
    }

    /** {@code cond ? a : b} elementwise, the three broadcast to their common shape ({@code tf.where(cond, a, b)}). */
    static Tensor select(Tensor cond, Tensor a, Tensor b, String where) {
        Shape out = broadcast(broadcast(cond.shape(), a.shape(), where), b.shape(), where);
        float[] y = new float[out.size()];
        float[] cv = cond.data(), av = a.data(), bv = b.data();
        int r = out.rank();
        int[] sc = broadcastStrides(cond.shape(), out), sa = broadcastStrides(a.shape(), out), sb = broadcastStrides(b.shape(), out);
        int[] idx = new int[r];
        int oc = 0, oa = 0, ob = 0;
        for (int o = 0; o < y.length; o++) {
            y[o] = cv[oc] != 0 ? av[oa] : bv[ob];
            for (int ax = r - 1; ax >= 0; ax--) {
                if (++idx[ax] < out.dim(ax)) {
                    oc += sc[ax];
                    oa += sa[ax];
                    ob += sb[ax];
                    break;
                }
                oc -= sc[ax] * (idx[ax] - 1);
                oa -= sa[ax] * (idx[ax] - 1);
                ob -= sb[ax] * (idx[ax] - 1);
                idx[ax] = 0;
            }
        }
        return Tensor.of(out, y);
    }

    /** A float function of two floats. */
    interface FloatBinary {
        float apply(float a, float b);
    }
}
