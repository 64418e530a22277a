// AdditiveAttention (Bahdanau): scores = Σ_d scale_d · tanh(q_d + k_d) (scale a learned vector, or 1 without
// use_scale), then the shared masked-softmax call of DenseAttention.
package dev.jkeras.layers.attention;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code AdditiveAttention}. */
public final class AdditiveAttention extends DenseAttention {
    private final float[] scale;

    private AdditiveAttention(LayerSpec spec, boolean causal, float[] scale, boolean rank2) {
        super(spec, causal, rank2);
        this.scale = scale;
    }

    @Override
    void scores(float[] q, float[] k, int rows, int tq, int tv, int dim, float[] out) {
        for (int b = 0; b < rows; b++) {
            int qo = b * tq * dim, ko = b * tv * dim, so = b * tq * tv;
            for (int i = 0; i < tq; i++) {
                for (int j = 0; j < tv; j++) {
                    float acc = 0f;
                    for (int d = 0; d < dim; d++) {
                        float t = (float) Math.tanh(q[qo + i * dim + d] + k[ko + j * dim + d]);
                        acc += scale == null ? t : scale[d] * t;
                    }
                    out[so + i * tv + j] = acc;
                }
            }
        }
    }

    @Override
    public long paramCount() {
        return scale == null ? 0 : scale.length;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("AdditiveAttention");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            boolean useScale = spec.config().getBool("use_scale", true);
            List<Shape> in = ctx.inputShapes();
            if (in.size() < 2) throw LayerConfigs.badInput(spec, "[query, value] or [query, value, key]", in.get(0));
            int dim = in.get(0).dim(-1);
            if (dim == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, "a query with known features", in.get(0));
            float[] scale = null;
            if (useScale) {
                List<Tensor> w = ctx.weights(WeightDecl.trainable("scale", dim));
                scale = w.get(0).data();
            }
            AdditiveAttention a = new AdditiveAttention(spec, spec.config().getBool("causal", false), scale, !ctx.inputShapes().isEmpty() && ctx.inputShapes().get(0).rank() == 2);
            a.outputShapes(ctx.inputShapes());
            return a;
        }
    }
}
