// Resizing: images (batch, H, W, C) or channels_first resized to (height, width), optionally after a
// centred crop (crop_to_aspect_ratio) or an even pad (pad_to_aspect_ratio, Keras 3) to the target aspect.
// Keras 3 files follow jax.image.resize, tf.keras files tf.image.resize (see Resample for the differences).
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code Resizing}. */
public final class Resizing extends UnaryLayer {
    private final int height;
    private final int width;
    private final Resample.Method method;
    private final boolean antialias;
    private final boolean crop;
    private final boolean pad;
    private final float fillValue;
    private final int hAxis;
    private final Resample.Backend backend;

    private Resizing(LayerSpec spec, int height, int width, Resample.Method method, boolean antialias, boolean crop, boolean pad,
            float fillValue, int hAxis, Resample.Backend backend) {
        super(spec);
        this.height = height;
        this.width = width;
        this.method = method;
        this.antialias = antialias;
        this.crop = crop;
        this.pad = pad;
        this.fillValue = fillValue;
        this.hAxis = hAxis;
        this.backend = backend;
    }

    /** tf.keras resizes integer images in float32; Keras 3 keeps their dtype, rounding the result: float only. */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return backend == Resample.Backend.JAX ? floatInputsOnly(in, outputCount) : super.outputDTypes(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 4) throw shapeError("a batch of images (rank 4)", in);
        return in.with(hAxis, height).with(hAxis + 1, width);
    }

    @Override
    public Tensor apply(Tensor x) {
        if (x.rank() != 4) throw shapeError("a batch of images (rank 4)", x.shape());
        Tensor y = x;
        if (crop) y = Images.cropToAspect(y, hAxis, height, width, backend);
        else if (pad) y = Images.padToAspect(y, hAxis, height, width, fillValue);
        return Resample.resize(y, hAxis, height, width, method, antialias, backend);
    }

    /**
     * {@code tf.image.resize} (v2, no antialias) of a batch of NHWC images to (height, width), as tf.keras's
     * Resizing runs it; {@code method} is a TF method name. Null if the method is not one TensorFlow has.
     */
    public static Tensor tfImageResize(Tensor images, int height, int width, String method) {
        Resample.Method m = Resample.Method.parse(method);
        return m == null ? null : Resample.resize(images, 1, height, width, m, false, Resample.Backend.TF);
    }

    /** True if {@code method} names a {@code tf.image.resize} method. */
    public static boolean isTfResizeMethod(String method) {
        return Resample.Method.parse(method) != null;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Resizing");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Resample.Backend backend = Images.backend(spec);
            Resample.Method m = Images.interpolation(spec, "interpolation", backend);
            boolean crop = c.getBool("crop_to_aspect_ratio", false);
            boolean pad = c.getBool("pad_to_aspect_ratio", false);
            if (crop && pad) {
                throw new ModelFormatException(spec.where() + ": only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be true");
            }
            String fillMode = c.getString("fill_mode", "constant");
            if (pad && !fillMode.equals("constant")) {
                throw new UnsupportedFeatureException(spec.where() + ": fill_mode \"" + fillMode
                        + "\" is not supported with pad_to_aspect_ratio (Keras supports only \"constant\")");
            }
            boolean antialias = c.getBool("antialias", false);
            if (antialias && backend == Resample.Backend.JAX && m == Resample.Method.NEAREST) antialias = false;
            int hAxis = LayerConfigs.channelsFirst(spec) ? 2 : 1;
            Resizing r = new Resizing(spec, Images.positive(spec, "height"), Images.positive(spec, "width"), m, antialias, crop, pad,
                    c.getFloat("fill_value", 0f), hAxis, backend);
            r.outputShape(ctx.inputShape());
            return r;
        }
    }
}
