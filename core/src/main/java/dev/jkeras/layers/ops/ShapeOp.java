// Raw Keras 3 shape ops: ExpandDims (axis), Squeeze (axis or all size-1 axes) and the ops-level
// Concatenate (axis), which Keras 3 writes when it combines masks of Concatenate inputs.
package dev.jkeras.layers.ops;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
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
        return List.of(switch (kind) {
            case EXPAND_DIMS -> expandDims(in.get(0), axes, where);
            case SQUEEZE -> squeeze(in.get(0), axes, where);
            case CONCATENATE -> concatShape(in, axes[0], where);
        });
    }

    /** ExpandDims and Squeeze keep the dtype; Concatenate promotes its inputs' dtypes as Keras 3 does. */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        if (in.contains(DType.STRING)) return null;
        return List.of(kind == Kind.CONCATENATE ? OpTypes.kerasResult(in, List.of(), false, where) : in.get(0));
    }

    @Override
    public List<Tensor> call(Call call) {
        if (kind == Kind.CONCATENATE) return List.of(concat(call.inputs(), axes[0], where));
        return List.of(call.input(0).reshape(outputShapes(List.of(call.input(0).shape())).get(0)));
    }

    /** {@code s} with size-1 axes inserted at {@code axes} (positions in the output; negative from its end). */
    static Shape expandDims(Shape s, int[] axes, String where) {
        int[] d = s.dims();
        int outRank = d.length + axes.length;
        List<Integer> out = new ArrayList<>();
        for (int v : d) out.add(v);
        int[] sorted = axes.clone();
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < -outRank || sorted[i] >= outRank) {
                throw new ModelFormatException(where + ": axis " + sorted[i] + " is out of range for an output of rank " + outRank);
            }
            if (sorted[i] < 0) sorted[i] += outRank;
        }
        java.util.Arrays.sort(sorted);
        for (int a : sorted) out.add(a, 1);
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code s} without the size-1 axes {@code axes} (null: every size-1 axis). */
    static Shape squeeze(Shape s, int[] axes, String where) {
        int[] d = s.dims();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            boolean drop = axes == null ? d[i] == 1 : contains(axes, i, d.length);
            if (drop && d[i] != 1 && d[i] != Shape.UNKNOWN) {
                throw new ModelFormatException(where + ": cannot squeeze axis " + i + " of size " + d[i]);
            }
            if (!drop) out.add(d[i]);
        }
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The shape of {@code in} joined along {@code axis} (negative from the end). */
    static Shape concatShape(List<Shape> in, int axis, String where) {
        Shape s = in.get(0);
        int r = s.rank();
        int ax = axis < 0 ? axis + r : axis;
        if (ax < 0 || ax >= r) throw new ModelFormatException(where + ": concatenation axis " + axis + " is out of range for rank " + r);
        int total = 0;
        for (Shape x : in) {
            if (x.rank() != r) throw new ModelFormatException(where + ": concatenating ranks " + s + " and " + x);
            for (int i = 0; i < r; i++) {
                if (i != ax && x.dim(i) != s.dim(i) && x.dim(i) != Shape.UNKNOWN && s.dim(i) != Shape.UNKNOWN) {
                    throw new ModelFormatException(where + ": cannot concatenate " + s + " and " + x + " along axis " + axis);
                }
            }
            total = total == Shape.UNKNOWN || x.dim(ax) == Shape.UNKNOWN ? Shape.UNKNOWN : total + x.dim(ax);
        }
        return s.with(ax, total);
    }

    /** {@code in} joined along {@code axis} (negative from the end). */
    static Tensor concat(List<Tensor> in, int axis, String where) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : in) shapes.add(t.shape());
        Shape out;
        try {
            out = concatShape(shapes, axis, where);
        } catch (ModelFormatException e) {
            throw new InputException(e.getMessage());
        }
        int ax = axis < 0 ? axis + out.rank() : axis;
        int outer = out.sub(0, ax).size(), inner = out.sizeFrom(ax + 1);
        float[] y = new float[out.size()];
        int off = 0;
        int rowLen = out.dim(ax) * inner;
        for (Tensor t : in) {
            int len = t.dim(ax) * inner;
            for (int o = 0; o < outer; o++) System.arraycopy(t.data(), o * len, y, o * rowLen + off, len);
            off += len;
        }
        return Tensor.of(out, y);
    }

    private static boolean contains(int[] axes, int i, int rank) {
        for (int a : axes) if ((a < 0 ? a + rank : a) == i) return true;
        return false;
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
