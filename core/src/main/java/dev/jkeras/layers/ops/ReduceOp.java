// Raw Keras 3 reductions over axes (Any, All, Sum, Mean, Max, Min; axis int, list or null = all; keepdims).
// Masking's mask is any(x != mask_value, axis=-1), written by Keras 3 as NotEqual then Any nodes.
package dev.jkeras.layers.ops;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.IntMath;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** A reduction op over some axes of one tensor. */
public final class ReduceOp extends Layer {
    /** The supported reductions ({@code PROD} only through tf.keras's {@code reduce_prod}). */
    public enum Kind { ANY("Any"), ALL("All"), SUM("Sum"), MEAN("Mean"), MAX("Max"), MIN("Min"), PROD("Prod");
        final String kerasName;

        Kind(String n) {
            kerasName = n;
        }
    }

    private final Kind kind;
    private final int[] axes; // null = all axes
    private final boolean keepdims;

    private ReduceOp(LayerSpec spec, Kind kind, int[] axes, boolean keepdims) {
        super(spec);
        this.kind = kind;
        this.axes = axes;
        this.keepdims = keepdims;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return List.of(shape(in.get(0), axes, keepdims, layerWhere()));
    }

    /** Keras 3 reduces integers exactly (sums wrap); its mean of integers is a float mean. */
    @Override
    public List<Tensor> call(Call call) {
        DType t = call.inputDType(0);
        if (t.isInteger() && kind != Kind.MEAN) return List.of(reduceInt(call.input(0), kind, axes, keepdims, t, layerWhere()));
        return List.of(reduce(call.input(0), kind, axes, keepdims, layerWhere()));
    }

    private String layerWhere() {
        return "layer '" + name() + "' (" + className() + ")";
    }

    /** Which axes of a rank-{@code rank} tensor {@code axes} (null = all; negative from the end) reduce. */
    static boolean[] reduced(int rank, int[] axes, String where) {
        boolean[] r = new boolean[rank];
        if (axes == null) java.util.Arrays.fill(r, true);
        else {
            for (int a : axes) {
                int ax = a < 0 ? a + rank : a;
                if (ax < 0 || ax >= rank) {
                    throw new ModelFormatException(where + ": reduction axis " + a + " is out of range for rank " + rank);
                }
                r[ax] = true;
            }
        }
        return r;
    }

    /** The shape of {@code s} reduced over {@code axes} (null = all), reduced axes kept as 1 if {@code keepdims}. */
    static Shape shape(Shape s, int[] axes, boolean keepdims, String where) {
        boolean[] red = reduced(s.rank(), axes, where);
        List<Integer> d = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) {
            if (!red[i]) d.add(s.dim(i));
            else if (keepdims) d.add(1);
        }
        return Shape.of(d.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Per axis of {@code s}, the stride of the output slot ({@code 0} on reduced axes). */
    private static int[] outStrides(Shape s, boolean[] red) {
        int[] outStride = new int[s.rank()];
        int st = 1;
        for (int i = s.rank() - 1; i >= 0; i--) {
            outStride[i] = red[i] ? 0 : st;
            if (!red[i]) st *= s.dim(i);
        }
        return outStride;
    }

    /** {@code x} reduced over {@code axes} (null = all). Booleans are 1/0; NaN propagates through max and min. */
    static Tensor reduce(Tensor x, Kind kind, int[] axes, boolean keepdims, String where) {
        Shape s = x.shape();
        int r = s.rank();
        boolean[] red = reduced(r, axes, where);
        Shape out = shape(s, axes, keepdims, where);
        int[] outStride = outStrides(s, red);
        int n = out.size();
        float[] acc = new float[n];
        int[] count = new int[n];
        float init = switch (kind) {
            case ALL, PROD -> 1f;
            case MAX -> Float.NEGATIVE_INFINITY;
            case MIN -> Float.POSITIVE_INFINITY;
            default -> 0f;
        };
        java.util.Arrays.fill(acc, init);
        float[] d = x.data();
        int[] idx = new int[r];
        int o = 0;
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            switch (kind) {
                case ANY -> { if (v != 0) acc[o] = 1f; }
                case ALL -> { if (v == 0) acc[o] = 0f; }
                case SUM, MEAN -> acc[o] += v;
                case PROD -> acc[o] *= v;
                case MAX -> acc[o] = Float.isNaN(v) || Float.isNaN(acc[o]) ? Float.NaN : Math.max(acc[o], v);
                case MIN -> acc[o] = Float.isNaN(v) || Float.isNaN(acc[o]) ? Float.NaN : Math.min(acc[o], v);
            }
            count[o]++;
            o = next(idx, s, outStride, o);
        }
        if (kind == Kind.MEAN) for (int i = 0; i < n; i++) acc[i] /= count[i];
        return Tensor.of(out, acc);
    }

