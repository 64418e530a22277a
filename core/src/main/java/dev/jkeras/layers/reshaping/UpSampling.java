// UpSampling1D/2D/3D: each spatial entry repeated `size` times; 2D/3D follow data_format. UpSampling2D "bilinear":
// half-pixel centers, edges clamped (jax.image.resize = tf.image.resize when upsampling); refused before tf.keras 2.4
// (TF 1 resized without half-pixel centers, and the file does not say which TF ran). Other interpolations: refused.
package dev.jkeras.layers.reshaping;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/** Keras {@code UpSampling1D}, {@code UpSampling2D} and {@code UpSampling3D}. */
public final class UpSampling extends UnaryLayer {
    private final int first;
    private final int[] size;
    private final boolean bilinear;

    private UpSampling(LayerSpec spec, int first, int[] size, boolean bilinear) {
        super(spec);
        this.first = first;
        this.size = size;
        this.bilinear = bilinear;
    }

    /** Nearest: values move unchanged; bilinear: Keras 3 keeps (and rounds) integer images, tf.keras makes float32: float only. */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return bilinear ? floatInputsOnly(in, outputCount) : sameDType(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        int n = size.length;
        if (in.rank() != n + 2) throw shapeError("rank " + (n + 2), in);
        int[] d = in.dims();
        for (int i = 0; i < n; i++) {
            int ax = first + i;
            if (d[ax] != Shape.UNKNOWN) d[ax] *= size[i];
        }
        return Shape.of(d);
    }

    @Override
    public Tensor apply(Tensor x) {
        Shape out = outputShape(x.shape());
        Tensor y = x;
        for (int i = 0; i < size.length; i++) {
            if (size[i] != 1) y = bilinear ? linear(y, first + i, size[i]) : repeat(y, first + i, size[i]);
        }
        return y == x ? x.copy() : y.reshape(out);
    }

    private static Tensor repeat(Tensor x, int axis, int f) {
        Shape s = x.shape();
        int outer = s.sub(0, axis + 1).size();
        int inner = s.sizeFrom(axis + 1);
        float[] src = x.data();
        float[] y = new float[src.length * f];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < f; k++, p += inner) System.arraycopy(src, o * inner, y, p, inner);
        }
        return Tensor.of(s.with(axis, s.dim(axis) * f), y);
    }

    /** Linear resize along {@code axis} by factor {@code f}: half-pixel centers, clamped at the edges. */
    private static Tensor linear(Tensor x, int axis, int f) {
        Shape s = x.shape();
        int n = s.dim(axis), m = n * f;
        int outer = s.sub(0, axis).size();
        int inner = s.sizeFrom(axis + 1);
        float[] src = x.data();
        float[] y = new float[outer * m * inner];
        for (int i = 0; i < m; i++) {
            double pos = (i + 0.5) / f - 0.5;
            int lo = (int) Math.floor(pos);
            double w = pos - lo;
            if (lo < 0) {
                lo = 0;
                w = 0;
            }
            int hi = Math.min(lo + 1, n - 1);
            if (lo > n - 1) lo = n - 1;
            for (int o = 0; o < outer; o++) {
                int a = (o * n + lo) * inner, b = (o * n + hi) * inner, d = (o * m + i) * inner;
                for (int j = 0; j < inner; j++) y[d + j] = (float) (src[a + j] * (1 - w) + src[b + j] * w);
            }
        }
        return Tensor.of(s.with(axis, m), y);
    }

    /** Builds UpSamplingND for one {@code n}. */
    public static final class Factory implements LayerFactory {
        private final int n;

        public Factory(int n) {
            this.n = n;
        }

        @Override
        public List<String> classNames() {
            return List.of("UpSampling" + n + "D");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int first = Spatial.firstAxis(spec, n > 1);
            String interp = spec.config().getString("interpolation", "nearest").toLowerCase(Locale.ROOT);
            if (!interp.equals("nearest") && !(n == 2 && interp.equals("bilinear"))) {
                throw new UnsupportedFeatureException(spec.where() + ": interpolation \"" + interp + "\" is not supported (supported: "
                        + (n == 2 ? "\"nearest\", \"bilinear\")" : "\"nearest\")"));
            }
            if (interp.equals("bilinear") && spec.writer() != null && !spec.writer().atLeast(2, 4)) {
                throw new UnsupportedFeatureException(spec.where() + ": bilinear UpSampling2D written by Keras " + spec.writer().kerasVersion()
                        + " is not supported: TensorFlow 1 era backends resized without half-pixel centers and TF 2 with them, and "
                        + "the file does not say which ran (files from tf.keras >= 2.4 and Keras 3 are supported)");
            }
            UpSampling u = new UpSampling(spec, first, Spatial.factors(spec, "size", n, 2), interp.equals("bilinear"));
            u.outputShape(ctx.inputShape());
            return u;
        }
    }
}
