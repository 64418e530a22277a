// Dot: batchwise dot product over axes (a0 of x, a1 of y; int or pair, negative from the end): x's dims without a0,
// then y's without batch and a1; (batch, 1) if only the batch is left. normalize: both L2-normalized along their axis
// first (x·min(rsqrt(Σx²), cap): Keras 3 cap 1e7, tf.keras 1e6). No output mask.
package dev.jkeras.layers.merging;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code Dot}. */
public final class Dot extends Layer {
    private final int[] axes;
    private final boolean normalize;
    private final float cap;

    private Dot(LayerSpec spec, int[] axes, boolean normalize, float cap) {
        super(spec);
        this.axes = axes;
        this.normalize = normalize;
        this.cap = cap;
    }

    private int axis(int i, int rank) {
        int a = axes[i];
        return a < 0 ? Math.floorMod(a, rank) : a;
    }

    private InputException bad(List<Shape> in) {
        return new InputException("layer '" + name() + "' (Dot): expected 2 inputs of rank >= 2 whose sizes agree on axes "
                + java.util.Arrays.toString(axes) + " (not the batch axis), found " + in);
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return floatInputsOnly(in, outputCount);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        if (in.size() != 2 || in.get(0).rank() < 2 || in.get(1).rank() < 2) throw bad(in);
        Shape x = in.get(0), y = in.get(1);
        int a0 = axis(0, x.rank()), a1 = axis(1, y.rank());
        if (a0 == 0 || a1 == 0 || a0 >= x.rank() || a1 >= y.rank()) throw bad(in);
        int d0 = x.dim(a0), d1 = y.dim(a1);
        if (d0 != Shape.UNKNOWN && d1 != Shape.UNKNOWN && d0 != d1) throw bad(in);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) if (i != a0) out.add(x.dim(i));
        for (int i = 1; i < y.rank(); i++) if (i != a1) out.add(y.dim(i));
        if (out.size() == 1) out.add(1);
        return List.of(Shape.of(out.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Override
    public List<Tensor> call(Call call) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : call.inputs()) shapes.add(t.shape());
        Shape outShape = outputShapes(shapes).get(0);
        Tensor x = call.input(0), y = call.input(1);
        int a0 = axis(0, x.rank()), a1 = axis(1, y.rank());
        if (x.dim(0) != y.dim(0)) throw bad(shapes);
        // x as (B, X, K) with the contracted axis last, y as (B, K, Y) with it first after the batch
        int[] px = new int[x.rank()];
        int k = 0;
        for (int i = 0; i < x.rank(); i++) if (i != a0) px[k++] = i;
        px[k] = a0;
        int[] py = new int[y.rank()];
        py[0] = 0;
        py[1] = a1;
        k = 2;
        for (int i = 1; i < y.rank(); i++) if (i != a1) py[k++] = i;
        float[] xd = Transpose.permute(x, px).data();
        float[] yd = Transpose.permute(y, py).data();
        int b = x.dim(0), kk = x.dim(a0);
        int nx = b == 0 || kk == 0 ? 0 : x.size() / (b * kk);
        int ny = b == 0 || kk == 0 ? 0 : y.size() / (b * kk);
        if (normalize) {
            normalizeRows(xd, b * nx, kk, 1, 0);
            for (int bb = 0; bb < b; bb++) normalizeRows(yd, ny, kk, ny, bb * kk * ny);
        }
        float[] out = new float[b * nx * ny];
        for (int bb = 0; bb < b; bb++) {
            for (int i = 0; i < nx; i++) {
                int xo = (bb * nx + i) * kk;
                for (int j = 0; j < ny; j++) {
                    int yo = bb * kk * ny + j;
                    float s = 0f;
                    for (int t = 0; t < kk; t++) s += xd[xo + t] * yd[yo + t * ny];
                    out[(bb * nx + i) * ny + j] = s;
                }
            }
        }
        if (kk == 0 && b > 0) java.util.Arrays.fill(out, 0f);
        return List.of(Tensor.of(outShape, out));
    }

    /**
     * L2-normalizes {@code count} vectors of length {@code len} in place: vector v's element t is at
     * {@code base + v·vStride + t·tStride} where vStride is {@code len} for x-style rows ({@code tStride = 1}).
     */
    private void normalizeRows(float[] d, int count, int len, int tStride, int base) {
        int vStride = tStride == 1 ? len : 1;
        for (int v = 0; v < count; v++) {
            int o = base + v * vStride;
            double sq = 0;
            for (int t = 0; t < len; t++) sq += (double) d[o + t * tStride] * d[o + t * tStride];
            float inv = (float) Math.min(1.0 / Math.sqrt((float) sq), cap);
            for (int t = 0; t < len; t++) d[o + t * tStride] *= inv;
        }
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Dot");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int[] ax = spec.config().getIntList("axes");
            if (ax == null || (ax.length != 1 && ax.length != 2)) {
                throw new ModelFormatException(spec.where() + ": config key 'axes' should be an integer or a pair of integers, found "
                        + spec.config().get("axes"));
            }
            int[] axes = ax.length == 1 ? new int[] {ax[0], ax[0]} : ax;
            boolean legacy = spec.writer() != null && spec.writer().isLegacy();
            Dot d = new Dot(spec, axes, spec.config().getBool("normalize", false), legacy ? 1e6f : 1e7f);
            d.outputShapes(ctx.inputShapes());
            return d;
        }
    }
}
