// TensorFlow's StridedSlice (x[...]): begin/end/stride with the omitted-bound, Ellipsis, new-axis and shrink
// masks, following TF's clamping and negative-index rules.
package dev.jkeras.layers.ops;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TensorFlow's StridedSlice (what {@code x[...]} compiles to): per index entry a begin, end and
 * stride, with bit masks for "begin/end omitted", Ellipsis, new axes (None) and integer indices
 * (shrink). Follows TensorFlow's rules exactly: an implicit Ellipsis at the end, negative indices
 * count from the end, out-of-range bounds are clamped, an integer index must be in range. Immutable.
 */
final class StridedSlice {
    private final int[] begin;
    private final int[] end;
    private final int[] strides;
    private final int beginMask;
    private final int endMask;
    private final int ellipsisMask;
    private final int newAxisMask;
    private final int shrinkMask;

    StridedSlice(int[] begin, int[] end, int[] strides, int beginMask, int endMask, int ellipsisMask, int newAxisMask,
                 int shrinkMask, String where) {
        if (begin.length != end.length || begin.length != strides.length) {
            throw new ModelFormatException(where + ": strided slice begin, end and strides differ in length");
        }
        if (Integer.bitCount(ellipsisMask) > 1) throw new ModelFormatException(where + ": several Ellipsis in one slice");
        for (int i = 0; i < strides.length; i++) {
            boolean plain = ((ellipsisMask | newAxisMask) >> i & 1) == 0;
            if (plain && strides[i] == 0) throw new ModelFormatException(where + ": slice step 0");
            if (plain && (shrinkMask >> i & 1) != 0 && strides[i] < 0) {
                throw new ModelFormatException(where + ": an integer index with a negative stride");
            }
        }
        this.begin = begin;
        this.end = end;
        this.strides = strides;
        this.beginMask = beginMask;
        this.endMask = endMask;
        this.ellipsisMask = ellipsisMask;
        this.newAxisMask = newAxisMask;
        this.shrinkMask = shrinkMask;
    }

    /**
     * The slice of a Python index as tf.keras records it for {@code __operators__.getitem}: an int,
     * a slice {@code {"start", "stop", "step"}}, {@code {"class_name": "__ellipsis__"}}, null (newaxis),
     * or a list of those (a list of ints indexes several axes, as TensorFlow reads {@code x[[0, 2]]}).
     */
    static StridedSlice ofPythonIndex(Object spec, String where) {
        List<?> items = spec instanceof List<?> l ? l : java.util.Collections.singletonList(spec);
        int n = items.size();
        if (n > 30) throw new UnsupportedFeatureException(where + ": an index with " + n + " entries");
        int[] b = new int[n], e = new int[n], s = new int[n];
        int bm = 0, em = 0, ell = 0, na = 0, shrink = 0;
        for (int i = 0; i < n; i++) {
            Object it = items.get(i);
            s[i] = 1;
            if (it == null) {
                na |= 1 << i;
            } else if (it instanceof Map<?, ?> m && "__ellipsis__".equals(m.get("class_name"))) {
                ell |= 1 << i;
            } else if (it instanceof Map<?, ?> m && m.containsKey("start") && m.containsKey("stop") && m.containsKey("step")) {
                Integer start = bound(m.get("start"), where), stop = bound(m.get("stop"), where), step = bound(m.get("step"), where);
                if (start == null) bm |= 1 << i;
                else b[i] = start;
                if (stop == null) em |= 1 << i;
                else e[i] = stop;
                if (step != null) s[i] = step;
            } else if (dev.jkeras.layer.Config.asInt(it) != null) {
                b[i] = dev.jkeras.layer.Config.asInt(it);
                e[i] = b[i] + 1;
                shrink |= 1 << i;
            } else {
                throw new UnsupportedFeatureException(where + ": index entry " + it + " is not supported (supported: integers, "
                        + "slices with constant bounds, Ellipsis and None/tf.newaxis; not boolean masks or tensors)");
            }
        }
        return new StridedSlice(b, e, s, bm, em, ell, na, shrink, where);
    }

    private static Integer bound(Object v, String where) {
        if (v == null) return null;
        Integer i = dev.jkeras.layer.Config.asInt(v);
        if (i != null) return i;
        throw new UnsupportedFeatureException(where + ": slice bound " + v + " is not supported (constant integers or None only)");
    }

    /** Per input axis: first index, stride, output size, and whether the axis is dropped (integer index). */
    private record Plan(int[] start, int[] step, int[] size, boolean[] shrink, Shape out) {}

