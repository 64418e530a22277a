// RMSNormalization (Keras 3): y = x · rsqrt(mean(x²) + ε) · scale, mean over `axis` (int or list). `scale` has the
// dims of the sorted axes and is multiplied with numpy (trailing) broadcasting, as Keras does; axis sets whose
// scale does not broadcast that way fail in Keras itself and are refused here.
package dev.jkeras.layers.normalization;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Broadcast;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Keras {@code RMSNormalization}. */
public final class RMSNormalization extends UnaryLayer {
    private final NormAxes axes;
    private final Shape built;
    private final float epsilon;
    /** The scale expanded over the input's trailing dims (period {@code scaleFull.length}). */
    private final float[] scaleFull;
    private final long params;

    private RMSNormalization(LayerSpec spec, NormAxes axes, Shape built, float epsilon, float[] scaleFull, long params) {
        super(spec);
        this.axes = axes;
        this.built = built;
        this.epsilon = epsilon;
        this.scaleFull = scaleFull;
        this.params = params;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != built.rank()) throw shapeError("rank " + built.rank(), in);
        for (int i = 1; i < in.rank(); i++) {
            if (in.dim(i) != Shape.UNKNOWN && built.dim(i) != Shape.UNKNOWN && in.dim(i) != built.dim(i)) throw shapeError(built.toString(), in);
        }
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        Tensor t = axes.mapRows(x, (src, y, off, n) -> {
            double sq = 0;
            for (int j = 0; j < n; j++) sq += (double) src[off + j] * src[off + j];
            float rrms = (float) (1.0 / Math.sqrt((float) (sq / n) + epsilon));
            for (int j = 0; j < n; j++) y[off + j] = src[off + j] * rrms;
        });
        float[] d = t.data();
        int period = scaleFull.length;
        for (int i = 0; i < d.length; i++) d[i] *= scaleFull[i % period];
        return t;
    }

    @Override
    public long paramCount() {
        return params;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("RMSNormalization");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Shape in = ctx.inputShape();
            NormAxes axes = NormAxes.parse(spec, "axis", -1, in.rank(), false);
            int[] dims = new int[axes.sorted.length];
            for (int i = 0; i < dims.length; i++) dims[i] = in.dim(axes.sorted[i]);
            Tensor scale = ctx.weights(WeightDecl.trainable("scale", dims)).get(0);
            // numpy broadcasting of `scale` against the input's trailing dims, which must not grow
            int k = dims.length;
            Shape tail = in.sub(in.rank() - k, in.rank());
            boolean ok = tail.isKnown();
            for (int i = 0; ok && i < k; i++) ok = dims[i] == 1 || dims[i] == tail.dim(i);
            if (!ok) {
                throw new UnsupportedFeatureException(spec.where() + ": a scale of shape " + Arrays.toString(dims) + " (axes "
                        + Arrays.toString(axes.sorted) + ") does not broadcast against the trailing input dims " + tail
                        + "; Keras itself cannot call this layer");
            }
            float[] full = new float[tail.size()];
            Broadcast.addInto(full, tail, scale, true);
            return new RMSNormalization(spec, axes, in, spec.config().getFloat("epsilon", 1e-6f), full, scale.size());
        }
    }
}
