// Add: elementwise sum of 2+ inputs, left to right in float32. Lower-rank inputs get size-1 axes inserted
// after the batch axis, then size-1 axes broadcast (Keras Merge rules). Output mask: Keras 3 ORs the masks
// (none if any input has none); Keras 1/2 ANDs the masks that exist.
package dev.jkeras.layers.merging;

import dev.jkeras.error.InputException;
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

/** Keras {@code Add}. */
public final class Add extends Layer {
    private final boolean legacyMask;

    private Add(LayerSpec spec, boolean legacyMask) {
        super(spec);
        this.legacyMask = legacyMask;
    }

    private InputException incompatible(List<Shape> shapes) {
        return new InputException("layer '" + name() + "' (Add): inputs must have equal (or broadcastable) shapes, found " + shapes);
    }

    /** Shape with size-1 axes inserted after the batch axis up to {@code rank}. */
    private static Shape expand(Shape s, int rank) {
        int[] d = new int[rank];
        java.util.Arrays.fill(d, 1);
        d[0] = s.dim(0);
        for (int i = 1; i < s.rank(); i++) d[rank - s.rank() + i] = s.dim(i);
        return Shape.of(d);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        if (in.size() < 1) throw new InputException("layer '" + name() + "' (Add) needs at least one input");
        int rank = 0;
        for (Shape s : in) rank = Math.max(rank, s.rank());
        if (rank == 0) return List.of(in.get(0));
        int[] out = expand(in.get(0), rank).dims();
        for (Shape s0 : in) {
            if (s0.rank() == 0) throw incompatible(in);
            Shape s = expand(s0, rank);
            for (int i = 0; i < rank; i++) {
                int a = out[i], b = s.dim(i);
                if (a == Shape.UNKNOWN || b == Shape.UNKNOWN) out[i] = Shape.UNKNOWN;
                else if (a == 1) out[i] = b;
                else if (b != 1 && b != a) throw incompatible(in);
            }
        }
        return List.of(Shape.of(out));
    }

    @Override
    public List<Tensor> call(Call call) {
        List<Tensor> xs = call.inputs();
        List<Shape> shapes = new ArrayList<>();
        for (Tensor x : xs) shapes.add(x.shape());
        Shape out = outputShapes(shapes).get(0);
        if (!out.isKnown()) throw incompatible(shapes);
        Tensor first = xs.get(0);
        float[] acc;
        if (first.shape().equals(out)) {
            acc = first.data().clone();
        } else {
            acc = new float[out.size()];
            dev.jkeras.kernel.Broadcast.addInto(acc, out, Tensor.of(expand(first.shape(), out.rank()), first.data()), true);
        }
        for (int i = 1; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            if (x.shape().equals(out)) {
                float[] d = x.data();
                for (int j = 0; j < acc.length; j++) acc[j] += d[j];
            } else {
                dev.jkeras.kernel.Broadcast.addInto(acc, out, Tensor.of(expand(x.shape(), out.rank()), x.data()), false);
            }
        }
        return List.of(Tensor.of(out, acc));
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return MaskMerge.elementwise(call.masks(), legacyMask);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Add");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            WriterInfo w = spec.writer();
            Add a = new Add(spec, w != null && w.isLegacy());
            a.outputShapes(ctx.inputShapes());
            return a;
        }
    }
}
