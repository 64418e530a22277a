// Reshape: (batch, ...) -> (batch, *target_shape), row-major, zero copy; one target dim may be -1.
package dev.jkeras.layers.reshaping;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Keras {@code Reshape}. */
public final class Reshape extends UnaryLayer {
    private final int[] target;
    private final int free;
    private final int knownProduct;

    private Reshape(LayerSpec spec, int[] target) {
        super(spec);
        this.target = target;
        int f = -1, p = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) f = i;
            else p *= target[i];
        }
        this.free = f;
        this.knownProduct = p;
    }

    private String expected() {
        return "(batch, ...) with " + (free < 0 ? knownProduct + " values" : "a multiple of " + knownProduct + " values")
                + " per sample for target_shape " + Arrays.toString(target);
    }

    /** The resolved target dims for {@code n} values per sample, or null if impossible. */
    private int[] resolve(int n) {
        int[] t = target.clone();
        if (free < 0) return n == knownProduct ? t : null;
        if (knownProduct == 0 || n % knownProduct != 0) return null;
        t[free] = n / knownProduct;
        return t;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return sameDType(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        Shape rest = in.dropFirst();
        if (!rest.isKnown()) {
            int[] t = target.clone();
            if (free >= 0) t[free] = Shape.UNKNOWN;
            return Shape.of(t).prepend(in.dim(0));
        }
        int[] t = resolve(rest.size());
        if (t == null) throw shapeError(expected(), in);
        return Shape.of(t).prepend(in.dim(0));
    }

    @Override
    public Tensor apply(Tensor x) {
        int[] t = resolve(x.shape().sizeFrom(1));
        if (t == null) throw shapeError(expected(), x.shape());
        return x.reshape(Shape.of(t).prepend(x.dim(0)));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Reshape");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int[] t = spec.config().getIntList("target_shape");
            if (t == null) throw new ModelFormatException(spec.where() + ": config key 'target_shape' should be a list of integers, found none");
            int frees = 0;
            for (int d : t) {
                if (d == -1) frees++;
                else if (d < 0) throw new ModelFormatException(spec.where() + ": config key 'target_shape' has a negative dimension: " + Arrays.toString(t));
            }
            if (frees > 1) throw new ModelFormatException(spec.where() + ": config key 'target_shape' may contain at most one -1, found " + Arrays.toString(t));
            Reshape r = new Reshape(spec, t);
            r.outputShape(ctx.inputShape());
            return r;
        }
    }
}
