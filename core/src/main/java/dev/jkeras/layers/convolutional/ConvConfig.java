// Config parsing and layout helpers shared by the convolution, locally-connected and pooling layers:
// n-tuples (kernel_size, strides, ...), padding modes by writer, and channels_first <-> channels_last moves.
package dev.jkeras.layers.convolutional;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Conv;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/** Helpers for layers over 1-3 spatial axes (not a layer). */
public final class ConvConfig {
    private ConvConfig() {}

    /** An n-tuple config value (an int is repeated n times); each entry must be ≥ 1. */
    public static int[] ints(LayerSpec spec, String key, int n, int[] dflt) {
        int[] v = spec.config().getInts(key, n, dflt);
        if (v == null) throw new ModelFormatException(spec.where() + ": config key '" + key + "' should be " + n + " integer(s), found none");
        for (int x : v) {
            if (x < 1) throw new ModelFormatException(spec.where() + ": config key '" + key + "' must be >= 1, found " + Arrays.toString(v));
        }
        return v;
    }

    /** {@code n} copies of {@code v}. */
    public static int[] fill(int n, int v) {
        int[] r = new int[n];
        Arrays.fill(r, v);
        return r;
    }

    /**
     * The {@code padding} mode: valid and same always; causal where {@code allowCausal} (1-D convolutions);
     * full only in Keras 1 files ({@code border_mode="full"}), where {@code allowFull}.
     */
    public static Conv.Padding padding(LayerSpec spec, boolean allowCausal, boolean allowFull) {
        String p = spec.config().getString("padding", "valid").toLowerCase(Locale.ROOT);
        switch (p) {
            case "valid":
                return Conv.Padding.VALID;
            case "same":
                return Conv.Padding.SAME;
            case "causal":
                if (allowCausal) return Conv.Padding.CAUSAL;
                throw new UnsupportedFeatureException(spec.where() + ": padding \"causal\" exists for 1-D convolutions only; this layer "
                        + "supports \"valid\" and \"same\"");
            case "full":
                if (allowFull && spec.writer() != null && spec.writer().major() == 1) return Conv.Padding.FULL;
                throw new UnsupportedFeatureException(spec.where() + ": padding \"full\" (a Keras 1 border_mode) is not supported for "
                        + "this layer and writer (supported: \"valid\", \"same\"" + (allowCausal ? ", \"causal\"" : "") + ")");
            default:
                throw new ModelFormatException(spec.where() + ": config key 'padding' should be \"valid\" or \"same\", found \"" + p + "\"");
        }
    }

    /** True for {@code data_format: "channels_first"}. */
    public static boolean channelsFirst(LayerSpec spec) {
        return LayerConfigs.channelsFirst(spec);
    }

    /** Spatial sizes of a (batch, spatial..., c) or (batch, c, spatial...) shape. */
    public static int[] spatial(Shape s, boolean channelsFirst) {
        int n = s.rank() - 2;
        int[] r = new int[n];
        for (int a = 0; a < n; a++) r[a] = s.dim(channelsFirst ? a + 2 : a + 1);
        return r;
    }

    /** The channel count of a shape. */
    public static int channels(Shape s, boolean channelsFirst) {
        return s.dim(channelsFirst ? 1 : s.rank() - 1);
    }

    /** The channel count of a layer's input, which must have rank {@code rank + 2} and known channels. */
    public static int knownChannels(LayerSpec spec, Shape in, int rank, boolean channelsFirst) {
        int c = in.rank() == rank + 2 ? channels(in, channelsFirst) : Shape.UNKNOWN;
        if (c == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, describe(rank, channelsFirst, -1) + " with known channels", in);
        return c;
    }

    /** A kernel's shape {@code (window..., a, b)}. */
    public static int[] kernelShape(int[] window, int a, int b) {
        int[] d = Arrays.copyOf(window, window.length + 2);
        d[window.length] = a;
        d[window.length + 1] = b;
        return d;
    }

    /** The shape (batch, spatial..., c) or (batch, c, spatial...). */
    public static Shape shape(int batch, int[] spatial, int c, boolean channelsFirst) {
        int[] d = new int[spatial.length + 2];
        d[0] = batch;
        d[channelsFirst ? 1 : d.length - 1] = c;
        System.arraycopy(spatial, 0, d, channelsFirst ? 2 : 1, spatial.length);
        return Shape.of(d);
    }

    /** (batch, c, spatial...) → (batch, spatial..., c). */
    public static Tensor toChannelsLast(Tensor x) {
        int r = x.rank();
        int[] perm = new int[r];
        for (int i = 1; i < r - 1; i++) perm[i] = i + 1;
        perm[r - 1] = 1;
        return Transpose.permute(x, perm);
    }

    /** (batch, spatial..., c) → (batch, c, spatial...). */
    public static Tensor toChannelsFirst(Tensor x) {
        int r = x.rank();
        int[] perm = new int[r];
        perm[1] = r - 1;
        for (int i = 2; i < r; i++) perm[i] = i - 1;
        return Transpose.permute(x, perm);
    }

    /** "(batch, steps, 4)"-style description of the expected input. */
    public static String describe(int rank, boolean channelsFirst, int channels) {
        String[] names = rank == 1 ? new String[] {"steps"} : rank == 2 ? new String[] {"height", "width"}
                : new String[] {"depth", "height", "width"};
        String c = channels < 0 ? "channels" : Integer.toString(channels);
        return "(batch, " + (channelsFirst ? c + ", " + String.join(", ", names) : String.join(", ", names) + ", " + c) + ")";
    }
}
