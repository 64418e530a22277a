// GroupQueryAttention (Keras 3; Python class GroupedQueryAttention): num_query_heads query heads share
// num_key_value_heads key/value heads (each repeated num_query_heads/num_key_value_heads times, in order), then
// scaled dot-product attention over axis 1 and the output projection; masks and gate as MultiHeadAttention.
package dev.jkeras.layers.attention;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Activations;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.layers.core.EinsumDense;
import dev.jkeras.layers.core.EinsumDense.Projection;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Keras {@code GroupQueryAttention}. */
public final class GroupQueryAttention extends Layer {
    private final Projection query;
    private final Projection key;
    private final Projection value;
    private final Projection gate;
    private final Projection output;
    private final DotProductAttention attention;
    private final int repeats;
    private final boolean dropout;
    private final int slidingWindow;
    private final WriterInfo writer;

    private GroupQueryAttention(LayerSpec spec, List<Projection> p, boolean hasGate, int repeats, int headDim, boolean dropout, int slidingWindow) {
        super(spec);
        this.query = p.get(0);
        this.key = p.get(1);
        this.gate = hasGate ? p.get(2) : null;
        this.value = p.get(hasGate ? 3 : 2);
        this.output = p.get(hasGate ? 4 : 3);
        this.attention = new DotProductAttention(4, new int[] {1}, (float) (1.0 / Math.sqrt(headDim)));
        this.repeats = repeats;
        this.dropout = dropout;
        this.slidingWindow = slidingWindow;
        this.writer = spec.writer();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return outputShapes(in, Map.of());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in, Map<String, Object> kwargs) {
        if (in.size() < 2 || in.size() > 3) {
            throw new InputException("layer '" + name() + "' (GroupQueryAttention) takes query, value and optionally key, found " + in.size() + " input(s)");
        }
        Shape q = in.get(0), v = in.get(1), k = in.size() > 2 ? in.get(2) : v;
        Shape qp = query.outputShape(q, this);
        Shape kp = key.outputShape(k, this);
        value.outputShape(v, this);
        Shape out = output.outputShape(qp, this);
        if (!MultiHeadAttention.flag(kwargs, "return_attention_scores")) return List.of(out);
        return List.of(out, attention.scoresShape(qp, kp.with(2, qp.dim(2))));
    }

    @Override
    public List<Tensor> call(Call call) {
        return forward(call).values();
    }

    /** {@code ops.repeat(x, repeats, axis=2)} on (B, S, heads, H): each head repeated in place. */
    private Tensor repeatHeads(Tensor x) {
        if (repeats == 1) return x;
        int outer = x.dim(0) * x.dim(1), heads = x.dim(2), h = x.dim(3);
        float[] src = x.data(), dst = new float[src.length * repeats];
        for (int o = 0; o < outer; o++) {
            for (int n = 0; n < heads; n++) {
                for (int r = 0; r < repeats; r++) {
                    System.arraycopy(src, (o * heads + n) * h, dst, ((o * heads + n) * repeats + r) * h, h);
                }
            }
        }
        return Tensor.of(Shape.of(x.dim(0), x.dim(1), heads * repeats, h), dst);
    }

    @Override
    public Outputs forward(Call call) {
        outputShapes(shapes(call.inputs()));
        Tensor q = call.input(0), v = call.input(1);
        boolean hasKey = call.inputs().size() > 2;
        Tensor k = hasKey ? call.input(2) : v;
        boolean scores = MultiHeadAttention.flag(call.kwargs(), "return_attention_scores");
        boolean causal = MultiHeadAttention.flag(call.kwargs(), "use_causal_mask");
        String where = "layer '" + name() + "' (GroupQueryAttention)";
        Tensor mask = MultiHeadAttention.attentionMask(call, hasKey, causal, slidingWindow, MultiHeadAttention.Explicit.ALL, where);
        Tensor g = gate == null ? null : gate.apply(q, this);
        Tensor qp = query.apply(q, this);
        Tensor kp = repeatHeads(key.apply(k, this)), vp = repeatHeads(value.apply(v, this));
        MaskedSoftmax.Mode mode = MultiHeadAttention.keras3Mode(writer, dropout, scores, 4);
        DotProductAttention.Result r = attention.apply(qp, kp, vp, mask, mode, where);
        Tensor o = r.output();
        if (g != null) {
            float[] od = o.data(), gd = g.data();
            for (int i = 0; i < od.length; i++) od[i] *= gd[i];
        }
        Tensor y = output.apply(o, this);
        List<Tensor> values = scores ? List.of(y, r.scores()) : List.of(y);
        // GroupQueryAttention keeps Keras's default mask propagation: the query's mask on the first output.
        List<Tensor> masks = null;
        if (call.mask(0) != null) {
            masks = new ArrayList<>(Arrays.asList(new Tensor[values.size()]));
            masks.set(0, call.mask(0));
        }
        return new Outputs(values, masks);
    }

