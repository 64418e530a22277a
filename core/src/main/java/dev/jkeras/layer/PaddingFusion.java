// Fusing a ZeroPadding layer into the convolution it feeds: Keras applications pad explicitly before a strided
// "valid" convolution; the convolution can read the unpadded input and treat positions outside it as zeros.
package dev.jkeras.layer;

/** The two sides of padding fusion, for the model builder. */
public final class PaddingFusion {
    private PaddingFusion() {}

    /** A layer that only adds zeros around the spatial axes. */
    public interface Source {
        /** The first spatial axis (1 for channels_last, 2 for channels_first). */
        int firstSpatialAxis();

        /** Zeros (before, after) per spatial axis, a copy. */
        int[][] padding();
    }

    /** A convolution with "valid" padding that can take explicit zero padding of its input instead. */
    public interface Target {
        /** A copy of this layer that reads the input without {@code pad}, or null if it cannot. */
        Layer withInputPadding(int firstSpatialAxis, int[][] pad);
    }
}
