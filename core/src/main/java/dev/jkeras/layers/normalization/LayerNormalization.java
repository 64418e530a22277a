// LayerNormalization: per sample, mean/variance (biased) over `axis` (int or list), y = x·inv + (beta − mean·inv),
// inv = gamma / sqrt(var + epsilon). Parameters have the dims of the axes in config order but are applied in
// ascending-axis order (Keras reshapes them). Keras 3 rms_scaling: y = x / sqrt(var + ε) · gamma (std, not RMS).
package dev.jkeras.layers.normalization;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code LayerNormalization}. */
public final class LayerNormalization extends UnaryLayer {
    private final NormAxes axes;
    private final Shape built;
    private final float epsilon;
    private final boolean rms;
    private final float[] gamma;
    private final float[] beta;
    private final long params;

    /** Normalizing over the batch axis mixes the samples of a call. */
    @Override
    public boolean mixesSamples() {
        for (int a : axes.sorted) if (a == 0) return true;
        return false;
    }

    private LayerNormalization(LayerSpec spec, NormAxes axes, Shape built, float epsilon, boolean rms, float[] gamma, float[] beta, long params) {
        super(spec);
        this.axes = axes;
        this.built = built;
        this.epsilon = epsilon;
        this.rms = rms;
        this.gamma = gamma;
        this.beta = beta;
        this.params = params;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != axes.rank) throw shapeError("rank " + axes.rank, in);
        for (int a : axes.sorted) {
            if (in.dim(a) != Shape.UNKNOWN && in.dim(a) != built.dim(a)) throw shapeError("size " + built.dim(a) + " on axis " + a, in);
        }
        return in;
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        return axes.mapRows(x, (src, y, off, n) -> {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += src[off + j];
            float mean = (float) (sum / n);
            double sq = 0;
            for (int j = 0; j < n; j++) {
                double d = src[off + j] - (double) mean;
                sq += d * d;
            }
            float var = (float) (sq / n);
            float inv0 = (float) (1.0 / Math.sqrt(var + epsilon));
            for (int j = 0; j < n; j++) {
                float inv = gamma == null ? inv0 : inv0 * gamma[j];
                if (rms) {
                    y[off + j] = src[off + j] * inv;
                } else {
                    float res = -mean * inv;
                    if (beta != null) res += beta[j];
                    y[off + j] = src[off + j] * inv + res;
                }
            }
        });
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
            return List.of("LayerNormalization");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Shape in = ctx.inputShape();
            NormAxes axes = NormAxes.parse(spec, "axis", -1, in.rank(), false);
            for (int a : axes.sorted) {
                if (in.dim(a) == Shape.UNKNOWN) throw dev.jkeras.layers.LayerConfigs.badInput(spec, "a known size on axis " + a, in);
            }
            boolean rms = c.getBool("rms_scaling", false);
            if (rms && spec.writer() != null && spec.writer().isLegacy()) {
                throw new UnsupportedFeatureException(spec.where() + ": rms_scaling is a Keras 3 option; found it in a Keras "
                        + spec.writer().kerasVersion() + " file");
            }
            boolean scale = c.getBool("scale", true) || rms;
            boolean center = c.getBool("center", true) && !rms;
            int[] dims = axes.dims(in);
            List<WeightDecl> decls = new ArrayList<>();
            if (scale) decls.add(WeightDecl.trainable("gamma", dims));
            if (center) decls.add(WeightDecl.trainable("beta", dims));
            List<Tensor> w = ctx.weights(decls);
            float[] gamma = scale ? w.get(0).data() : null;
            float[] beta = center ? w.get(scale ? 1 : 0).data() : null;
            long params = 0;
            for (Tensor t : w) params += t.size();
            return new LayerNormalization(spec, axes, in, c.getFloat("epsilon", 1e-3f), rms, gamma, beta, params);
        }
    }
}
