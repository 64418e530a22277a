// AdaptiveAveragePooling1D/2D/3D and AdaptiveMaxPooling1D/2D/3D (Keras 3): pool to a fixed output_size; along an
// axis of length L with n bins, bin i covers [floor(i·L/n), ceil((i+1)·L/n)) (Keras's two-window gather, = PyTorch).
package dev.jkeras.layers.pooling;

import dev.jkeras.kernel.Pool;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layers.convolutional.ConvConfig;
import dev.jkeras.layers.convolutional.RankFactory;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code AdaptiveAveragePooling1D..3D} and {@code AdaptiveMaxPooling1D..3D} (one class, by rank and kind). */
public final class AdaptivePooling extends UnaryLayer {
    private final int rank;
    private final boolean max;
    private final int[] outputSize;
    private final boolean channelsFirst;

    private AdaptivePooling(LayerSpec spec, int rank, boolean max) {
        super(spec);
        this.rank = rank;
        this.max = max;
        this.outputSize = ConvConfig.ints(spec, "output_size", rank, null);
        this.channelsFirst = ConvConfig.channelsFirst(spec);
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return floatInputsOnly(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != rank + 2) throw shapeError(ConvConfig.describe(rank, channelsFirst, -1), in);
        for (int l : ConvConfig.spatial(in, channelsFirst)) {
            if (l == 0) throw shapeError(ConvConfig.describe(rank, channelsFirst, -1) + " with non-empty spatial axes", in);
        }
        return ConvConfig.shape(in.dim(0), outputSize, ConvConfig.channels(in, channelsFirst), channelsFirst);
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        Tensor cl = channelsFirst ? ConvConfig.toChannelsLast(x) : x;
        int c = ConvConfig.channels(x.shape(), channelsFirst);
        float[] y = Pool.adaptive(cl.data(), x.dim(0), c, ConvConfig.spatial(x.shape(), channelsFirst), outputSize, max);
        Tensor out = Tensor.of(ConvConfig.shape(x.dim(0), outputSize, c, false), y);
        return channelsFirst ? ConvConfig.toChannelsFirst(out) : out;
    }

    /** The factory for one rank and kind. */
    public static final class Factory extends RankFactory {
        private final boolean max;

        public Factory(int rank, boolean max, String... names) {
            super(rank, names);
            this.max = max;
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            AdaptivePooling p = new AdaptivePooling(spec, rank, max);
            p.outputShape(ctx.inputShape());
            return p;
        }
    }
}
