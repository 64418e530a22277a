// Shared part of MaxPooling2D and AveragePooling2D: config parsing (pool_size, strides (null = pool_size),
// padding valid/same with the TF rule, data_format) and the channels_first transposes.
package dev.jkeras.layers.pooling;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Conv;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;

/** Base of the 2-D window pooling layers. */
abstract class Pooling2D extends UnaryLayer {
    private final Conv.Window window;
    private final boolean channelsFirst;

    Pooling2D(LayerSpec spec) {
        super(spec);
        Config c = spec.config();
        int[] p = c.getInts("pool_size", 2, new int[] {2, 2});
        int[] s = c.getInts("strides", 2, p);
        if (p[0] < 1 || p[1] < 1 || s[0] < 1 || s[1] < 1) {
            throw new ModelFormatException(spec.where() + ": pool_size and strides must be >= 1, found pool_size "
                    + Arrays.toString(p) + ", strides " + Arrays.toString(s));
        }
        this.window = new Conv.Window(p[0], p[1], s[0], s[1], 1, 1, LayerConfigs.samePadding(spec));
        this.channelsFirst = LayerConfigs.channelsFirst(spec);
    }

    /** Pools channels-last data (b, h, w, c). */
    abstract float[] pool(float[] x, int b, int h, int w, int c, Conv.Window window);

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 4) throw shapeError(channelsFirst ? "(batch, channels, height, width)" : "(batch, height, width, channels)", in);
        int h = in.dim(channelsFirst ? 2 : 1), w = in.dim(channelsFirst ? 3 : 2);
        int oh = window.outH(h), ow = window.outW(w);
        if (oh == 0 || ow == 0) throw shapeError("spatial dimensions at least " + window.kh() + "x" + window.kw(), in);
        return channelsFirst ? Shape.of(in.dim(0), in.dim(1), oh, ow) : Shape.of(in.dim(0), oh, ow, in.dim(3));
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        Tensor nhwc = channelsFirst ? Transpose.permute(x, 0, 2, 3, 1) : x;
        int b = nhwc.dim(0), h = nhwc.dim(1), w = nhwc.dim(2), c = nhwc.dim(3);
        Tensor out = Tensor.of(Shape.of(b, window.outH(h), window.outW(w), c), pool(nhwc.data(), b, h, w, c, window));
        return channelsFirst ? Transpose.permute(out, 0, 3, 1, 2) : out;
    }
}
