// UnitNormalization: x · min(1/‖x‖₂, cap) over `axis` (int or list). The cap is 1e12 from Keras 3.6 on
// (ops.normalize, epsilon 1e-12) and 1e6 before (rsqrt(max(Σx², 1e-12)), tf.keras and Keras 3.0–3.5).
package dev.jkeras.layers.normalization;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code UnitNormalization}. */
public final class UnitNormalization extends UnaryLayer {
    private final NormAxes axes;
    private final float cap;

    private UnitNormalization(LayerSpec spec, NormAxes axes, float cap) {
        super(spec);
        this.axes = axes;
        this.cap = cap;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != axes.rank) throw shapeError("rank " + axes.rank, in);
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        return axes.mapRows(x, (src, y, off, n) -> {
            double sq = 0;
            for (int j = 0; j < n; j++) sq += (double) src[off + j] * src[off + j];
            float inv = (float) Math.min(1.0 / Math.sqrt((float) sq), cap);
            for (int j = 0; j < n; j++) y[off + j] = src[off + j] * inv;
        });
    }

    @Override
    protected boolean passesMask() {
        return true;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("UnitNormalization");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            NormAxes axes = NormAxes.parse(spec, "axis", -1, ctx.inputShape().rank(), false);
            WriterInfo w = spec.writer();
            boolean newCap = w == null || w.atLeast(3, 6);
            return new UnitNormalization(spec, axes, newCap ? 1e12f : 1e6f);
        }
    }
}
