// The elementwise merges (Add, Subtract, Multiply, Average, Maximum, Minimum): lower-rank inputs get size-1 axes after
// the batch axis, size-1 axes broadcast, the op folds left to right in float32. Keras ≥ 3.5 Multiply and ≥ 3.4
// Maximum/Minimum also use the input masks for values (maskedValues); output masks: MaskMerge.
package dev.jkeras.layers.merging;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Broadcast;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Base of the elementwise merge layers. */
abstract class Elementwise extends Layer {
    enum Op { ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM }

    private final Op op;
    private final boolean legacy;
    private final boolean andMasks;
    private final boolean maskedValues;

    Elementwise(LayerSpec spec, Op op) {
        super(spec);
        this.op = op;
        WriterInfo w = spec.writer();
        this.legacy = w != null && w.isLegacy();
        this.andMasks = MaskMerge.andRule(w);
        int since = op == Op.MULTIPLY ? 5 : op == Op.MAXIMUM || op == Op.MINIMUM ? 4 : -1;
        this.maskedValues = since >= 0 && (w == null || w.atLeast(3, since));
    }

    private InputException incompatible(List<Shape> shapes) {
        return new InputException("layer '" + name() + "' (" + className() + "): inputs must have equal (or broadcastable) shapes, found " + shapes);
    }

    /** Shape with size-1 axes inserted after the batch axis up to {@code rank}. */
    static Shape expand(Shape s, int rank) {
        int[] d = new int[rank];
        java.util.Arrays.fill(d, 1);
        d[0] = s.dim(0);
        for (int i = 1; i < s.rank(); i++) d[rank - s.rank() + i] = s.dim(i);
        return Shape.of(d);
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return floatInputsOnly(in, outputCount);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        if (in.size() < 1) throw new InputException("layer '" + name() + "' (" + className() + ") needs at least one input");
        if (op == Op.SUBTRACT && in.size() != 2) {
            throw new InputException("layer '" + name() + "' (Subtract) takes exactly 2 inputs, found " + in.size());
        }
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

    /** {@code x} broadcast to {@code out} (a fresh array). */
    private static float[] full(Tensor x, Shape out) {
        float[] r = new float[out.size()];
        Broadcast.addInto(r, out, Tensor.of(expand(x.shape(), out.rank()), x.data()), true);
        return r;
    }

    @Override
    public List<Tensor> call(Call call) {
        List<Tensor> xs = call.inputs();
        List<Shape> shapes = new ArrayList<>();
        for (Tensor x : xs) shapes.add(x.shape());
        Shape out = outputShapes(shapes).get(0);
        if (!out.isKnown()) throw incompatible(shapes);
        if (maskedValues && hasMask(call)) {
            return List.of(maskedValues(call, out));
        }
        float[] acc = xs.get(0).shape().equals(out) ? Buffers.copyOf(xs.get(0).data()) : full(xs.get(0), out);
        for (int i = 1; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            float[] d = x.shape().equals(out) ? x.data() : full(x, out);
            combine(acc, d);
        }
        if (op == Op.AVERAGE) {
            float n = xs.size();
            for (int j = 0; j < acc.length; j++) acc[j] /= n;
        }
        return List.of(Tensor.of(out, acc));
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    private void combine(float[] acc, float[] d) {
        switch (op) {
            case ADD, AVERAGE -> {
                for (int j = 0; j < acc.length; j++) acc[j] += d[j];
            }
            case SUBTRACT -> {
                for (int j = 0; j < acc.length; j++) acc[j] -= d[j];
            }
            case MULTIPLY -> {
                for (int j = 0; j < acc.length; j++) acc[j] *= d[j];
            }
            case MAXIMUM -> {
                for (int j = 0; j < acc.length; j++) acc[j] = Math.max(acc[j], d[j]);
            }
            case MINIMUM -> {
                for (int j = 0; j < acc.length; j++) acc[j] = Math.min(acc[j], d[j]);
            }
        }
    }

    private static boolean hasMask(Call call) {
        for (Tensor m : call.masks()) if (m != null) return true;
        return false;
    }

    /**
     * Keras 3.4/3.5+ with masks (inputs of equal rank; a mask covers all but the last axis): Multiply replaces masked
     * entries of an input by 1 and, if every input has a mask, zeroes the output where no mask is set;
     * Maximum/Minimum take the running result where the next input is masked and the next input where the
     * running result is masked, and track the OR of the masks while every input so far had one.
     */
    private Tensor maskedValues(Call call, Shape out) {
        List<Tensor> xs = call.inputs();
        int n = out.size();
        float[][] masks = new float[xs.size()][];
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i), m = call.mask(i);
            if (m == null) continue;
            if (x.rank() != out.rank()) continue; // Keras expands the rank with new tensors, which carry no mask
            Shape prefix = x.shape().sub(0, x.rank() - 1);
            if (!m.shape().equals(prefix) || !x.shape().equals(out)) {
                throw new UnsupportedFeatureException("layer '" + name() + "' (" + className() + "): a mask of shape " + m.shape()
                        + " for an input of shape " + x.shape() + " (output " + out + ") is not supported");
            }
            int last = x.dim(-1);
            float[] f = new float[n];
            float[] md = m.data();
            for (int j = 0; j < n; j++) f[j] = md[j / last] != 0f ? 1f : 0f;
            masks[i] = f;
        }
        if (op == Op.MULTIPLY) {
            boolean all = true;
            for (float[] f : masks) all &= f != null;
            float[] acc = null;
            float[] orMask = all ? new float[n] : null;
            for (int i = 0; i < xs.size(); i++) {
                float[] d = xs.get(i).shape().equals(out) ? xs.get(i).data() : full(xs.get(i), out);
                float[] f = masks[i];
                if (acc == null) {
                    acc = new float[n];
                    for (int j = 0; j < n; j++) acc[j] = f == null || f[j] != 0f ? d[j] : 1f;
                } else {
                    for (int j = 0; j < n; j++) acc[j] *= f == null || f[j] != 0f ? d[j] : 1f;
                }
                if (all) for (int j = 0; j < n; j++) if (f[j] != 0f) orMask[j] = 1f;
            }
            if (all) for (int j = 0; j < n; j++) if (orMask[j] == 0f) acc[j] = 0f;
            return Tensor.of(out, acc);
        }
        float[] acc = null;
        float[] accMask = null;
        for (int i = 0; i < xs.size(); i++) {
            float[] d = xs.get(i).shape().equals(out) ? xs.get(i).data().clone() : full(xs.get(i), out);
            float[] f = masks[i];
            if (acc == null) {
                acc = d;
                accMask = f == null ? null : f.clone();
                continue;
            }
            if (f != null) for (int j = 0; j < n; j++) if (f[j] == 0f) d[j] = acc[j];
            if (accMask != null) for (int j = 0; j < n; j++) if (accMask[j] == 0f) acc[j] = d[j];
            if (f != null && accMask != null) {
                for (int j = 0; j < n; j++) if (f[j] != 0f) accMask[j] = 1f;
            } else {
                accMask = null;
            }
            combine(acc, d);
        }
        return Tensor.of(out, acc);
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return MaskMerge.elementwise(call.masks(), andMasks);
    }
}
