// Softmax over the trailing axes of attention scores with a mask, in each of the ways Keras writers compute it.
// They differ only for rows whose keys are all masked: zeros (Keras 3 Softmax layer), a uniform average
// (JAX fused attention, tf.keras robust masking), or softmax(x - 1e9) rounded in float32 (tf.keras adder).
package dev.jkeras.layers.attention;

/** Masked softmax variants of the attention layers. */
final class MaskedSoftmax {
    private MaskedSoftmax() {}

    /** How masked positions are treated. */
    enum Mode {
        /** Keras 3 {@code Softmax} layer: x where kept else -1e9; softmax; 0 where masked. */
        KERAS3_LAYER,
        /** Keras 3 fused {@code dot_product_attention} (JAX): x where kept else -0.7·FLT_MAX; softmax. */
        FUSED,
        /** tf.keras {@code Softmax}: x + (1 − mask)·(−1e9) in float32; softmax. */
        TF_ADDER,
        /** tf.keras {@code Softmax(robust_masking=True)}: x where kept else −1e9; softmax. */
        TF_ROBUST,
        /** Keras {@code Attention}: x − 1e9 (float32) where masked; softmax. */
        SUBTRACT
    }

    private static final float FUSED_FILL = -0.7f * Float.MAX_VALUE;

    /**
     * In place: softmax over consecutive rows of length {@code row} of {@code x}, with {@code mask}
     * (same length, 0/1; null = none). {@code logSumExp} selects Keras's multi-axis formula
     * exp(x − logsumexp(x)) instead of exp(x − max) / sum.
     */
    static void apply(float[] x, float[] mask, int row, Mode mode, boolean logSumExp) {
        int rows = row == 0 ? 0 : x.length / row;
        for (int r = 0; r < rows; r++) {
            int o = r * row;
            if (mask != null) {
                for (int j = o; j < o + row; j++) {
                    if (mask[j] != 0f) continue;
                    x[j] = switch (mode) {
                        case KERAS3_LAYER, TF_ROBUST -> -1e9f;
                        case FUSED -> FUSED_FILL;
                        case TF_ADDER, SUBTRACT -> x[j] + -1e9f;
                    };
                }
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int j = o; j < o + row; j++) max = Math.max(max, x[j]);
            float sum = 0f;
            for (int j = o; j < o + row; j++) {
                float e = (float) Math.exp(x[j] - max);
                if (!logSumExp) x[j] = e;
                sum += e;
            }
            if (logSumExp) {
                float lse = (float) Math.log(sum) + max;
                for (int j = o; j < o + row; j++) x[j] = (float) Math.exp(x[j] - lse);
            } else {
                for (int j = o; j < o + row; j++) x[j] = x[j] / sum;
            }
            if (mask != null && mode == Mode.KERAS3_LAYER) {
                for (int j = o; j < o + row; j++) if (mask[j] == 0f) x[j] = 0f;
            }
        }
    }
}
