// Concatenate: joins inputs along `axis` (default -1, negative allowed; not the batch axis). All other
// dimensions must agree. Output mask: see MaskMerge (Keras ≥ 3.4 OR / earlier AND over the last axis).
package dev.jkeras.layers.merging;

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

/** Keras {@code Concatenate}. */
public final class Concatenate extends Layer {
    private final int axis;
    private final boolean legacyMask;

    private Concatenate(LayerSpec spec, int axis, boolean legacyMask) {
        super(spec);
        this.axis = axis;
        this.legacyMask = legacyMask;
    }

    private int axisFor(int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a <= 0 || a >= rank) {
            throw new InputException("layer '" + name() + "' (Concatenate): axis " + axis + " is not a non-batch axis of inputs of rank " + rank);
        }
        return a;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return sameDType(in, outputCount);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        if (in.isEmpty()) throw new InputException("layer '" + name() + "' (Concatenate) needs at least one input");
        int rank = in.get(0).rank();
        int a = axisFor(rank);
        int[] out = in.get(0).dims();
        for (int k = 1; k < in.size(); k++) {
            Shape s = in.get(k);
            if (s.rank() != rank) throw mismatch(in);
            for (int i = 0; i < rank; i++) {
                int x = out[i], y = s.dim(i);
                if (i == a) {
                    out[i] = x == Shape.UNKNOWN || y == Shape.UNKNOWN ? Shape.UNKNOWN : x + y;
                } else if (x == Shape.UNKNOWN) {
                    out[i] = y;
                } else if (y != Shape.UNKNOWN && x != y) {
                    throw mismatch(in);
                }
            }
        }
        return List.of(Shape.of(out));
    }

    private InputException mismatch(List<Shape> in) {
        return new InputException("layer '" + name() + "' (Concatenate): inputs must have matching shapes except on axis "
                + axis + ", found " + in);
    }

    @Override
    public List<Tensor> call(Call call) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : call.inputs()) shapes.add(t.shape());
        outputShapes(shapes);
        return List.of(concat(call.inputs().toArray(new Tensor[0]), axisFor(shapes.get(0).rank())));
    }

    /** Concatenation of same-rank tensors along non-negative {@code axis}; other dims must match. */
    static Tensor concat(Tensor[] xs, int axis) {
        int[] dims = xs[0].shape().dims();
        int total = 0;
        for (Tensor x : xs) total += x.dim(axis);
        dims[axis] = total;
        Shape out = Shape.of(dims);
        int outer = out.sub(0, axis).size();
        int inner = out.sizeFrom(axis + 1);
        float[] y = new float[out.size()];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (Tensor x : xs) {
                int block = x.dim(axis) * inner;
                System.arraycopy(x.data(), o * block, y, p, block);
                p += block;
            }
        }
        return Tensor.of(out, y);
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return MaskMerge.concatenate(call.inputs(), call.masks(), axisFor(call.input(0).rank()), legacyMask);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Concatenate");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int[] ax = spec.config().getIntList("axis");
            if (ax != null && ax.length != 1) {
                throw new ModelFormatException(spec.where() + ": config key 'axis' should be one integer, found " + spec.config().get("axis"));
            }
            Concatenate c = new Concatenate(spec, ax == null ? -1 : ax[0], MaskMerge.andRule(spec.writer()));
            c.outputShapes(ctx.inputShapes());
            return c;
        }
    }
}