    private Plan plan(Shape in, boolean runtime, String where) {
        int rank = in.rank();
        int sparse = begin.length;
        int ell = ellipsisMask;
        if (ell == 0) {
            ell = 1 << sparse; // implicit Ellipsis after the last entry
            sparse++;
        }
        int newAfterEllipsis = 0;
        boolean seen = false;
        for (int i = 0; i < sparse; i++) {
            if (seen && (newAxisMask >> i & 1) != 0) newAfterEllipsis++;
            if ((ell >> i & 1) != 0) seen = true;
        }
        int[] start = new int[rank], step = new int[rank], size = new int[rank];
        boolean[] shrink = new boolean[rank];
        List<Integer> outDims = new ArrayList<>();
        int full = 0;
        for (int i = 0; i < sparse; i++) {
            if ((ell >> i & 1) != 0) {
                int next = Math.min(rank - (sparse - i) + 1 + newAfterEllipsis, rank);
                for (; full < next; full++) {
                    start[full] = 0;
                    step[full] = 1;
                    size[full] = in.dim(full);
                    outDims.add(in.dim(full));
                }
            } else if ((newAxisMask >> i & 1) != 0) {
                outDims.add(1);
            } else {
                if (full >= rank) {
                    throw error(runtime, where + ": index " + describe() + " has more entries than the " + rank + " axes of " + in);
                }
                int d = in.dim(full);
                int s = strides[i];
                step[full] = s;
                if ((shrinkMask >> i & 1) != 0) {
                    shrink[full] = true;
                    if (d != Shape.UNKNOWN) {
                        int x = begin[i] < 0 ? begin[i] + d : begin[i];
                        if (x < 0 || x >= d) {
                            throw error(runtime, where + ": index " + begin[i] + " is out of range for axis " + full + " of size " + d
                                    + " in " + in);
                        }
                        start[full] = x;
                    }
                    size[full] = 1;
                } else if (d == Shape.UNKNOWN) {
                    size[full] = Shape.UNKNOWN;
                    outDims.add(Shape.UNKNOWN);
                } else {
                    int lo = s > 0 ? 0 : -1, hi = s > 0 ? d : d - 1;
                    int b0 = (beginMask >> i & 1) != 0 ? (s > 0 ? lo : hi) : clamp(begin[i] < 0 ? begin[i] + d : begin[i], lo, hi);
                    int e0 = (endMask >> i & 1) != 0 ? (s > 0 ? hi : lo) : clamp(end[i] < 0 ? end[i] + d : end[i], lo, hi);
                    int len = e0 - b0;
                    int n = len == 0 || (len < 0) != (s < 0) ? 0 : len / s + (len % s != 0 ? 1 : 0);
                    start[full] = b0;
                    size[full] = n;
                    outDims.add(n);
                }
                full++;
            }
        }
        return new Plan(start, step, size, shrink, Shape.of(outDims.stream().mapToInt(Integer::intValue).toArray()));
    }

    private static int clamp(int x, int lo, int hi) {
        return x < lo ? lo : Math.min(x, hi);
    }

    private static RuntimeException error(boolean runtime, String msg) {
        return runtime ? new InputException(msg) : new ModelFormatException(msg);
    }

    private String describe() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < begin.length; i++) {
            if (i > 0) sb.append(", ");
            if ((ellipsisMask >> i & 1) != 0) sb.append("...");
            else if ((newAxisMask >> i & 1) != 0) sb.append("None");
            else if ((shrinkMask >> i & 1) != 0) sb.append(begin[i]);
            else {
                if ((beginMask >> i & 1) == 0) sb.append(begin[i]);
                sb.append(':');
                if ((endMask >> i & 1) == 0) sb.append(end[i]);
                if (strides[i] != 1) sb.append(':').append(strides[i]);
            }
        }
        return sb.append(']').toString();
    }

    /** The output shape for an input of shape {@code in} (unknown dims stay unknown unless dropped). */
    Shape outputShape(Shape in, String where) {
        return plan(in, false, where).out;
    }

    /** The slice of {@code x}. */
    Tensor apply(Tensor x, String where) {
        Shape in = x.shape();
        Plan p = plan(in, true, where);
        int r = in.rank();
        float[] src = x.data();
        float[] dst = new float[p.out.size()];
        if (dst.length == 0) return Tensor.of(p.out, dst);
        int[] inStride = new int[r];
        for (int i = r - 1, s = 1; i >= 0; i--) {
            inStride[i] = s;
            s *= in.dim(i);
        }
        int base = 0;
        for (int i = 0; i < r; i++) base += p.start[i] * inStride[i];
        int[] idx = new int[r];
        int off = base;
        for (int o = 0; o < dst.length; o++) {
            dst[o] = src[off];
            for (int ax = r - 1; ax >= 0; ax--) {
                if (++idx[ax] < p.size[ax]) {
                    off += p.step[ax] * inStride[ax];
                    break;
                }
                off -= p.step[ax] * inStride[ax] * (idx[ax] - 1);
                idx[ax] = 0;
            }
        }
        return Tensor.of(p.out, dst);
    }
}
