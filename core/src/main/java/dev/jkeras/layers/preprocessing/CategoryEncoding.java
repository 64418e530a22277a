// CategoryEncoding: integer category ids in [0, num_tokens) encoded as one_hot, multi_hot or count vectors
// (shapes as in Encoding). Ids outside the range or not integers are an input error here (Keras's JAX backend
// silently writes zeros for them, tf.keras raises).
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code CategoryEncoding}. */
public final class CategoryEncoding extends Layer {
    private final LayerSpec spec;
    private final int numTokens;
    private final Encoding.Mode mode;

    private CategoryEncoding(LayerSpec spec, int numTokens, Encoding.Mode mode) {
        super(spec);
        this.spec = spec;
        this.numTokens = numTokens;
        this.mode = mode;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return List.of(Encoding.outputShape(spec, in.get(0), mode, numTokens));
    }

    @Override
    public List<Tensor> call(Call call) {
        if (!call.tensorKwarg("count_weights").isEmpty() || call.inputs().size() > 1) {
            throw new UnsupportedFeatureException(spec.where() + ": count_weights are not supported");
        }
        Tensor x = call.input(0);
        Encoding.outputShape(spec, x.shape(), mode, numTokens);
        float[] v = x.data();
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (!(f >= 0 && f < numTokens) || f != Math.rint(f)) {
                throw new InputException("layer '" + name() + "' (CategoryEncoding): input values must be integers in [0, " + numTokens
                        + ") (num_tokens=" + numTokens + "), found " + f + " at flat index " + i);
            }
            idx[i] = (int) f;
        }
        return List.of(Encoding.encode(x.shape(), idx, mode, numTokens, null));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("CategoryEncoding");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Encoding.refuseSparse(spec);
            // TF 2.3-2.5 (experimental.preprocessing) called num_tokens max_tokens
            int n = spec.config().has("num_tokens") || !spec.config().has("max_tokens")
                    ? spec.config().requireInt("num_tokens") : spec.config().requireInt("max_tokens");
            if (n < 1) throw new ModelFormatException(spec.where() + ": num_tokens should be >= 1, found " + n);
            Encoding.Mode mode = Encoding.mode(spec, "multi_hot", Encoding.Mode.ONE_HOT, Encoding.Mode.MULTI_HOT, Encoding.Mode.COUNT);
            CategoryEncoding l = new CategoryEncoding(spec, n, mode);
            l.outputShapes(ctx.inputShapes());
            return l;
        }
    }
}
