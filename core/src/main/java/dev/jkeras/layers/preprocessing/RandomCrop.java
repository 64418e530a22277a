// RandomCrop at inference. tf.keras: the largest centred window of the target aspect ratio, resized
// bilinearly to (height, width) (smart_resize). Keras 3.15: the input unchanged (transform_images returns it
// when training is False), although Keras's symbolic output shape says (height, width).
package dev.jkeras.layers.preprocessing;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code RandomCrop}, as Keras runs it with {@code training=False}. */
public final class RandomCrop extends UnaryLayer {
    private final int height;
    private final int width;
    private final int hAxis;
    private final boolean resizes;

    private RandomCrop(LayerSpec spec, int height, int width, int hAxis, boolean resizes) {
        super(spec);
        this.height = height;
        this.width = width;
        this.hAxis = hAxis;
        this.resizes = resizes;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 4) throw shapeError("a batch of images (rank 4)", in);
        return resizes ? in.with(hAxis, height).with(hAxis + 1, width) : in;
    }

    @Override
    public Tensor apply(Tensor x) {
        if (x.rank() != 4) throw shapeError("a batch of images (rank 4)", x.shape());
        return resizes ? Images.smartResize(x, hAxis, height, width, Resample.Backend.TF) : x;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("RandomCrop");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int hAxis = LayerConfigs.channelsFirst(spec) ? 2 : 1;
            boolean resizes = Images.backend(spec) == Resample.Backend.TF;
            RandomCrop c = new RandomCrop(spec, Images.positive(spec, "height"), Images.positive(spec, "width"), hAxis, resizes);
            c.outputShape(ctx.inputShape());
            return c;
        }
    }
}
