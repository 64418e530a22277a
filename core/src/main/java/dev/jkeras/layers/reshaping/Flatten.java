// Flatten: (batch, d1, ..., dn) -> (batch, d1·…·dn), row-major. With data_format channels_first the
// channel axis is first moved last (Keras 2/3); Keras 1 files always flatten in storage order.
package dev.jkeras.layers.reshaping;

import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code Flatten}. */
public final class Flatten extends UnaryLayer {
    private final boolean channelsFirst;

    private Flatten(LayerSpec spec, boolean channelsFirst) {
        super(spec);
        this.channelsFirst = channelsFirst;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return sameDType(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() < 1) throw shapeError("(batch, ...)", in);
        Shape rest = in.dropFirst();
        return Shape.of(in.dim(0), rest.isKnown() ? rest.size() : Shape.UNKNOWN);
    }

    @Override
    public Tensor apply(Tensor x) {
        if (x.rank() < 1) throw shapeError("(batch, ...)", x.shape());
        int r = x.rank();
        Tensor y = x;
        if (channelsFirst && r > 2) {
            int[] perm = new int[r];
            for (int i = 1; i < r - 1; i++) perm[i] = i + 1;
            perm[r - 1] = 1;
            y = Transpose.permute(x, perm);
        }
        return y.reshape(x.dim(0), x.shape().sizeFrom(1));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Flatten");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            boolean keras1 = spec.writer() != null && spec.writer().major() == 1;
            return new Flatten(spec, !keras1 && LayerConfigs.channelsFirst(spec));
        }
    }
}
