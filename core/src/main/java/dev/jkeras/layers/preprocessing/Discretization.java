// Discretization: bucket index = number of bin_boundaries <= x (numpy digitize / TF Bucketize; boundaries
// compared as float32), then encoded by output_mode (int, one_hot, multi_hot, count) with depth = boundaries + 1.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code Discretization}. */
public final class Discretization extends UnaryLayer {
    private final LayerSpec spec;
    private final float[] bounds;
    private final Encoding.Mode mode;

    private Discretization(LayerSpec spec, float[] bounds, Encoding.Mode mode) {
        super(spec);
        this.spec = spec;
        this.bounds = bounds;
        this.mode = mode;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        if (in.contains(DType.STRING)) return null;
        return List.of(Encoding.outputDType(spec, mode));
    }

    @Override
    public Shape outputShape(Shape in) {
        return Encoding.outputShape(spec, in, mode, bounds.length + 1);
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        float[] v = x.data();
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            int lo = 0, hi = bounds.length;
            float f = v[i];
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (bounds[mid] <= f) lo = mid + 1;
                else hi = mid;
            }
            idx[i] = lo;
        }
        return Encoding.encode(x.shape(), idx, mode, bounds.length + 1, null);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Discretization");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Encoding.refuseSparse(spec);
            // TF 2.3-2.4 (experimental.preprocessing) called bin_boundaries bins
            List<Object> b = spec.config().getList(spec.config().has("bin_boundaries") ? "bin_boundaries" : "bins");
            if (b == null) {
                throw new UnsupportedFeatureException(spec.where() + ": the layer has no bin_boundaries (it was created with num_bins and never "
                        + "adapted), so Keras cannot run it either");
            }
            float[] bounds = new float[b.size()];
            for (int i = 0; i < bounds.length; i++) {
                if (!(b.get(i) instanceof Number n)) {
                    throw new ModelFormatException(spec.where() + ": bin_boundaries[" + i + "] should be a number, found " + b.get(i));
                }
                bounds[i] = n.floatValue();
                if (i > 0 && bounds[i] < bounds[i - 1]) {
                    throw new ModelFormatException(spec.where() + ": bin_boundaries must be sorted ascending; found " + bounds[i - 1]
                            + " before " + bounds[i]);
                }
            }
            Encoding.Mode mode = Encoding.mode(spec, "int", Encoding.Mode.INT, Encoding.Mode.ONE_HOT, Encoding.Mode.MULTI_HOT,
                    Encoding.Mode.COUNT);
            Discretization d = new Discretization(spec, bounds, mode);
            d.outputShape(ctx.inputShape());
            return d;
        }
    }
}