    /** Advances the row-major input index {@code idx} over {@code s} by one; returns the output offset {@code o} moved with it. */
    private static int next(int[] idx, Shape s, int[] outStride, int o) {
        for (int ax = idx.length - 1; ax >= 0; ax--) {
            if (++idx[ax] < s.dim(ax)) return o + outStride[ax];
            o -= outStride[ax] * (idx[ax] - 1);
            idx[ax] = 0;
        }
        return o;
    }

    /**
     * {@code x} of integer dtype {@code t} reduced as TensorFlow reduces integers: sums and products wrap
     * to the dtype's width (computed exactly in long, then wrapped: wrapping addition and multiplication
     * do not depend on the order); the mean is the exact sum (TensorFlow accumulates it without wrapping)
     * divided by the count, truncated toward zero (0 for an empty axis, as TensorFlow gives). Max, min, any
     * and all are exact in float.
     */
    static Tensor reduceInt(Tensor x, Kind kind, int[] axes, boolean keepdims, DType t, String where) {
        if (kind != Kind.SUM && kind != Kind.PROD && kind != Kind.MEAN) return reduce(x, kind, axes, keepdims, where);
        Shape s = x.shape();
        int r = s.rank();
        boolean[] red = reduced(r, axes, where);
        Shape out = shape(s, axes, keepdims, where);
        int[] outStride = outStrides(s, red);
        long[] acc = new long[out.size()];
        if (kind == Kind.PROD) java.util.Arrays.fill(acc, 1L);
        float[] d = x.data();
        int[] idx = new int[r];
        int o = 0;
        for (float v : d) {
            acc[o] = kind == Kind.PROD ? acc[o] * (long) v : acc[o] + (long) v;
            o = next(idx, s, outStride, o);
        }
        long count = acc.length == 0 ? 0 : d.length / acc.length;
        float[] y = new float[acc.length];
        for (int i = 0; i < y.length; i++) {
            long v = acc[i];
            if (kind == Kind.MEAN) v = count == 0 ? 0 : v / count;
            y[i] = IntMath.exact(v, t, where);
        }
        return Tensor.of(out, y);
    }

    /**
     * Keras 3's result dtype: any/all give bool (their nonzero test refuses float64, held at float32
     * precision); mean gives float32 of integers and bools (float64 stays); sum of bools gives int32; the
     * others keep the input dtype.
     */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        if (in.contains(DType.STRING)) return null;
        DType t = in.get(0);
        if ((kind == Kind.ANY || kind == Kind.ALL) && t == DType.FLOAT64) throw ElementwiseOp.float64(layerWhere(), kind.kerasName);
        return List.of(switch (kind) {
            case ANY, ALL -> DType.BOOL;
            case MEAN -> t == DType.FLOAT64 ? t : DType.FLOAT32;
            case SUM -> t == DType.BOOL ? DType.INT32 : t;
            default -> t;
        });
    }

    public static final class Factory implements LayerFactory {
        private final Kind kind;

        public Factory(Kind kind) {
            this.kind = kind;
        }

        @Override
        public List<String> classNames() {
            return List.of("ops." + kind.kerasName);
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new ReduceOp(spec, kind, spec.config().getIntList("axis"), spec.config().getBool("keepdims", false));
        }
    }
}
