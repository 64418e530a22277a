// ZeroPadding1D/2D/3D: adds (before, after) zeros on each spatial axis, following data_format (Keras 3 also
// has it on ZeroPadding1D). Config forms: int, n ints (symmetric) or n pairs; 1D a pair; Keras 1 2D dict and
// 4-tuple forms are rewritten to pairs by the importer.
package dev.jkeras.layers.reshaping;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.PaddingFusion;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code ZeroPadding1D}, {@code ZeroPadding2D} and {@code ZeroPadding3D}. */
public final class ZeroPadding extends UnaryLayer implements PaddingFusion.Source {
    private final int first;
    private final int[][] pad;

    private ZeroPadding(LayerSpec spec, int first, int[][] pad) {
        super(spec);
        this.first = first;
        this.pad = pad;
    }

    @Override
    public int firstSpatialAxis() {
        return first;
    }

    @Override
    public int[][] padding() {
        int[][] p = new int[pad.length][];
        for (int i = 0; i < p.length; i++) p[i] = pad[i].clone();
        return p;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return sameDType(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        int n = pad.length;
        if (in.rank() != n + 2) throw shapeError("rank " + (n + 2), in);
        int[] d = in.dims();
        for (int i = 0; i < n; i++) {
            int ax = first + i;
            if (d[ax] != Shape.UNKNOWN) d[ax] += pad[i][0] + pad[i][1];
        }
        return Shape.of(d);
    }

    @Override
    public Tensor apply(Tensor x) {
        return Spatial.shifted(x, outputShape(x.shape()), first, pad, 1);
    }

    /** Builds ZeroPaddingND for one {@code n}. */
    public static final class Factory implements LayerFactory {
        private final int n;

        public Factory(int n) {
            this.n = n;
        }

        @Override
        public List<String> classNames() {
            return List.of("ZeroPadding" + n + "D");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int first = Spatial.firstAxis(spec, true);
            ZeroPadding z = new ZeroPadding(spec, first, Spatial.pairs(spec, "padding", n, 1));
            z.outputShape(ctx.inputShape());
            return z;
        }
    }
}
