// The shared call of Attention and AdditiveAttention (Keras BaseDenseAttention): scores(query, key) (B, Tq, Tv),
// value-mask and causal mask applied as scores − 1e9 (float32), softmax over Tv, weights·value, output zeroed
// where the query mask is false; the query mask is the output mask; optionally returns the weights.
// Rank-2 inputs (batch, dim), as Keras computes them: the batch is the time axis, so every row attends to every row of
// the call's batch (scores (batch, batch)). Keras 3 then turns a causal mask into a (1, batch, dim) output: refused.
package dev.jkeras.layers.attention;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Base of {@link Attention} and {@link AdditiveAttention}: inputs [query, value] or [query, value, key]. */
abstract class DenseAttention extends Layer {
    private final boolean causalConfig;
    private final boolean keras3;
    private final String where;
    /** Built on rank-2 inputs: Keras then attends across the batch axis. */
    private final boolean rank2;

    DenseAttention(LayerSpec spec, boolean causalConfig, boolean rank2) {
        super(spec);
        this.rank2 = rank2;
        this.causalConfig = causalConfig;
        this.keras3 = spec.writer() != null && spec.writer().major() >= 3;
        this.where = spec.where();
    }

    /** On rank-2 inputs each sample attends to every sample of the call, as in Keras. */
    @Override
    public boolean mixesSamples() {
        return rank2;
    }

    /** Scores (rows × tq × tv) into {@code out}; query (rows × tq × dim), key (rows × tv × dim). */
    abstract void scores(float[] q, float[] k, int rows, int tq, int tv, int dim, float[] out);

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return outputShapes(in, Map.of());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in, Map<String, Object> kwargs) {
        check(in);
        Shape q = in.get(0), v = in.get(1), k = in.size() > 2 ? in.get(2) : v;
        if (q.rank() == 2 && keras3 && (causalConfig || MultiHeadAttention.flag(kwargs, "use_causal_mask"))) {
            throw new UnsupportedFeatureException(where + ": use_causal_mask on rank-2 inputs "
                    + q + " is not supported: Keras 3 broadcasts its (1, batch, batch) causal mask into a (1, batch, " + v.dim(-1)
                    + ") output that differs from its own declared output shape (supported: rank-2 inputs without a causal mask)");
        }
        Shape out = q.with(-1, v.dim(-1));
        if (!MultiHeadAttention.flag(kwargs, "return_attention_scores")) return List.of(out);
        return List.of(out, q.with(-1, k.dim(-2)));
    }

    private void check(List<Shape> in) {
        if (in.size() < 2 || in.size() > 3) {
            throw new InputException("layer '" + name() + "' (" + className() + ") takes [query, value] or [query, value, key], found "
                    + in.size() + " input(s)");
        }
        Shape q = in.get(0), v = in.get(1), k = in.size() > 2 ? in.get(2) : v;
        boolean ok = q.rank() >= 2 && v.rank() == q.rank() && k.rank() == q.rank() && compatible(q.dim(-1), k.dim(-1))
                && compatible(v.dim(-2), k.dim(-2));
        for (int i = 0; ok && i < q.rank() - 2; i++) ok = compatible(q.dim(i), v.dim(i)) && compatible(q.dim(i), k.dim(i));
        if (!ok) {
            throw new InputException("layer '" + name() + "' (" + className() + "): expected query (batch, Tq, dim), value (batch, Tv, dim_v) and key "
                    + "(batch, Tv, dim) of equal rank (or all three (batch, dim) with equal batch), found " + in);
        }
    }

    private static boolean compatible(int a, int b) {
        return a == Shape.UNKNOWN || b == Shape.UNKNOWN || a == b;
    }

    @Override
    public List<Tensor> call(Call call) {
        return forward(call).values();
    }

    @Override
    public Outputs forward(Call call) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : call.inputs()) shapes.add(t.shape());
        check(shapes);
        Tensor q = call.input(0), v = call.input(1), k = call.inputs().size() > 2 ? call.input(2) : v;
        int r = q.rank();
        int tq = q.dim(r - 2), dim = q.dim(r - 1), tv = v.dim(r - 2), dv = v.dim(r - 1);
        int rows = q.shape().sub(0, r - 2).size();
        float[] s = new float[rows * tq * tv];
        scores(q.data(), k.data(), rows, tq, tv, dim, s);
        String where = "layer '" + name() + "' (" + className() + ")";
        Tensor vMask = call.mask(1);
        Tensor m = vMask == null ? null : BoolMask.expandDims(vMask, -2);
        if (causalConfig || MultiHeadAttention.flag(call.kwargs(), "use_causal_mask")) {
            Tensor causal = BoolMask.causal(tq, tv);
            m = BoolMask.and(m, r == 2 ? causal.reshape(Shape.of(tq, tv)) : causal, where);
        }
        Shape scoreShape = q.shape().with(-1, tv);
        float[] mask = m == null ? null : BoolMask.expand(m, scoreShape, where);
        MaskedSoftmax.apply(s, mask, tv, MaskedSoftmax.Mode.SUBTRACT, false);
        float[] out = new float[rows * tq * dv];
        for (int b = 0; b < rows; b++) {
            MatMul.gemmSerial(tq, dv, tv, s, b * tq * tv, tv, v.data(), b * tv * dv, dv, out, b * tq * dv, dv);
        }
        Tensor qMask = call.mask(0);
        if (qMask != null) {
            float[] qm = BoolMask.expand(BoolMask.expandDims(qMask, -1), q.shape().with(-1, dv), where);
            for (int i = 0; i < out.length; i++) if (qm[i] == 0f) out[i] = 0f;
        }
        Tensor y = Tensor.of(q.shape().with(-1, dv), out);
        boolean withScores = MultiHeadAttention.flag(call.kwargs(), "return_attention_scores");
        List<Tensor> values = withScores ? List.of(y, Tensor.of(scoreShape, s)) : List.of(y);
        List<Tensor> masks = null;
        if (qMask != null) {
            masks = new ArrayList<>(Arrays.asList(new Tensor[values.size()]));
            masks.set(0, qMask);
        }
        return new Outputs(values, masks);
    }
}
