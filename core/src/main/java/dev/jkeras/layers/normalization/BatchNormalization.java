// BatchNormalization at inference: y = x·inv + (beta − mean·inv), inv = gamma / sqrt(moving_variance + epsilon),
// in Keras 3's float32 operation order, broadcast along `axis` (int or 1-element list, negative allowed).
// gamma/beta are absent when scale/center is false. Keras 3 renorm weights are loaded and ignored, as Keras does.
package dev.jkeras.layers.normalization;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.ChannelAffine;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code BatchNormalization} (inference mode; moving statistics). */
public final class BatchNormalization extends UnaryLayer implements ChannelAffine.Source {
    private final int axis;
    private final int rank;
    private final int channels;
    private final float[] inv;
    private final float[] shift;
    private final long params;

    private BatchNormalization(LayerSpec spec, int axis, int rank, int channels, float[] inv, float[] shift, long params) {
        super(spec);
        this.axis = axis;
        this.rank = rank;
        this.channels = channels;
        this.inv = inv;
        this.shift = shift;
        this.params = params;
    }

    @Override
    public int channelAxis() {
        return axis;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public float[] scale() {
        return inv.clone();
    }

    @Override
    public float[] shift() {
        return shift.clone();
    }

    private String expected() {
        return "rank " + rank + " with " + channels + " channels on axis " + axis;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != rank || in.dim(axis) != channels) throw shapeError(expected(), in);
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        int inner = x.shape().sizeFrom(axis + 1);
        int outer = x.shape().sub(0, axis).size();
        float[] s = x.data();
        float[] y = Buffers.take(s.length);
        if (inner == 1) {
            // channels last: one unit-stride pass per row of channels
            for (int p = 0; p < s.length; p += channels) {
                for (int c = 0; c < channels; c++) y[p + c] = s[p + c] * inv[c] + shift[c];
            }
            return Tensor.of(x.shape(), y);
        }
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < channels; c++) {
                float a = inv[c], b = shift[c];
                for (int i = 0; i < inner; i++, p++) y[p] = s[p] * a + b;
            }
        }
        return Tensor.of(x.shape(), y);
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    @Override
    public long paramCount() {
        return params;
    }

    @Override
    protected boolean passesMask() {
        return true;
    }

    public static final class Factory implements LayerFactory {
        private final List<String> names;

        public Factory() {
            this("BatchNormalization");
        }

        /** BatchNormalization under other class names (tf.keras's experimental SyncBatchNormalization: the same at inference). */
        public Factory(String... classNames) {
            this.names = List.of(classNames);
        }

        @Override
        public List<String> classNames() {
            return names;
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            if (c.getInt("mode", 0) != 0) {
                throw new UnsupportedFeatureException(spec.where() + ": Keras 1 BatchNormalization mode " + c.getInt("mode", 0)
                        + " is not supported (only mode 0, which uses the moving statistics)");
            }
            Shape in = ctx.inputShape();
            int axis = LayerConfigs.axis(spec, "axis", -1, in.rank());
            int ch = in.dim(axis);
            if (ch == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, "a known size on axis " + axis, in);
            boolean scale = c.getBool("scale", true), center = c.getBool("center", true);
            boolean renorm = c.getBool("renorm", false);
            if (renorm && spec.writer() != null && spec.writer().isLegacy()) {
                throw new UnsupportedFeatureException(spec.where() + ": BatchNormalization with renorm=true is only supported in Keras 3 files");
            }
            float eps = c.getFloat("epsilon", 1e-3f);
            List<WeightDecl> decls = new ArrayList<>();
            if (scale) decls.add(WeightDecl.trainable("gamma", ch));
            if (center) decls.add(WeightDecl.trainable("beta", ch));
            decls.add(WeightDecl.fixed("moving_mean", ch));
            decls.add(WeightDecl.fixed("moving_variance", ch));
            if (renorm) {
                decls.add(WeightDecl.fixed("moving_stddev", ch));
                decls.add(WeightDecl.fixed("renorm_mean", ch));
                decls.add(WeightDecl.fixed("renorm_stddev", ch));
            }
            List<Tensor> w = ctx.weights(decls);
            int k = 0;
            float[] gamma = scale ? w.get(k++).data() : null;
            float[] beta = center ? w.get(k++).data() : null;
            float[] mean = w.get(k++).data();
            float[] var = w.get(k).data();
            float[] inv = new float[ch], shift = new float[ch];
            for (int i = 0; i < ch; i++) {
                float r = (float) (1.0 / Math.sqrt(var[i] + eps));
                inv[i] = scale ? r * gamma[i] : r;
                shift[i] = -mean[i] * inv[i];
                if (center) shift[i] += beta[i];
            }
            long params = 0;
            for (Tensor t : w) params += t.size();
            return new BatchNormalization(spec, axis, in.rank(), ch, inv, shift, params);
        }
    }
}
