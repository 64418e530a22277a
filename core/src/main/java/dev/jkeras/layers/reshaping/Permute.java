// Permute: reorders the non-batch axes; dims are 1-based (dims=(2, 1) swaps the two axes after batch).
package dev.jkeras.layers.reshaping;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Transpose;
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

/** Keras {@code Permute}. */
public final class Permute extends UnaryLayer {
    private final int[] perm;

    private Permute(LayerSpec spec, int[] perm) {
        super(spec);
        this.perm = perm;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return sameDType(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != perm.length) throw shapeError("rank " + perm.length, in);
        return Transpose.permuteShape(in, perm);
    }

    @Override
    public Tensor apply(Tensor x) {
        if (x.rank() != perm.length) throw shapeError("rank " + perm.length, x.shape());
        return Transpose.permute(x, perm);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Permute");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int[] dims = spec.config().getIntList("dims");
            if (dims == null) throw new ModelFormatException(spec.where() + ": config key 'dims' should be a list of integers, found none");
            int[] perm = new int[dims.length + 1];
            boolean[] seen = new boolean[dims.length + 1];
            for (int i = 0; i < dims.length; i++) {
                int d = dims[i];
                if (d < 1 || d > dims.length || seen[d]) {
                    throw new ModelFormatException(spec.where() + ": config key 'dims' should be a permutation of 1.."
                            + dims.length + ", found " + Arrays.toString(dims));
                }
                seen[d] = true;
                perm[i + 1] = d;
            }
            Permute p = new Permute(spec, perm);
            p.outputShape(ctx.inputShape());
            return p;
        }
    }
}
