// RepeatVector: (batch, features) -> (batch, n, features), the vector repeated n times.
package dev.jkeras.layers.reshaping;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code RepeatVector}. */
public final class RepeatVector extends UnaryLayer {
    private final int n;

    private RepeatVector(LayerSpec spec, int n) {
        super(spec);
        this.n = n;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return sameDType(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 2) throw shapeError("(batch, features)", in);
        return Shape.of(in.dim(0), n, in.dim(1));
    }

    @Override
    public Tensor apply(Tensor x) {
        if (x.rank() != 2) throw shapeError("(batch, features)", x.shape());
        int b = x.dim(0), f = x.dim(1);
        float[] s = x.data();
        float[] y = new float[b * n * f];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < n; k++) System.arraycopy(s, i * f, y, (i * n + k) * f, f);
        }
        return Tensor.of(Shape.of(b, n, f), y);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("RepeatVector");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int n = spec.config().requireInt("n");
            if (n < 0) throw new dev.jkeras.error.ModelFormatException(spec.where() + ": config key 'n' should be >= 0, found " + n);
            RepeatVector r = new RepeatVector(spec, n);
            r.outputShape(ctx.inputShape());
            return r;
        }
    }
}
