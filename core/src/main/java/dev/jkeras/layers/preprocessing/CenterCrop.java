// CenterCrop: the centred (height, width) window of each image; when the image is smaller than the target
// in either dimension Keras instead crops to the target aspect ratio and resizes bilinearly (smart_resize).
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

/** Keras {@code CenterCrop}. */
public final class CenterCrop extends UnaryLayer {
    private final int height;
    private final int width;
    private final int hAxis;
    private final Resample.Backend backend;

    private CenterCrop(LayerSpec spec, int height, int width, int hAxis, Resample.Backend backend) {
        super(spec);
        this.height = height;
        this.width = width;
        this.hAxis = hAxis;
        this.backend = backend;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 4) throw shapeError("a batch of images (rank 4)", in);
        return in.with(hAxis, height).with(hAxis + 1, width);
    }

    @Override
    public Tensor apply(Tensor x) {
        if (x.rank() != 4) throw shapeError("a batch of images (rank 4)", x.shape());
        return Images.centerCrop(x, hAxis, height, width, backend);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("CenterCrop");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int hAxis = LayerConfigs.channelsFirst(spec) ? 2 : 1;
            CenterCrop c = new CenterCrop(spec, Images.positive(spec, "height"), Images.positive(spec, "width"), hAxis, Images.backend(spec));
            c.outputShape(ctx.inputShape());
            return c;
        }
    }
}
