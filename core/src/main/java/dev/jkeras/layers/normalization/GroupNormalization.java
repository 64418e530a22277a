// GroupNormalization: channels on `axis` split into `groups` (−1 = one per channel); per sample and group,
// mean/variance over the group's channels and every other non-batch position; y = x·inv + (beta − mean·inv),
// inv = gamma[c] / sqrt(var + ε). tf.keras weighs the moments by an input mask: refused when a mask arrives.
package dev.jkeras.layers.normalization;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
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

/** Keras {@code GroupNormalization}. */
public final class GroupNormalization extends UnaryLayer {
    private final int axis;
    private final int rank;
    private final int channels;
    private final int groups;
    private final float epsilon;
    private final float[] gamma;
    private final float[] beta;
    private final boolean maskWeighted;
    private final long params;

    private GroupNormalization(LayerSpec spec, int axis, int rank, int channels, int groups, float epsilon, float[] gamma, float[] beta,
            boolean maskWeighted, long params) {
        super(spec);
        this.axis = axis;
        this.rank = rank;
        this.channels = channels;
        this.groups = groups;
        this.epsilon = epsilon;
        this.gamma = gamma;
        this.beta = beta;
        this.maskWeighted = maskWeighted;
        this.params = params;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != rank || (in.dim(axis) != Shape.UNKNOWN && in.dim(axis) != channels)) {
            throw shapeError("rank " + rank + " with " + channels + " channels on axis " + axis, in);
        }
        return in;
    }

    @Override
    public Outputs forward(Call call) {
        if (maskWeighted && call.masks().size() == 1 && call.mask(0) != null) {
            throw new UnsupportedFeatureException("layer '" + name() + "' (GroupNormalization): tf.keras weighs the group moments by the "
                    + "input mask; a masked input is not supported by jkeras");
        }
        return super.forward(call);
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        Shape s = x.shape();
        int batch = s.dim(0);
        int pre = s.sub(1, axis).size();
        int post = s.sizeFrom(axis + 1);
        int per = channels / groups;
        int sample = pre * channels * post;
        long count = (long) pre * per * post;
        float[] src = x.data();
        float[] y = new float[src.length];
        for (int b = 0; b < batch; b++) {
            int base = b * sample;
            for (int g = 0; g < groups; g++) {
                int c0 = g * per;
                double sum = 0;
                for (int p = 0; p < pre; p++) {
                    for (int c = c0; c < c0 + per; c++) {
                        int off = base + (p * channels + c) * post;
                        for (int q = 0; q < post; q++) sum += src[off + q];
                    }
                }
                float mean = (float) (sum / count);
                double sq = 0;
                for (int p = 0; p < pre; p++) {
                    for (int c = c0; c < c0 + per; c++) {
                        int off = base + (p * channels + c) * post;
                        for (int q = 0; q < post; q++) {
                            double d = src[off + q] - (double) mean;
                            sq += d * d;
                        }
                    }
                }
                float inv0 = (float) (1.0 / Math.sqrt((float) (sq / count) + epsilon));
                for (int c = c0; c < c0 + per; c++) {
                    float inv = gamma == null ? inv0 : inv0 * gamma[c];
                    float res = -mean * inv;
                    if (beta != null) res += beta[c];
                    for (int p = 0; p < pre; p++) {
                        int off = base + (p * channels + c) * post;
                        for (int q = 0; q < post; q++) y[off + q] = src[off + q] * inv + res;
                    }
                }
            }
        }
        return Tensor.of(s, y);
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
        @Override
        public List<String> classNames() {
            return List.of("GroupNormalization");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Shape in = ctx.inputShape();
            int axis = LayerConfigs.axis(spec, "axis", -1, in.rank());
            int ch = in.dim(axis);
            if (ch == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, "a known size on axis " + axis, in);
            int groups = c.getInt("groups", 32);
            if (groups == -1) groups = ch;
            if (groups <= 0 || groups > ch || ch % groups != 0) {
                throw new ModelFormatException(spec.where() + ": config key 'groups' = " + c.get("groups") + " must divide the "
                        + ch + " channels on axis " + axis);
            }
            boolean scale = c.getBool("scale", true), center = c.getBool("center", true);
            List<WeightDecl> decls = new ArrayList<>();
            if (scale) decls.add(WeightDecl.trainable("gamma", ch));
            if (center) decls.add(WeightDecl.trainable("beta", ch));
            List<Tensor> w = ctx.weights(decls);
            float[] gamma = scale ? w.get(0).data() : null;
            float[] beta = center ? w.get(scale ? 1 : 0).data() : null;
            long params = 0;
            for (Tensor t : w) params += t.size();
            boolean legacy = spec.writer() != null && spec.writer().isLegacy();
            return new GroupNormalization(spec, axis, in.rank(), ch, groups, c.getFloat("epsilon", 1e-3f), gamma, beta, legacy, params);
        }
    }
}
