// MaxPooling1D/2D/3D and AveragePooling1D/2D/3D: max or mean over each window (pool_size, strides defaulting
// to pool_size). Same padding (TF rule): max pads with -inf, average divides by the real (non-padded) count.
package dev.jkeras.layers.pooling;

import dev.jkeras.kernel.Conv;
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

/** Keras {@code MaxPooling1D..3D} and {@code AveragePooling1D..3D} (one class, by rank and kind). */
public final class Pooling extends UnaryLayer {
    private final int rank;
    private final boolean max;
    private final int[] pool;
    private final int[] strides;
    private final Conv.Padding padding;
    private final boolean channelsFirst;

    private Pooling(LayerSpec spec, int rank, boolean max) {
        super(spec);
        this.rank = rank;
        this.max = max;
        this.pool = ConvConfig.ints(spec, "pool_size", rank, ConvConfig.fill(rank, 2));
        this.strides = ConvConfig.ints(spec, "strides", rank, pool);
        this.padding = ConvConfig.padding(spec, false, false);
        this.channelsFirst = ConvConfig.channelsFirst(spec);
    }

    private int[] outSpatial(int[] in) {
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) out[a] = Conv.outLength(in[a], pool[a], strides[a], 1, padding);
        return out;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return floatInputsOnly(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != rank + 2) throw shapeError(ConvConfig.describe(rank, channelsFirst, -1), in);
        int[] out = outSpatial(ConvConfig.spatial(in, channelsFirst));
        for (int o : out) {
            if (o == 0) throw shapeError(ConvConfig.describe(rank, channelsFirst, -1) + " at least as large as pool_size", in);
        }
        return ConvConfig.shape(in.dim(0), out, ConvConfig.channels(in, channelsFirst), channelsFirst);
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        Tensor cl = channelsFirst ? ConvConfig.toChannelsLast(x) : x;
        int[] in = ConvConfig.spatial(x.shape(), channelsFirst);
        int c = ConvConfig.channels(x.shape(), channelsFirst);
        Conv.Geometry g = Conv.Geometry.of(in, pool, strides, ConvConfig.fill(rank, 1), padding);
        float[] y = max ? Pool.max(cl.data(), x.dim(0), c, g) : Pool.avg(cl.data(), x.dim(0), c, g);
        Tensor out = Tensor.of(ConvConfig.shape(x.dim(0), g.outDims(), c, false), y);
        return channelsFirst ? ConvConfig.toChannelsFirst(out) : out;
    }

    /** The factory for one rank and kind; {@code names} are the Keras 3 class name then its aliases. */
    public static final class Factory extends RankFactory {
        private final boolean max;

        public Factory(int rank, boolean max, String... names) {
            super(rank, names);
            this.max = max;
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Pooling p = new Pooling(spec, rank, max);
            p.outputShape(ctx.inputShape());
            return p;
        }
    }
}
