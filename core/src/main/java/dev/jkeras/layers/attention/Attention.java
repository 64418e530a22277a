// Attention (Luong): scores = query·keyᵀ (× scale if use_scale), or score_mode "concat":
// concat_score_weight · Σ tanh(scale·(q + k)); then the shared masked-softmax call of DenseAttention.
// tf.keras's deprecated config key `causal` is honoured.
package dev.jkeras.layers.attention;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code Attention}. */
public final class Attention extends DenseAttention {
    private final boolean concat;
    private final boolean useScale;
    private final float scale;
    private final float concatWeight;

    private Attention(LayerSpec spec, boolean causal, boolean concat, boolean useScale, float scale, float concatWeight, boolean rank2) {
        super(spec, causal, rank2);
        this.concat = concat;
        this.useScale = useScale;
        this.scale = scale;
        this.concatWeight = concatWeight;
    }

    @Override
    void scores(float[] q, float[] k, int rows, int tq, int tv, int dim, float[] out) {
        for (int b = 0; b < rows; b++) {
            int qo = b * tq * dim, ko = b * tv * dim, so = b * tq * tv;
            if (!concat) {
                for (int i = 0; i < tq; i++) {
                    for (int j = 0; j < tv; j++) {
                        float acc = 0f;
                        for (int d = 0; d < dim; d++) acc += q[qo + i * dim + d] * k[ko + j * dim + d];
                        out[so + i * tv + j] = useScale ? acc * scale : acc;
                    }
                }
            } else {
                for (int i = 0; i < tq; i++) {
                    for (int j = 0; j < tv; j++) {
                        float acc = 0f;
                        for (int d = 0; d < dim; d++) {
                            float x = q[qo + i * dim + d] + k[ko + j * dim + d];
                            if (useScale) x = scale * x;
                            acc += (float) Math.tanh(x);
                        }
                        out[so + i * tv + j] = concatWeight * acc;
                    }
                }
            }
        }
    }

    @Override
    public long paramCount() {
        return (useScale ? 1 : 0) + (concat ? 1 : 0);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Attention");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            boolean useScale = c.getBool("use_scale", false);
            String mode = c.getString("score_mode", "dot");
            if (!mode.equals("dot") && !mode.equals("concat")) {
                throw new ModelFormatException(spec.where() + ": config key 'score_mode' should be \"dot\" or \"concat\", found \"" + mode + "\"");
            }
            boolean concat = mode.equals("concat");
            List<WeightDecl> decls = new ArrayList<>();
            if (useScale) decls.add(WeightDecl.trainable("scale"));
            if (concat) decls.add(WeightDecl.trainable("concat_score_weight"));
            List<Tensor> w = ctx.weights(decls);
            float scale = useScale ? w.get(0).data()[0] : 1f;
            float cw = concat ? w.get(useScale ? 1 : 0).data()[0] : 1f;
            Attention a = new Attention(spec, c.getBool("causal", false), concat, useScale, scale, cw, !ctx.inputShapes().isEmpty() && ctx.inputShapes().get(0).rank() == 2);
            a.outputShapes(ctx.inputShapes());
            return a;
        }
    }
}
