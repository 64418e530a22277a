// Cropping1D/2D/3D: removes (before, after) entries on each spatial axis; 2D/3D follow data_format, 1D is
// always (batch, steps, features). Config forms: int, n ints (symmetric) or n pairs; Cropping1D a pair.
// Over-cropping: Keras 3 refuses it; tf.keras/Keras 2 slice like Python and give an empty axis, as here.
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

/** Keras {@code Cropping1D}, {@code Cropping2D} and {@code Cropping3D}. */
public final class Cropping extends UnaryLayer {
    private final int first;
    private final int[][] crop;
    private final boolean emptyWhenOvercropped;

    private Cropping(LayerSpec spec, int first, int[][] crop) {
        super(spec);
        this.first = first;
        this.crop = crop;
        this.emptyWhenOvercropped = spec.writer() != null && spec.writer().isLegacy();
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return sameDType(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        int n = crop.length;
        if (in.rank() != n + 2) throw shapeError("rank " + (n + 2), in);
        int[] d = in.dims();
        for (int i = 0; i < n; i++) {
            int ax = first + i;
            if (d[ax] == Shape.UNKNOWN) continue;
            d[ax] -= crop[i][0] + crop[i][1];
            if (d[ax] <= 0 && emptyWhenOvercropped) d[ax] = 0;
            else if (d[ax] <= 0) throw shapeError("more than " + (crop[i][0] + crop[i][1]) + " entries on axis " + ax + " to crop", in);
        }
        return Shape.of(d);
    }

    @Override
    public Tensor apply(Tensor x) {
        return Spatial.shifted(x, outputShape(x.shape()), first, crop, -1);
    }

    /** Builds CroppingND for one {@code n}. */
    public static final class Factory implements LayerFactory {
        private final int n;

        public Factory(int n) {
            this.n = n;
        }

        @Override
        public List<String> classNames() {
            return List.of("Cropping" + n + "D");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int first = Spatial.firstAxis(spec, n > 1);
            Cropping c = new Cropping(spec, first, Spatial.pairs(spec, "cropping", n, n == 2 ? 0 : 1));
            c.outputShape(ctx.inputShape());
            return c;
        }
    }
}
