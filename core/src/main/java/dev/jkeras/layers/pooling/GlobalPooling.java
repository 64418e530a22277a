// GlobalMaxPooling1D/2D/3D and GlobalAveragePooling1D/2D/3D: max or mean over all spatial axes -> (batch, c),
// or keepdims -> spatial axes of size 1. GlobalAveragePooling1D consumes a (batch, steps) mask: Σ x·m / Σ m.
package dev.jkeras.layers.pooling;

import dev.jkeras.error.InputException;
import dev.jkeras.kernel.Pool;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layers.convolutional.ConvConfig;
import dev.jkeras.layers.convolutional.RankFactory;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code GlobalMaxPooling1D..3D} and {@code GlobalAveragePooling1D..3D} (one class, by rank and kind). */
public final class GlobalPooling extends Layer {
    private final int rank;
    private final boolean max;
    private final boolean channelsFirst;
    private final boolean keepdims;

    private GlobalPooling(LayerSpec spec, int rank, boolean max) {
        super(spec);
        this.rank = rank;
        this.max = max;
        this.channelsFirst = ConvConfig.channelsFirst(spec);
        this.keepdims = spec.config().getBool("keepdims", false);
    }

    private InputException error(String what) {
        return new InputException("layer '" + name() + "' (" + className() + "): " + what);
    }

    private Shape outputShape(Shape in) {
        if (in.rank() != rank + 2) throw error("expected input " + ConvConfig.describe(rank, channelsFirst, -1) + ", found " + in);
        int c = ConvConfig.channels(in, channelsFirst);
        return keepdims ? ConvConfig.shape(in.dim(0), ConvConfig.fill(rank, 1), c, channelsFirst) : Shape.of(in.dim(0), c);
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return floatInputsOnly(in, outputCount);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        if (inputShapes.size() != 1) throw error("takes 1 input, got " + inputShapes.size());
        return List.of(outputShape(inputShapes.get(0)));
    }

    @Override
    public List<Tensor> call(Call call) {
        if (call.inputs().size() != 1) throw error("takes 1 input, got " + call.inputs().size());
        Tensor x = call.input(0);
        Shape out = outputShape(x.shape());
        int b = x.dim(0);
        int c = ConvConfig.channels(x.shape(), channelsFirst);
        int spatial = channelsFirst ? x.shape().sizeFrom(2) : x.shape().sub(1, x.rank() - 1).size();
        Tensor mask = null;
        if (!max && rank == 1) {
            // Keras 3 functional graphs pass the mask as an explicit `mask=` keyword tensor.
            mask = call.mask(0) != null ? call.mask(0) : call.tensorKwarg("mask").isEmpty() ? null : call.tensorKwarg("mask").get(0);
        }
        float[] y;
        if (mask != null) {
            if (mask.rank() != 2 || mask.dim(0) != b || mask.dim(1) != spatial) {
                throw error("expected a (batch, steps) = (" + b + ", " + spatial + ") mask, found " + mask.shape());
            }
            Tensor cl = channelsFirst ? ConvConfig.toChannelsLast(x) : x;
            y = Pool.maskedAvg(cl.data(), mask.data(), b, spatial, c);
        } else if (channelsFirst) {
            // (b, c, spatial...): each channel's positions are contiguous; view as (b·c, spatial, 1).
            y = max ? Pool.globalMax(x.data(), b * c, spatial, 1) : Pool.globalAvg(x.data(), b * c, spatial, 1);
        } else {
            y = max ? Pool.globalMax(x.data(), b, spatial, c) : Pool.globalAvg(x.data(), b, spatial, c);
        }
        return List.of(Tensor.of(out, y));
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
            GlobalPooling p = new GlobalPooling(spec, rank, max);
            p.outputShapes(ctx.inputShapes());
            return p;
        }
    }
}
