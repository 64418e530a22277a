// AutoContrast (Keras 3, applied at inference too): per image and last-axis channel, stretch values so the
// min/max over axes 1 and 2 map to the value range ends: map to [0, 255], (x - low) * 255/(high - low), clip,
// map back; NaN results (a constant channel) keep the input. Axes 1, 2 are used even for channels_first, as Keras does.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code AutoContrast}. */
public final class AutoContrast extends UnaryLayer {
    private final float lo;
    private final float hi;

    private AutoContrast(LayerSpec spec, float lo, float hi) {
        super(spec);
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 4) throw shapeError("a batch of images (rank 4)", in);
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        int b = x.dim(0), n = x.dim(1) * x.dim(2), c = x.dim(3);
        boolean identityRange = lo == 0f && hi == 255f;
        float[] in = x.data();
        float[] img = new float[in.length];
        for (int i = 0; i < in.length; i++) img[i] = identityRange ? in[i] : (in[i] - lo) / (hi - lo) * 255f + 0f;
        float[] out = new float[in.length];
        for (int s = 0; s < b; s++) {
            for (int ch = 0; ch < c; ch++) {
                float low = Float.POSITIVE_INFINITY, high = Float.NEGATIVE_INFINITY;
                for (int p = 0; p < n; p++) {
                    float v = img[(s * n + p) * c + ch];
                    low = nanMin(low, v);
                    high = nanMax(high, v);
                }
                float scale = 255.0f / (high - low);
                float offset = -low * scale;
                for (int p = 0; p < n; p++) {
                    int i = (s * n + p) * c + ch;
                    float r = img[i] * scale + offset;
                    r = Math.min(Math.max(r, 0f), 255f);
                    if (!Float.isNaN(r) && !identityRange) r = (r - 0f) / 255f * (hi - lo) + lo;
                    out[i] = Float.isNaN(r) ? in[i] : r;
                }
            }
        }
        return Tensor.of(x.shape(), out);
    }

    /** jnp.min/max propagate NaN. */
    private static float nanMin(float a, float v) {
        return Float.isNaN(a) || Float.isNaN(v) ? Float.NaN : Math.min(a, v);
    }

    private static float nanMax(float a, float v) {
        return Float.isNaN(a) || Float.isNaN(v) ? Float.NaN : Math.max(a, v);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("AutoContrast");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            List<Object> r = spec.config().getList("value_range");
            float lo = 0f, hi = 255f;
            if (r != null) {
                if (r.size() != 2 || !(r.get(0) instanceof Number a) || !(r.get(1) instanceof Number b)) {
                    throw new ModelFormatException(spec.where() + ": value_range should be two numbers, found " + r);
                }
                lo = Math.min(a.floatValue(), b.floatValue());
                hi = Math.max(a.floatValue(), b.floatValue());
            }
            AutoContrast l = new AutoContrast(spec, lo, hi);
            l.outputShape(ctx.inputShape());
            return l;
        }
    }
}
