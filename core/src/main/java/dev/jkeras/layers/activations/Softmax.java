// Softmax over `axis` (int, or a list: jointly, exp(x − logsumexp)). Mask (numpy-broadcast): Keras ≥ 3.13 puts −1e9
// where mask ≤ 0.5 and zeroes those outputs; Keras 3.0–3.12 and tf.keras ≥ 2.4 add (1 − mask)·(−1e9) (tf.keras
// robust_masking: replace, no zeroing); older Keras ignore the mask.
package dev.jkeras.layers.activations;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Activations;
import dev.jkeras.kernel.Broadcast;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Keras {@code Softmax}. */
public final class Softmax extends Layer {
    enum MaskRule { KERAS3, ADD, REPLACE, IGNORE }

    private static final float LARGE_NEGATIVE = -1e9f;

    private final int[] axes;
    private final MaskRule maskRule;
    /** The first call's rank, or 0 if unknown: an axis that is the batch axis mixes samples. */
    private final int rank;

    private Softmax(LayerSpec spec, int[] axes, MaskRule maskRule, int rank) {
        super(spec);
        this.rank = rank;
        this.axes = axes;
        this.maskRule = maskRule;
    }

    /** Softmax over the batch axis normalizes across the samples of a call. */
    @Override
    public boolean mixesSamples() {
        for (int a : axes) if (a == 0 || rank > 0 && a == -rank) return true;
        return false;
    }

    private int[] positive(int rank) {
        int[] p = new int[axes.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < p.length; i++) {
            p[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (p[i] < 0 || p[i] >= rank || seen[p[i]]) {
                throw new InputException("layer '" + name() + "' (Softmax): axis " + Arrays.toString(axes) + " is not valid for inputs of rank " + rank);
            }
            seen[p[i]] = true;
        }
        Arrays.sort(p);
        return p;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return floatInputsOnly(in, outputCount);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        if (in.size() != 1) throw new InputException("layer '" + name() + "' (Softmax) takes 1 input, got " + in.size());
        positive(in.get(0).rank());
        return List.of(in.get(0));
    }

    @Override
    public List<Tensor> call(Call call) {
        if (call.inputs().size() != 1) throw new InputException("layer '" + name() + "' (Softmax) takes 1 input, got " + call.inputs().size());
        Tensor x = call.input(0);
        Tensor mask = maskRule == MaskRule.IGNORE ? null : call.mask(0);
        float[] m = mask == null ? null : broadcastMask(mask, x.shape());
        float[] in = x.data().clone();
        if (m != null) {
            for (int i = 0; i < in.length; i++) {
                switch (maskRule) {
                    case KERAS3, REPLACE -> {
                        if (!(m[i] > 0.5f)) in[i] = LARGE_NEGATIVE;
                    }
                    case ADD -> in[i] += (1f - m[i]) * LARGE_NEGATIVE;
                    case IGNORE -> { }
                }
            }
        }
        Tensor y = softmax(Tensor.of(x.shape(), in), positive(x.rank()));
        if (m != null && maskRule == MaskRule.KERAS3) {
            float[] d = y.data();
            for (int i = 0; i < d.length; i++) if (!(m[i] > 0.5f)) d[i] = 0f;
        }
        return List.of(y);
    }

    private float[] broadcastMask(Tensor mask, Shape shape) {
        int r = shape.rank();
        if (mask.rank() > r) throw maskError(mask, shape);
        int[] d = new int[r];
        Arrays.fill(d, 1);
        for (int i = 0; i < mask.rank(); i++) {
            int md = mask.dim(i), xd = shape.dim(r - mask.rank() + i);
            if (md != 1 && md != xd) throw maskError(mask, shape);
            d[r - mask.rank() + i] = md;
        }
        float[] full = new float[shape.size()];
        Broadcast.addInto(full, shape, mask.reshape(Shape.of(d)), true);
        return full;
    }

    private InputException maskError(Tensor mask, Shape shape) {
        return new InputException("layer '" + name() + "' (Softmax): a mask of shape " + mask.shape() + " does not broadcast to the input "
                + shape + " (Keras cannot apply it either)");
    }

    /** Softmax of a fresh tensor over the sorted non-negative {@code axes}. */
    private static Tensor softmax(Tensor x, int[] axes) {
        if (axes.length == 1) return Activations.softmax(axes[0]).applyOwned(x);
        int r = x.rank();
        int[] perm = new int[r];
        boolean[] in = new boolean[r];
        for (int a : axes) in[a] = true;
        int k = 0;
        for (int i = 0; i < r; i++) if (!in[i]) perm[k++] = i;
        for (int a : axes) perm[k++] = a;
        int[] inverse = new int[r];
        for (int i = 0; i < r; i++) inverse[perm[i]] = i;
        Tensor t = Transpose.permute(x, perm);
        int n = 1;
        for (int a : axes) n *= x.dim(a);
        float[] d = t.data();
        for (int off = 0; n > 0 && off < d.length; off += n) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) max = Math.max(max, d[off + j]);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp(d[off + j] - max);
            float lse = (float) (max + Math.log(sum));
            for (int j = 0; j < n; j++) d[off + j] = (float) Math.exp(d[off + j] - lse);
        }
        return Transpose.permute(t, inverse);
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return call.mask(0) == null ? null : List.of(call.mask(0));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Softmax");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int[] axes = spec.config().getIntList("axis");
            if (axes == null) axes = new int[] {-1};
            if (axes.length == 0) throw new ModelFormatException(spec.where() + ": config key 'axis' is an empty list");
            WriterInfo w = spec.writer();
            MaskRule rule;
            if (w == null || w.atLeast(3, 13)) rule = MaskRule.KERAS3;
            else if (!w.isLegacy()) rule = MaskRule.ADD;
            else if (!w.atLeast(2, 4)) rule = MaskRule.IGNORE;
            else rule = spec.config().getBool("robust_masking", false) ? MaskRule.REPLACE : MaskRule.ADD;
            Softmax s = new Softmax(spec, axes, rule, ctx.inputShapes().size() == 1 ? ctx.inputShapes().get(0).rank() : 0);
            s.outputShapes(ctx.inputShapes());
            return s;
        }
    }
}
