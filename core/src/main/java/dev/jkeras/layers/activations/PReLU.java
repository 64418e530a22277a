// PReLU: x if x > 0 else alpha·x (Keras: relu(x) − alpha·relu(−x)); alpha has shape input_shape[1:] with each
// 1-based `shared_axes` entry set to 1 and broadcast. Keras 1 stored the same array as `<name>_alphas`.
package dev.jkeras.layers.activations;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Broadcast;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Keras {@code PReLU}. */
public final class PReLU extends UnaryLayer {
    private final Tensor alpha;

    private PReLU(LayerSpec spec, Tensor alpha) {
        super(spec);
        this.alpha = alpha;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return floatInputsOnly(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != alpha.rank() + 1) throw shapeError("rank " + (alpha.rank() + 1), in);
        for (int i = 0; i < alpha.rank(); i++) {
            int d = in.dim(i + 1), a = alpha.dim(i);
            if (a != 1 && d != Shape.UNKNOWN && d != a) throw shapeError("(batch, ...) matching alpha " + alpha.shape(), in);
        }
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        Shape sample = x.shape().dropFirst();
        float[] a = alpha.data();
        if (!alpha.shape().equals(sample)) {
            a = new float[sample.size()];
            Broadcast.addInto(a, sample, alpha, true);
        }
        float[] s = x.data();
        float[] y = new float[s.length];
        int per = a.length;
        for (int i = 0; i < s.length; i++) {
            float v = s[i];
            y[i] = v > 0f ? v : a[i % per] * v;
        }
        return Tensor.of(x.shape(), y);
    }

    @Override
    public long paramCount() {
        return alpha.size();
    }

    @Override
    protected boolean passesMask() {
        return true;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("PReLU");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Shape in = ctx.inputShape();
            int[] dims = in.dropFirst().dims();
            int[] shared = spec.config().getIntList("shared_axes");
            if (shared != null) {
                for (int s : shared) {
                    if (s < 1 || s > dims.length) {
                        throw new ModelFormatException(spec.where() + ": config key 'shared_axes' = " + Arrays.toString(shared)
                                + " should hold axes 1.." + dims.length);
                    }
                    dims[s - 1] = 1;
                }
            }
            for (int d : dims) if (d == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, "known sizes on every axis not in shared_axes", in);
            return new PReLU(spec, ctx.weights(WeightDecl.trainable("alpha", dims)).get(0));
        }
    }
}
