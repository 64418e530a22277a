// Whole-tensor array ops of raw TensorFlow calls (reshape, stack/split, tile, pad, batched matmul, argmax, cast),
// each a shape rule plus a computation, shared by TFOpLambda and TensorFlowOpLayer.
package dev.jkeras.layers.ops;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Array operations of raw TensorFlow calls over whole tensors (the batch axis included), shared by
 * the tf.keras op layers: reshape, stack/unstack/split, tile, pad, batched matmul, argmax.
 * Each has a shape rule (unknown dimensions stay unknown) and a computation.
 */
final class ArrayOps {
    private ArrayOps() {}

    static int axis(int axis, int rank, String where) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new ModelFormatException(where + ": axis " + axis + " is out of range for rank " + rank);
        return a;
    }

    // ---- reshape -------------------------------------------------------------------------------

    /** {@code target} with its one -1 resolved from {@code in}'s size (unknown while {@code in} is not fully known). */
    static Shape reshape(Shape in, int[] target, String where) {
        int[] d = target.clone();
        int free = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (free >= 0) throw new ModelFormatException(where + ": reshape target " + java.util.Arrays.toString(target) + " has two -1");
                free = i;
            } else if (d[i] < 0) {
                throw new ModelFormatException(where + ": reshape target " + java.util.Arrays.toString(target) + " has a negative size");
            } else {
                known *= d[i];
            }
        }
        if (!in.isKnown()) {
            if (free >= 0) d[free] = Shape.UNKNOWN;
            return Shape.of(d);
        }
        if (free >= 0) {
            if (known == 0 || in.size() % known != 0) {
                throw new InputException(where + ": cannot reshape " + in + " to " + java.util.Arrays.toString(target));
            }
            d[free] = (int) (in.size() / known);
        } else if (in.size() != known) {
            throw new InputException(where + ": cannot reshape " + in + " (" + in.size() + " values) to " + java.util.Arrays.toString(target));
        }
        return Shape.of(d);
    }

    // ---- stack, unstack, split -----------------------------------------------------------------

    /** The shape of {@code n} tensors of shape {@code s} stacked along a new {@code axis}. */
    static Shape stackShape(List<Shape> in, int axis, String where) {
        Shape s = in.get(0);
        for (Shape x : in) {
            if (!x.compatibleWith(s)) throw new ModelFormatException(where + ": cannot stack shapes " + in);
        }
        int a = axis(axis, s.rank() + 1, where);
        int[] d = new int[s.rank() + 1];
        for (int i = 0, j = 0; i < d.length; i++) d[i] = i == a ? in.size() : s.dim(j++);
        return Shape.of(d);
    }

    static Tensor stack(List<Tensor> in, int axis, String where) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : in) shapes.add(t.shape());
        for (Shape x : shapes) {
            if (!x.equals(shapes.get(0))) throw new InputException(where + ": cannot stack shapes " + shapes);
        }
        Shape out = stackShape(shapes, axis, where);
        int a = axis(axis, out.rank(), where);
        List<Tensor> expanded = new ArrayList<>();
        for (Tensor t : in) expanded.add(t.reshape(out.with(a, 1)));
        return ShapeOp.concat(expanded, a, where);
    }

    /**
     * The sizes along {@code axis} of the parts of a split: {@code parts} equal parts, or the
     * explicit {@code sizes} (one may be -1). {@code dim} is the axis size (may be unknown).
     */
    static int[] splitSizes(int dim, Integer parts, int[] sizes, boolean runtime, String where) {
        if (sizes == null) {
            if (parts <= 0) throw new ModelFormatException(where + ": cannot split into " + parts + " parts");
            int[] r = new int[parts];
            if (dim == Shape.UNKNOWN) {
                java.util.Arrays.fill(r, Shape.UNKNOWN);
            } else {
                if (dim % parts != 0) {
                    String msg = where + ": cannot split an axis of size " + dim + " into " + parts + " equal parts";
                    throw runtime ? new InputException(msg) : new ModelFormatException(msg);
                }
                java.util.Arrays.fill(r, dim / parts);
            }
            return r;
        }
        int[] r = sizes.clone();
        int free = -1, sum = 0;
        for (int i = 0; i < r.length; i++) {
            if (r[i] == -1 && free < 0) free = i;
            else if (r[i] < 0) throw new ModelFormatException(where + ": split sizes " + java.util.Arrays.toString(sizes) + " are invalid");
            else sum += r[i];
        }
        if (dim == Shape.UNKNOWN) {
            if (free >= 0) r[free] = Shape.UNKNOWN;
            return r;
        }
        if (free >= 0) r[free] = dim - sum;
        if ((free >= 0 && r[free] < 0) || (free < 0 && sum != dim)) {
            String msg = where + ": split sizes " + java.util.Arrays.toString(sizes) + " do not add up to the axis size " + dim;
            throw runtime ? new InputException(msg) : new ModelFormatException(msg);
        }
        return r;
    }

    /** {@code x} cut along {@code axis} into parts of {@code sizes}. */
    static List<Tensor> split(Tensor x, int axis, int[] sizes) {
        Shape s = x.shape();
        int outer = s.sub(0, axis).size(), inner = s.sizeFrom(axis + 1), dim = s.dim(axis);
        List<Tensor> out = new ArrayList<>();
        int off = 0;
        for (int size : sizes) {
            float[] y = new float[outer * size * inner];
            int len = size * inner;
            for (int o = 0; o < outer; o++) System.arraycopy(x.data(), (o * dim + off) * inner, y, o * len, len);
            out.add(Tensor.of(s.with(axis, size), y));
            off += size;
        }
        return out;
    }

    /** {@code s} without axis {@code axis} (an unstacked part). */
    static Shape drop(Shape s, int axis) {
        int[] d = new int[s.rank() - 1];
        for (int i = 0, j = 0; i < s.rank(); i++) if (i != axis) d[j++] = s.dim(i);
        return Shape.of(d);
    }

    // ---- tile, pad -----------------------------------------------------------------------------

    static Shape tileShape(Shape in, int[] multiples, String where) {
        if (multiples.length != in.rank()) {
            throw new ModelFormatException(where + ": tile multiples " + java.util.Arrays.toString(multiples) + " for rank " + in.rank());
        }
        int[] d = new int[in.rank()];
        for (int i = 0; i < d.length; i++) {
            if (multiples[i] < 0) throw new ModelFormatException(where + ": negative tile multiple " + multiples[i]);
            d[i] = in.dim(i) == Shape.UNKNOWN ? Shape.UNKNOWN : in.dim(i) * multiples[i];
        }
        return Shape.of(d);
    }

    /** Pad modes of {@code tf.pad}: a constant, or mirrored without (REFLECT) or with (SYMMETRIC) the edge. */
    enum PadMode { CONSTANT, REFLECT, SYMMETRIC }

    static Shape padShape(Shape in, int[][] pads, PadMode mode, String where) {
        if (pads.length != in.rank()) {
            throw new ModelFormatException(where + ": " + pads.length + " padding pairs for rank " + in.rank());
        }
        int[] d = new int[in.rank()];
        for (int i = 0; i < d.length; i++) {
            if (pads[i][0] < 0 || pads[i][1] < 0) throw new ModelFormatException(where + ": negative padding " + java.util.Arrays.toString(pads[i]));
            int n = in.dim(i);
            if (n != Shape.UNKNOWN && mode != PadMode.CONSTANT) {
                int max = mode == PadMode.REFLECT ? n - 1 : n;
                if (pads[i][0] > max || pads[i][1] > max) {
                    throw new InputException(where + ": " + mode + " padding " + java.util.Arrays.toString(pads[i]) + " is larger than "
                            + (mode == PadMode.REFLECT ? "the axis size - 1" : "the axis size") + " (" + n + ")");
                }
            }
            d[i] = n == Shape.UNKNOWN ? Shape.UNKNOWN : n + pads[i][0] + pads[i][1];
        }
        return Shape.of(d);
    }

    /** Tile ({@code pads} null) or pad {@code x}: every output element reads one input element, or the constant. */
    static Tensor gather(Tensor x, Shape out, int[][] pads, PadMode mode, float value) {
        Shape in = x.shape();
        int r = in.rank();
        // per axis: the input index of each output index, or -1 for the pad value
        int[][] src = new int[r][];
        for (int a = 0; a < r; a++) {
            int n = in.dim(a);
            src[a] = new int[out.dim(a)];
            for (int i = 0; i < src[a].length; i++) {
                if (pads == null) {
                    src[a][i] = i % n;
                    continue;
                }
                int j = i - pads[a][0];
                if (j < 0 || j >= n) {
                    j = switch (mode) {
                        case CONSTANT -> -1;
                        case REFLECT -> j < 0 ? -j : 2 * (n - 1) - j;
                        case SYMMETRIC -> j < 0 ? -j - 1 : 2 * n - 1 - j;
                    };
                }
                src[a][i] = j;
            }
        }
        int[] inStride = new int[r];
        for (int i = r - 1, s = 1; i >= 0; i--) {
            inStride[i] = s;
            s *= in.dim(i);
        }
        float[] y = new float[out.size()];
        float[] d = x.data();
        int[] idx = new int[r];
        for (int o = 0; o < y.length; o++) {
            int off = 0;
            boolean pad = false;
            for (int a = 0; a < r; a++) {
                int j = src[a][idx[a]];
                if (j < 0) {
                    pad = true;
                    break;
                }
                off += j * inStride[a];
            }
            y[o] = pad ? value : d[off];
            for (int a = r - 1; a >= 0; a--) {
                if (++idx[a] < out.dim(a)) break;
                idx[a] = 0;
            }
        }
        return Tensor.of(out, y);
    }

    // ---- matmul --------------------------------------------------------------------------------

    /** The shape of {@code a · b} over the last two axes, leading (batch) axes broadcast. */
    static Shape matmulShape(Shape a, Shape b, boolean ta, boolean tb, String where) {
        if (a.rank() < 2 || b.rank() < 2) throw new ModelFormatException(where + ": matmul needs operands of rank >= 2, found " + a + " and " + b);
        int m = a.dim(a.rank() - (ta ? 1 : 2)), ka = a.dim(a.rank() - (ta ? 2 : 1));
        int kb = b.dim(b.rank() - (tb ? 1 : 2)), n = b.dim(b.rank() - (tb ? 2 : 1));
        if (ka != Shape.UNKNOWN && kb != Shape.UNKNOWN && ka != kb) {
            throw new ModelFormatException(where + ": matmul of " + a + " and " + b + ": inner sizes " + ka + " and " + kb + " differ");
        }
        Shape batch = Operands.broadcast(a.sub(0, a.rank() - 2), b.sub(0, b.rank() - 2), where);
        return batch.append(m, n);
    }

    static Tensor matmul(Tensor a, Tensor b, boolean ta, boolean tb, String where) {
        if (ta) a = swapLast(a);
        if (tb) b = swapLast(b);
        Shape out;
        try {
            out = matmulShape(a.shape(), b.shape(), false, false, where);
        } catch (ModelFormatException e) {
            throw new InputException(e.getMessage());
        }
        int r = out.rank();
        int m = out.dim(r - 2), n = out.dim(r - 1), k = a.dim(a.rank() - 1);
        Shape batch = out.sub(0, r - 2);
        Shape ba = a.shape().sub(0, a.rank() - 2), bb = b.shape().sub(0, b.rank() - 2);
        int[] sa = Operands.broadcastStrides(ba, batch), sb = Operands.broadcastStrides(bb, batch);
        float[] c = new float[out.size()];
        int nb = batch.size();
        int[] idx = new int[batch.rank()];
        for (int i = 0; i < nb; i++) {
            int oa = 0, ob = 0;
            for (int d = 0; d < idx.length; d++) {
                oa += idx[d] * sa[d];
                ob += idx[d] * sb[d];
            }
            MatMul.gemm(m, n, k, a.data(), oa * m * k, k, b.data(), ob * k * n, n, c, i * m * n, n);
            for (int d = idx.length - 1; d >= 0; d--) {
                if (++idx[d] < batch.dim(d)) break;
                idx[d] = 0;
            }
        }
        return Tensor.of(out, c);
    }

    private static Tensor swapLast(Tensor x) {
        int r = x.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return Transpose.permute(x, perm);
    }

    // ---- argmax --------------------------------------------------------------------------

    /** The index of the largest ({@code max}) or smallest value along {@code axis}; the first one on ties. */
    static Tensor argExtreme(Tensor x, int axis, boolean max, String where) {
        Shape s = x.shape();
        int outer = s.sub(0, axis).size(), n = s.dim(axis), inner = s.sizeFrom(axis + 1);
        if (n == 0) throw new InputException(where + ": arg" + (max ? "max" : "min") + " over the empty axis " + axis + " of " + s);
        float[] d = x.data();
        float[] y = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i, best = 0;
                float bv = d[base];
                for (int j = 1; j < n; j++) {
                    float v = d[base + j * inner];
                    if (max ? v > bv : v < bv) {
                        bv = v;
                        best = j;
                    }
                }
                y[o * inner + i] = best;
            }
        }
        return Tensor.of(drop(s, axis), y);
    }
}
