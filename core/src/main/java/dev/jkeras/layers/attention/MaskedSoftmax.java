// Softmax over the trailing axes of attention scores with a mask, in each of the ways Keras writers compute it.
// They differ only for rows whose keys are all masked: zeros (Keras 3 Softmax layer), a uniform average
// (JAX fused attention, tf.keras robust masking), or softmax(x - 1e9) rounded in float32 (tf.keras adder).
package dev.jkeras.layers.attention;

import dev.jkeras.kernel.VecMath;

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
    /** Floats of scores processed at a time (whole rows). */
    private static final int GROUP = 4096;

    /**
     * In place: softmax over consecutive rows of length {@code row} of {@code x}, with {@code mask}
     * (same length, 0/1; null = none). {@code logSumExp} selects Keras's multi-axis formula
     * exp(x − logsumexp(x)) instead of exp(x − max) / sum. Exponentials and the exp(x − max) / sum
     * rows are VecMath's float32 kernels (a few ulps from exact; NaN, ±Inf and all −Inf rows as before).
     */
    static void apply(float[] x, float[] mask, int row, Mode mode, boolean logSumExp) {
        int rows = row == 0 ? 0 : x.length / row;
        if (rows == 0) return;
        boolean add = mode == Mode.TF_ADDER || mode == Mode.SUBTRACT;
        float fill = mode == Mode.FUSED ? FUSED_FILL : -1e9f;
        float[] e = logSumExp ? new float[row] : null;
        // Groups of whole rows small enough to stay in cache from the masking to the zeroing.
        int group = Math.max(1, GROUP / row) * row;
        for (int from = 0, len = rows * row; from < len; from += group) {
            int to = Math.min(len, from + group);
            if (mask != null) {
                for (int j = from; j < to; j++) if (mask[j] == 0f) x[j] = add ? x[j] + -1e9f : fill;
            }
            if (logSumExp) {
                for (int o = from; o < to; o += row) logSumExpRow(x, o, row, e);
            } else {
                // Per row: max, exp(x − max), their sum and the division, as the scalar loops did.
                VecMath.softmax(x, from, to - from, row);
            }
            if (mask != null && mode == Mode.KERAS3_LAYER) {
                for (int j = from; j < to; j++) if (mask[j] == 0f) x[j] = 0f;
            }
        }
    }

    /**
     * exp(x − lse) over x[o, o+row), lse = log Σ exp(x − max) + max in float32 as Keras has it: not the
     * same as softmax (a row of −1e9 fills has lse = −1e9, so each value becomes 1, not 1/row). {@code e}
     * is work space.
     */
    private static void logSumExpRow(float[] x, int o, int row, float[] e) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < row; j++) max = Math.max(max, x[o + j]);
        for (int j = 0; j < row; j++) e[j] = x[o + j] - max;
        VecMath.exp(e, 0, row);
        float sum = 0f;
        for (int j = 0; j < row; j++) sum += e[j];
        float lse = (float) Math.log(sum) + max;
        for (int j = o; j < o + row; j++) x[j] = x[j] - lse;
        VecMath.exp(x, o, row);
    }
}
