// keras.ops.any as Keras 3 records it in a functional graph (Masking's mask = any(x != mask_value, axis=-1)):
// logical OR over the given axes (all axes when none), keepdims optional. Result 1/0.
package dev.jkeras.layers.ops;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** The Keras 3 operation {@code Any}. */
public final class Any extends UnaryLayer {
    /** Axes to reduce, as given (negative from the end); null = all. */
    private final int[] axes;
    private final boolean keepDims;

    private Any(LayerSpec spec, int[] axes, boolean keepDims) {
        super(spec);
        this.axes = axes;
        this.keepDims = keepDims;
    }

    private boolean[] reduced(int rank) {
        boolean[] r = new boolean[rank];
        if (axes == null) {
            java.util.Arrays.fill(r, true);
            return r;
        }
        for (int a : axes) {
            int n = a < 0 ? a + rank : a;
            if (n < 0 || n >= rank) throw shapeError("a rank that has axis " + a, Shape.of(new int[rank]).with(0, Shape.UNKNOWN));
            r[n] = true;
        }
        return r;
    }

    @Override
    public Shape outputShape(Shape in) {
        boolean[] red = reduced(in.rank());
        int[] d = new int[in.rank()];
        int n = 0;
        for (int i = 0; i < in.rank(); i++) {
            if (!red[i]) d[n++] = in.dim(i);
            else if (keepDims) d[n++] = 1;
        }
        return Shape.of(java.util.Arrays.copyOf(d, n));
    }

    @Override
    public Tensor apply(Tensor x) {
        int rank = x.rank();
        boolean[] red = reduced(rank);
        Shape out = outputShape(x.shape());
        float[] r = new float[out.size()];
        float[] d = x.data();
        int[] idx = new int[rank];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 0f) {
                int o = 0;
                for (int a = 0; a < rank; a++) if (!red[a]) o = o * x.dim(a) + idx[a];
                r[o] = 1f;
            }
            for (int a = rank - 1; a >= 0; a--) {
                if (++idx[a] < x.dim(a)) break;
                idx[a] = 0;
            }
        }
        return Tensor.of(out, r);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Any");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int rank = ctx.inputShape().rank();
            if (spec.config().get("axis") instanceof List<?> l && l.contains(null)) {
                throw new ModelFormatException(spec.where() + ": config key 'axis' should hold integers, found " + spec.config().get("axis"));
            }
            int[] axes = spec.config().getIntList("axis");
            if (axes != null) {
                for (int a : axes) {
                    if (a < -rank || a >= rank) {
                        throw new ModelFormatException(spec.where() + ": axis " + a + " does not exist in inputs of rank " + rank);
                    }
                }
            }
            return new Any(spec, axes, spec.config().getBool("keepdims", false));
        }
    }
}
