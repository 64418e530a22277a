// Raw Keras 3 shape ops: ExpandDims (axis), Squeeze (axis or all size-1 axes) and the ops-level
// Concatenate (axis), which Keras 3 writes when it combines masks of Concatenate inputs.
package dev.jkeras.layers.ops;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** ExpandDims, Squeeze and Concatenate as raw ops. */
public final class ShapeOp extends Layer {
    /** The supported ops and their Keras class names. */
    public enum Kind { EXPAND_DIMS("ExpandDims"), SQUEEZE("Squeeze"), CONCATENATE("Concatenate");
        final String kerasName;

        Kind(String n) {
            kerasName = n;
        }
    }

    private final Kind kind;
    private final int[] axes;
    private final String where;

    private ShapeOp(LayerSpec spec, Kind kind, int[] axes) {
        super(spec);
        this.kind = kind;
        this.axes = axes;
        this.where = spec.where();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        Shape s = in.get(0);
        int[] d = s.dims();
        switch (kind) {
            case EXPAND_DIMS -> {
                int outRank = d.length + axes.length;
                List<Integer> out = new ArrayList<>();
                for (int v : d) out.add(v);
                int[] sorted = axes.clone();
                for (int i = 0; i < sorted.length; i++) if (sorted[i] < 0) sorted[i] += outRank;
                java.util.Arrays.sort(sorted);
                for (int a : sorted) out.add(a, 1);
                return List.of(Shape.of(out.stream().mapToInt(Integer::intValue).toArray()));
            }
            case SQUEEZE -> {
                List<Integer> out = new ArrayList<>();
                for (int i = 0; i < d.length; i++) {
                    boolean drop = axes == null ? d[i] == 1 : contains(axes, i, d.length);
                    if (drop && d[i] != 1 && d[i] != Shape.UNKNOWN) {
                        throw new ModelFormatException(where + ": cannot squeeze axis " + i + " of size " + d[i]);
                    }
                    if (!drop) out.add(d[i]);
                }
                return List.of(Shape.of(out.stream().mapToInt(Integer::intValue).toArray()));
            }
            default -> {
                int ax = axes[0] < 0 ? axes[0] + d.length : axes[0];
                int total = 0;
                for (Shape x : in) {
                    if (x.rank() != d.length) throw new ModelFormatException(where + ": concatenating ranks " + s + " and " + x);
                    total = total == Shape.UNKNOWN || x.dim(ax) == Shape.UNKNOWN ? Shape.UNKNOWN : total + x.dim(ax);
                }
                return List.of(s.with(ax, total));
            }
        }
    }

    private static boolean contains(int[] axes, int i, int rank) {
        for (int a : axes) if ((a < 0 ? a + rank : a) == i) return true;
        return false;
    }

    @Override
    public List<Tensor> call(Call call) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : call.inputs()) shapes.add(t.shape());
        Shape out = outputShapes(shapes).get(0);
        if (kind != Kind.CONCATENATE) return List.of(call.input(0).reshape(out));
        int ax = axes[0] < 0 ? axes[0] + out.rank() : axes[0];
        int outer = out.sub(0, ax).size(), inner = out.sizeFrom(ax + 1);
        float[] y = new float[out.size()];
        int off = 0;
        int rowLen = out.dim(ax) * inner;
        for (Tensor t : call.inputs()) {
            int len = t.dim(ax) * inner;
            for (int o = 0; o < outer; o++) System.arraycopy(t.data(), o * len, y, o * rowLen + off, len);
            off += len;
        }
        return List.of(Tensor.of(out, y));
    }

    public static final class Factory implements LayerFactory {
        private final Kind kind;

        public Factory(Kind kind) {
            this.kind = kind;
        }

        @Override
        public List<String> classNames() {
            return List.of("ops." + kind.kerasName);
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int[] axes = spec.config().getIntList("axis");
            if (axes == null && kind != Kind.SQUEEZE) axes = new int[] {kind == Kind.CONCATENATE ? 0 : -1};
            return new ShapeOp(spec, kind, axes);
        }
    }
}
