// Dot: Keras batch_dot of two inputs along axes (a0 of x, a1 of y): output = x's axes without a0, then y's axes
// without batch and a1; rank 1 becomes (batch, 1). normalize=True L2-normalizes both along their axis first
// (Keras 3: x·min(rsqrt(Σx²), 1e7); Keras 2: x·rsqrt(max(Σx², 1e-12))). No output mask.
package dev.jkeras.layers.merging;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Einsum;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code Dot}. */
public final class Dot extends Layer {
    private final int[] axes;
    private final boolean normalize;
    private final boolean keras3;

    private Dot(LayerSpec spec, int[] axes, boolean normalize, boolean keras3) {
        super(spec);
        this.axes = axes;
        this.normalize = normalize;
        this.keras3 = keras3;
    }

    /** The two axes for inputs of these ranks (Keras: an int applies to both; negatives count from each end). */
    private int[] resolve(int r0, int r1) {
        int a0, a1;
        if (axes.length == 1) {
            a0 = axes[0] < 0 ? Math.floorMod(axes[0], r0) : axes[0];
            a1 = axes[0] < 0 ? Math.floorMod(axes[0], r1) : axes[0];
        } else {
            a0 = axes[0] < 0 ? Math.floorMod(axes[0], r0) : axes[0];
            a1 = axes[1] < 0 ? Math.floorMod(axes[1], r1) : axes[1];
        }
        return new int[] {a0, a1};
    }

    private int[] check(List<Shape> in) {
        if (in.size() != 2) throw new InputException("layer '" + name() + "' (Dot) takes exactly 2 inputs, found " + in.size());
        Shape x = in.get(0), y = in.get(1);
        if (x.rank() < 2 || y.rank() < 2) throw new InputException("layer '" + name() + "' (Dot): inputs must have rank >= 2, found " + in);
        int[] a = resolve(x.rank(), y.rank());
        if (a[0] == 0 || a[1] == 0 || a[0] >= x.rank() || a[1] >= y.rank()) {
            throw new InputException("layer '" + name() + "' (Dot): axes " + java.util.Arrays.toString(axes) + " are not non-batch axes of inputs " + in);
        }
        int d0 = x.dim(a[0]), d1 = y.dim(a[1]);
        if (d0 != Shape.UNKNOWN && d1 != Shape.UNKNOWN && d0 != d1) {
            throw new InputException("layer '" + name() + "' (Dot): axis " + a[0] + " of " + x + " and axis " + a[1] + " of " + y + " differ in size");
        }
        return a;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        int[] a = check(in);
        List<Integer> d = new ArrayList<>();
        Shape x = in.get(0), y = in.get(1);
        for (int i = 0; i < x.rank(); i++) if (i != a[0]) d.add(x.dim(i));
        for (int i = 1; i < y.rank(); i++) if (i != a[1]) d.add(y.dim(i));
        if (d.size() == 1) d.add(1);
        return List.of(Shape.of(d.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Override
    public List<Tensor> call(Call call) {
        List<Shape> shapes = List.of(call.input(0).shape(), call.input(1).shape());
        int[] a = check(shapes);
        Tensor x = call.input(0), y = call.input(1);
        if (x.dim(0) != y.dim(0)) throw new InputException("layer '" + name() + "' (Dot): inputs have different batch sizes: " + shapes);
        if (normalize) {
            x = l2normalize(x, a[0]);
            y = l2normalize(y, a[1]);
        }
        int[] xl = new int[x.rank()], yl = new int[y.rank()];
        List<Integer> ol = new ArrayList<>();
        for (int i = 0; i < xl.length; i++) {
            xl[i] = i;
            if (i != a[0]) ol.add(i);
        }
        for (int i = 0; i < yl.length; i++) {
            yl[i] = i == 0 ? 0 : i == a[1] ? a[0] : 100 + i;
            if (i != 0 && i != a[1]) ol.add(yl[i]);
        }
        Tensor r = new Einsum(xl, yl, ol.stream().mapToInt(Integer::intValue).toArray()).apply(x, y);
        return List.of(r.reshape(outputShapes(shapes).get(0)));
    }

    private Tensor l2normalize(Tensor t, int axis) {
        Shape s = t.shape();
        int outer = s.sub(0, axis).size(), n = s.dim(axis), inner = s.sizeFrom(axis + 1);
        float[] src = t.data(), dst = new float[src.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                float sq = 0f;
                for (int j = 0; j < n; j++) {
                    float v = src[base + j * inner];
                    sq += v * v;
                }
                float inv = keras3 ? Math.min((float) (1.0 / Math.sqrt(sq)), 1e7f) : (float) (1.0 / Math.sqrt(Math.max(sq, 1e-12f)));
                for (int j = 0; j < n; j++) dst[base + j * inner] = src[base + j * inner] * inv;
            }
        }
        return Tensor.of(s, dst);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Dot");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int[] axes = spec.config().getIntList("axes");
            if (axes == null) axes = new int[] {-1};
            if (axes.length != 1 && axes.length != 2) {
                throw new ModelFormatException(spec.where() + ": config key 'axes' should be an integer or two integers, found " + spec.config().get("axes"));
            }
            WriterInfo w = spec.writer();
            boolean keras3 = w == null || !w.isLegacy();
            Dot d = new Dot(spec, axes, spec.config().getBool("normalize", false), keras3);
            List<Shape> in = ctx.inputShapes();
            if (w != null && w.isLegacy() && w.majorMinor() < 203 && in.stream().anyMatch(s -> s.rank() > 3)) {
                throw new UnsupportedFeatureException(spec.where() + ": Dot on inputs of rank > 3 written by Keras " + w.kerasVersion()
                        + " is not supported (Keras before 2.3 computed batch_dot differently for such inputs); inputs " + in);
            }
            d.outputShapes(in);
            return d;
        }
    }
}
