// Folding a per-channel affine layer (inference BatchNormalization) into the linear layer before it.
// The folded layer computes layer(x)·scale + shift with the scale in its weights: one pass instead of two.
package dev.jkeras.layer;

/** Layers whose output channels can absorb a following {@code y·scale + shift}. */
public interface ChannelAffine {
    /**
     * A layer whose output is {@code this(x)·scale[c] + shift[c]} along channel axis {@code axis} of
     * an output of rank {@code rank}, or null if it cannot absorb it exactly up to rounding (a
     * non-linear activation, another channel axis). The result may take over and rescale this
     * layer's weights in place, so this layer must not be used once it returned non-null (the
     * model builder replaces it everywhere, and only folds layers that have one call).
     */
    Layer foldScaleShift(int axis, int rank, float[] scale, float[] shift);

    /** A layer that computes {@code x·scale[c] + shift[c]} along one axis and nothing else. */
    interface Source {
        /** The channel axis (non-negative). */
        int channelAxis();

        /** The rank of its input and output. */
        int rank();

        /** Per-channel factors. */
        float[] scale();

        /** Per-channel offsets. */
        float[] shift();
    }

    /** Scales the output-channel (last) axis of a weight array in place: {@code w[i] *= scale[i % scale.length]}. */
    static float[] scaleColumns(float[] w, float[] scale) {
        for (int i = 0; i < w.length; i++) w[i] *= scale[i % scale.length];
        return w;
    }

    /** {@code bias·scale + shift} (bias may be null). */
    static float[] foldedBias(float[] bias, float[] scale, float[] shift) {
        float[] r = new float[shift.length];
        for (int i = 0; i < r.length; i++) r[i] = bias == null ? shift[i] : bias[i] * scale[i] + shift[i];
        return r;
    }
}
