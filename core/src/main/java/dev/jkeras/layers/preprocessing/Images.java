// Shared by the image layers: which resize a file's Keras ran, interpolation names, and the aspect-ratio
// crop (smart_resize), pad and centre crop of Keras 3 (Python float arithmetic) and tf.keras (float32).
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Tensor;
import java.util.EnumSet;
import java.util.Set;

/** Internal helpers of the image preprocessing layers. */
final class Images {
    private Images() {}

    private static final Set<Resample.Method> JAX_METHODS = EnumSet.of(Resample.Method.BILINEAR, Resample.Method.NEAREST,
            Resample.Method.BICUBIC, Resample.Method.LANCZOS3, Resample.Method.LANCZOS5);

    /** Keras 3 files resize as jax.image.resize (the JAX backend), Keras 1/2 and tf.keras files as tf.image.resize. */
    static Resample.Backend backend(LayerSpec spec) {
        return spec.writer() != null && spec.writer().isLegacy() ? Resample.Backend.TF : Resample.Backend.JAX;
    }

    static Resample.Method interpolation(LayerSpec spec, String key, Resample.Backend backend) {
        String s = spec.config().getString(key, "bilinear");
        Resample.Method m = Resample.Method.parse(s);
        if (m == null) {
            throw new ModelFormatException(spec.where() + ": config key '" + key + "' should be one of bilinear, nearest, bicubic, area, "
                    + "lanczos3, lanczos5, gaussian, mitchellcubic; found \"" + s + "\"");
        }
        if (backend == Resample.Backend.JAX && !JAX_METHODS.contains(m)) {
            throw new UnsupportedFeatureException(spec.where() + ": interpolation \"" + s + "\" in a Keras 3 file is not supported: "
                    + "Keras 3's JAX backend has only bilinear, nearest, bicubic, lanczos3 and lanczos5, so this file was written with "
                    + "another backend, whose resize differs and is not recorded in the file. Re-save with one of those interpolations.");
        }
        return m;
    }

    static int positive(LayerSpec spec, String key) {
        int v = spec.config().requireInt(key);
        if (v < 1) throw new ModelFormatException(spec.where() + ": config key '" + key + "' should be a positive integer, found " + v);
        return v;
    }

    /**
     * The largest centred window of the target aspect ratio (Keras's crop_to_aspect_ratio and
     * smart_resize): Keras 3 computes in Python floats and keeps at least one pixel, tf.keras in float32.
     */
    static Tensor cropToAspect(Tensor x, int hAxis, int th, int tw, Resample.Backend b) {
        int h = x.dim(hAxis), w = x.dim(hAxis + 1);
        int ch, cw, h0, w0;
        if (b == Resample.Backend.JAX) {
            ch = Math.max(Math.min(h, (int) ((double) (w * th) / tw)), 1);
            cw = Math.max(Math.min(w, (int) ((double) (h * tw) / th)), 1);
            h0 = (int) ((double) (h - ch) / 2);
            w0 = (int) ((double) (w - cw) / 2);
        } else {
            ch = Math.min(h, (int) ((float) (w * th) / (float) tw));
            cw = Math.min(w, (int) ((float) (h * tw) / (float) th));
            h0 = (int) ((float) (h - ch) / 2f);
            w0 = (int) ((float) (w - cw) / 2f);
        }
        if (ch == h && cw == w) return x;
        return Resample.window(x, hAxis, h0, ch, w0, cw, 0f);
    }

    /**
     * Keras 3's pad_to_aspect_ratio: {@code start = int((padded - size) / 2)} rows (or columns) of
     * {@code fill} on BOTH sides, so an odd difference pads one less than the target aspect needs.
     */
    static Tensor padToAspect(Tensor x, int hAxis, int th, int tw, float fill) {
        int h = x.dim(hAxis), w = x.dim(hAxis + 1);
        int ph = Math.max(h, (int) ((double) (w * th) / tw));
        int pw = Math.max(w, (int) ((double) (h * tw) / th));
        int hs = (int) ((double) (ph - h) / 2);
        int ws = (int) ((double) (pw - w) / 2);
        if (hs > 0) return Resample.window(x, hAxis, -hs, h + 2 * hs, 0, w, fill);
        if (ws > 0) return Resample.window(x, hAxis, 0, h, -ws, w + 2 * ws, fill);
        return x;
    }

    /** smart_resize: the aspect-ratio crop, then a bilinear resize to (th, tw). */
    static Tensor smartResize(Tensor x, int hAxis, int th, int tw, Resample.Backend b) {
        return Resample.resize(cropToAspect(x, hAxis, th, tw, b), hAxis, th, tw, Resample.Method.BILINEAR, false, b);
    }

    /**
     * CenterCrop: the centred (th, tw) window when the image is at least that large in both
     * dimensions (start = difference / 2, rounded down), else {@link #smartResize}.
     */
    static Tensor centerCrop(Tensor x, int hAxis, int th, int tw, Resample.Backend b) {
        int dh = x.dim(hAxis) - th, dw = x.dim(hAxis + 1) - tw;
        if (dh >= 0 && dw >= 0) return Resample.window(x, hAxis, dh / 2, th, dw / 2, tw, 0f);
        return smartResize(x, hAxis, th, tw, b);
    }
}