    private static List<Shape> shapes(List<Tensor> ts) {
        List<Shape> s = new ArrayList<>();
        for (Tensor t : ts) s.add(t.shape());
        return s;
    }

    @Override
    public long paramCount() {
        long n = query.paramCount() + key.paramCount() + value.paramCount() + output.paramCount();
        return gate == null ? n : n + gate.paramCount();
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("GroupQueryAttention", "GroupedQueryAttention");
        }

        @Override
        public List<String> callArguments() {
            return List.of("query", "value", "key");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            LayerConfigs.refuseQuantized(spec);
            int headDim = c.requireInt("head_dim");
            int nq = c.requireInt("num_query_heads");
            int nkv = c.requireInt("num_key_value_heads");
            if (headDim <= 0 || nq <= 0 || nkv <= 0 || nq % nkv != 0) {
                throw new ModelFormatException(spec.where() + ": head_dim, num_query_heads, num_key_value_heads must be positive and num_query_heads a multiple of "
                        + "num_key_value_heads, found " + headDim + ", " + nq + ", " + nkv);
            }
            boolean useBias = c.getBool("use_bias", true);
            boolean useGate = c.getBool("use_gate", false);
            int window = c.has("sliding_window") ? c.requireInt("sliding_window") : 0;
            boolean dropout = c.getDouble("dropout", 0.0) > 0.0;
            Shape[] s = MultiHeadAttention.inputShapes(spec, ctx);
            Shape q = s[0], v = s[1], k = s[2];
            for (Shape x : s) {
                if (x.rank() != 3) throw LayerConfigs.badInput(spec, "rank-3 query, key and value (batch, seq, features)", x);
            }
            if (q.dim(-1) != v.dim(-1)) {
                throw new ModelFormatException(spec.where() + ": the last dimension of query and value must be equal, found " + q + " and " + v);
            }
            int feature = q.dim(-1);
            List<EinsumDense.Analysis> as = new ArrayList<>();
            List<String> names = new ArrayList<>();
            as.add(MultiHeadAttention.analyze(spec, "query", "bqm,muh->bquh", useBias ? "uh" : null, new int[] {-1, nq, headDim}, q));
            names.add("query");
            as.add(MultiHeadAttention.analyze(spec, "key", "bkm,mvh->bkvh", useBias ? "vh" : null, new int[] {-1, nkv, headDim}, k));
            names.add("key");
            if (useGate) {
                as.add(MultiHeadAttention.analyze(spec, "gate", "bqm,muh->bquh", useBias ? "uh" : null, new int[] {-1, nq, headDim}, q));
                names.add("gate");
            }
            as.add(MultiHeadAttention.analyze(spec, "value", "bkm,mvh->bkvh", useBias ? "vh" : null, new int[] {-1, nkv, headDim}, v));
            names.add("value");
            as.add(MultiHeadAttention.analyze(spec, "output", "bquh,uhm->bqm", useBias ? "m" : null, new int[] {-1, feature},
                    Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, nq, headDim)));
            names.add("attention_output");
            List<Tensor> w = ctx.weights(MultiHeadAttention.decls(names, as));
            ActivationFn linear = Activations.get(null, spec.writer(), spec.where());
            ActivationFn sigmoid = Activations.get("sigmoid", spec.writer(), spec.where());
            List<ActivationFn> acts = new ArrayList<>();
            for (String n : names) acts.add(n.equals("gate") ? sigmoid : linear);
            GroupQueryAttention l = new GroupQueryAttention(spec, MultiHeadAttention.projections(as, w, acts), useGate, nq / nkv, headDim, dropout, window);
            l.outputShapes(ctx.inputShapes());
            return l;
        }
    }
}
