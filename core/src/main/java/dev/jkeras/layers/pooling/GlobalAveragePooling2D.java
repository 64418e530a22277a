// GlobalAveragePooling2D: mean over height and width -> (batch, channels), or (batch, 1, 1, channels)
// / (batch, channels, 1, 1) with keepdims. Sums in double. The mask is dropped (Keras 3 ignores it here).
package dev.jkeras.layers.pooling;

import dev.jkeras.kernel.Pool;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code GlobalAveragePooling2D} (alias {@code GlobalAvgPool2D}). */
public final class GlobalAveragePooling2D extends UnaryLayer {
    private final boolean channelsFirst;
    private final boolean keepdims;

    private GlobalAveragePooling2D(LayerSpec spec, boolean channelsFirst, boolean keepdims) {
        super(spec);
        this.channelsFirst = channelsFirst;
        this.keepdims = keepdims;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 4) throw shapeError(channelsFirst ? "(batch, channels, height, width)" : "(batch, height, width, channels)", in);
        int c = in.dim(channelsFirst ? 1 : 3);
        if (!keepdims) return Shape.of(in.dim(0), c);
        return channelsFirst ? Shape.of(in.dim(0), c, 1, 1) : Shape.of(in.dim(0), 1, 1, c);
    }

    @Override
    public Tensor apply(Tensor x) {
        Shape out = outputShape(x.shape());
        int b = x.dim(0);
        float[] y;
        if (channelsFirst) {
            // (b, c, h, w): each channel's plane is contiguous; view it as (b·c, h·w, 1).
            int c = x.dim(1), s = x.dim(2) * x.dim(3);
            y = Pool.globalAvg(x.data(), b * c, s, 1);
        } else {
            int c = x.dim(3);
            y = Pool.globalAvg(x.data(), b, x.dim(1) * x.dim(2), c);
        }
        return Tensor.of(out, y);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("GlobalAveragePooling2D", "GlobalAvgPool2D");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            GlobalAveragePooling2D g = new GlobalAveragePooling2D(spec, LayerConfigs.channelsFirst(spec),
                    spec.config().getBool("keepdims", false));
            g.outputShape(ctx.inputShape());
            return g;
        }
    }
}
