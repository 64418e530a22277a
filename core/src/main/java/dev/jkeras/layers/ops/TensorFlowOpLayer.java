// TensorFlowOpLayer (tf.keras 2.0-2.3): a raw TensorFlow op recorded as a NodeDef with its constant inputs.
// Only ops whose meaning is fixed by the NodeDef alone are run: Transpose (constant perm) and Reshape
// (constant shape, one -1 allowed), both over the full tensor including the batch axis. Others are refused.
package dev.jkeras.layers.ops;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** A tf.keras {@code TensorFlowOpLayer} holding a Transpose or a Reshape. */
public final class TensorFlowOpLayer extends UnaryLayer {
    private final boolean transpose;
    private final int[] arg; // perm, or target shape

    private TensorFlowOpLayer(LayerSpec spec, boolean transpose, int[] arg) {
        super(spec);
        this.transpose = transpose;
        this.arg = arg;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (transpose) {
            if (in.rank() != arg.length) throw shapeError("rank " + arg.length + " (perm " + java.util.Arrays.toString(arg) + ")", in);
            return Transpose.permuteShape(in, arg);
        }
        int[] d = arg.clone();
        int free = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) free = i;
            else known *= d[i];
        }
        if (free >= 0 && in.isKnown()) {
            if (known == 0 || in.size() % known != 0) throw shapeError("a size divisible by " + known, in);
            d[free] = (int) (in.size() / known);
        } else if (free >= 0) {
            d[free] = Shape.UNKNOWN;
        } else if (in.isKnown() && in.size() != known) {
            throw shapeError(known + " elements for shape " + java.util.Arrays.toString(arg), in);
        }
        return Shape.of(d);
    }

    @Override
    public Tensor apply(Tensor x) {
        if (transpose) return Transpose.permute(x, arg);
        Shape out = outputShape(x.shape());
        if (out.size() != x.size()) {
            throw new InputException(spec() + ": cannot reshape " + x.shape() + " to " + java.util.Arrays.toString(arg));
        }
        return x.reshape(out);
    }

    private String spec() {
        return "layer '" + name() + "' (TensorFlowOpLayer)";
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("TensorFlowOpLayer");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Config nodeDef = c.getConfig("node_def");
            String op = nodeDef == null ? null : nodeDef.getString("op", null);
            Config constants = c.getConfig("constants");
            if (!"Transpose".equals(op) && !"Reshape".equals(op)) {
                throw new UnsupportedFeatureException(spec.where() + ": the TensorFlow operation '" + op
                        + "' recorded by tf.keras is not supported (only Transpose and Reshape with constant arguments are); "
                        + "use Keras layers instead of raw TensorFlow ops in the model");
            }
            int[] arg = constants == null ? null : constants.getIntList("1");
            if (arg == null) {
                throw new ModelFormatException(spec.where() + ": TensorFlow " + op + " needs its second input as a constant "
                        + "(config 'constants' {\"1\": [...]}), found " + (constants == null ? "no constants" : constants.asMap()));
            }
            TensorFlowOpLayer l = new TensorFlowOpLayer(spec, "Transpose".equals(op), arg);
            l.outputShape(ctx.inputShape());
            return l;
        }
    }
}
