// LayerScale of keras.applications ConvNeXt (Keras 3 and tf.keras; class_name "LayerScale", module
// ...applications.convnext): y = x · gamma, gamma of length projection_dim broadcast along the last axis.
// Not a masking layer (the mask is dropped); a per-channel scale, so it folds into a Dense/Conv before it.
package dev.jkeras.layers.applications;

import dev.jkeras.kernel.Buffers;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.ChannelAffine;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** ConvNeXt's {@code LayerScale}: the input scaled per channel (last axis) by the learned {@code gamma}. */
public final class LayerScale extends UnaryLayer implements ChannelAffine.Source {
    private final float[] gamma;
    private final int rank;

    private LayerScale(LayerSpec spec, float[] gamma, int rank) {
        super(spec);
        this.gamma = gamma;
        this.rank = rank;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != rank || in.dim(-1) != gamma.length) throw shapeError("rank " + rank + " with " + gamma.length + " channels last", in);
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        float[] s = x.data();
        float[] y = Buffers.take(s.length);
        int c = gamma.length;
        for (int p = 0; p < s.length; p += c) {
            for (int j = 0; j < c; j++) y[p + j] = s[p + j] * gamma[j];
        }
        return Tensor.of(x.shape(), y);
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    @Override
    public int channelAxis() {
        return rank - 1;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public float[] scale() {
        return gamma.clone();
    }

    @Override
    public float[] shift() {
        return new float[gamma.length];
    }

    @Override
    public long paramCount() {
        return gamma.length;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("LayerScale");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Shape in = ctx.inputShape();
            int dim = spec.config().requireInt("projection_dim");
            if (in.rank() < 2 || in.dim(-1) != dim) {
                throw LayerConfigs.badInput(spec, "(batch, ..., " + dim + ") to scale by gamma of projection_dim " + dim, in);
            }
            float[] gamma = ctx.weights(WeightDecl.trainable("gamma", dim)).get(0).data();
            return new LayerScale(spec, gamma, in.rank());
        }
    }
}
