// MultiHeadAttention: EinsumDense projections of query/key/value into heads, scaled dot-product attention over
// attention_axes with Keras's masks (query/value/key masks, attention_mask, causal, sliding window), optional
// sigmoid gate, output projection. Rows whose keys are all masked follow the writer's Keras version (see keras3Mode).
package dev.jkeras.layers.attention;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Activations;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
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

/** Keras {@code MultiHeadAttention}. */
public final class MultiHeadAttention extends Layer {
    private final Projection query;
    private final Projection key;
    private final Projection value;
    private final Projection gate;
    private final Projection output;
    private final DotProductAttention attention;
    private final boolean keras3;
    private final boolean dropout;
    private final boolean robustMasking;
    private final int slidingWindow;
    private final WriterInfo writer;

    private MultiHeadAttention(LayerSpec spec, Projection query, Projection key, Projection value, Projection gate, Projection output,
                               DotProductAttention attention, boolean dropout, boolean robustMasking, int slidingWindow) {
        super(spec);
        this.query = query;
        this.key = key;
        this.value = value;
        this.gate = gate;
        this.output = output;
        this.attention = attention;
        this.keras3 = spec.writer() == null || !spec.writer().isLegacy();
        this.dropout = dropout;
        this.robustMasking = robustMasking;
        this.slidingWindow = slidingWindow;
        this.writer = spec.writer();
    }

    /** Keras 3.8+ deletes the masks of query, value and key from those (shared) tensors in {@code call}. */
    @Override
    public boolean clearsInputMasks() {
        return keras3 && (writer == null || writer.atLeast(3, 8));
    }

    /**
     * The masked softmax of a Keras 3 writer: from 3.7 the fused dot_product_attention (no dropout,
     * no scores requested, rank-4 projections), else the Softmax layer, which zeroes masked
     * positions from 3.13 and adds (1 − mask)·(−1e9) before.
     */
    static MaskedSoftmax.Mode keras3Mode(WriterInfo w, boolean dropout, boolean scores, int projectedRank) {
        if ((w == null || w.atLeast(3, 7)) && !dropout && !scores && projectedRank == 4) return MaskedSoftmax.Mode.FUSED;
        return w == null || w.atLeast(3, 13) ? MaskedSoftmax.Mode.KERAS3_LAYER : MaskedSoftmax.Mode.TF_ADDER;
    }

    static boolean flag(Map<String, Object> kwargs, String key) {
        return Boolean.TRUE.equals(kwargs.get(key));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return outputShapes(in, Map.of());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in, Map<String, Object> kwargs) {
        checkInputs(in.size());
        Shape q = in.get(0), v = in.get(1), k = in.size() > 2 ? in.get(2) : v;
        Shape qp = query.outputShape(q, this);
        Shape kp = key.outputShape(k, this);
        value.outputShape(v, this);
        Shape out = output.outputShape(qp.with(-1, value.analysis().kernelShape().dim(-1)), this);
        if (!flag(kwargs, "return_attention_scores")) return List.of(out);
        return List.of(out, attention.scoresShape(qp, kp));
    }

    private void checkInputs(int n) {
        if (n < 2 || n > 3) {
            throw new InputException("layer '" + name() + "' (MultiHeadAttention) takes query, value and optionally key, found " + n + " input(s)");
        }
    }

    @Override
    public List<Tensor> call(Call call) {
        return forward(call).values();
    }

    @Override
    public Outputs forward(Call call) {
        checkInputs(call.inputs().size());
        Tensor q = call.input(0), v = call.input(1);
        boolean hasKey = call.inputs().size() > 2;
        Tensor k = hasKey ? call.input(2) : v;
        boolean scores = flag(call.kwargs(), "return_attention_scores");
        boolean causal = flag(call.kwargs(), "use_causal_mask");
        Tensor mask = attentionMask(call, hasKey, causal, slidingWindow, !keras3 ? Explicit.NONE : clearsInputMasks() ? Explicit.VALUE_KEY : Explicit.ALL, where());

        Tensor g = gate == null ? null : gate.apply(q, this);
        Tensor qp = query.apply(q, this), kp = key.apply(k, this), vp = value.apply(v, this);
        MaskedSoftmax.Mode mode = keras3 ? keras3Mode(writer, dropout, scores, qp.rank())
                : (robustMasking ? MaskedSoftmax.Mode.TF_ROBUST : MaskedSoftmax.Mode.TF_ADDER);
        DotProductAttention.Result r = attention.apply(qp, kp, vp, mask, mode, where());
        Tensor o = r.output();
        if (g != null) {
            float[] od = o.data(), gd = g.data();
            for (int i = 0; i < od.length; i++) od[i] *= gd[i];
        }
        Tensor y = output.apply(o, this);
        for (Tensor t : new Tensor[] {qp, kp, vp, o, g}) if (t != null) Buffers.recycle(t.data()); // intermediates only this call saw
        List<Tensor> values = scores ? List.of(y, r.scores()) : List.of(y);
        Tensor qMask = call.mask(0);
        List<Tensor> masks = null;
        if (qMask != null) {
            masks = new ArrayList<>(Arrays.asList(new Tensor[values.size()]));
            masks.set(0, qMask);
        }
        return new Outputs(values, masks);
    }

    private String where() {
        return "layer '" + name() + "' (" + className() + ")";
    }

    /** Which explicit mask keyword tensors a layer honours (Keras 3 only; tf.keras has no such arguments). */
    enum Explicit {
        NONE, VALUE_KEY, ALL
    }

    /**
     * Keras's {@code _compute_attention_mask}: query mask (B, T, 1), value mask (B, 1, S), key mask
     * (B, 1, S) when a key was given, causal (1, T, S), sliding window (1, T, S), and the
     * {@code attention_mask} argument, all ANDed; null if there is none. Explicit
     * {@code query_mask}/{@code value_mask}/{@code key_mask} keyword tensors replace the Keras masks
     * of the inputs where the layer honours them (MultiHeadAttention always uses the query's own mask).
     */
    static Tensor attentionMask(Call call, boolean hasKey, boolean causal, int slidingWindow, Explicit explicit, String where) {
        Tensor q = call.input(0), v = call.input(1);
        Tensor qMask = explicit == Explicit.ALL && !call.tensorKwarg("query_mask").isEmpty() ? call.tensorKwarg("query_mask").get(0) : call.mask(0);
        boolean vk = explicit != Explicit.NONE;
        Tensor vMask = vk && !call.tensorKwarg("value_mask").isEmpty() ? call.tensorKwarg("value_mask").get(0) : call.mask(1);
        Tensor kMask = vk && !call.tensorKwarg("key_mask").isEmpty() ? call.tensorKwarg("key_mask").get(0) : hasKey ? call.mask(2) : null;
        Tensor auto = null;
        if (qMask != null) auto = BoolMask.expandDims(qMask, -1);
        if (vMask != null) auto = BoolMask.and(auto, BoolMask.expandDims(vMask, -2), where);
        if (kMask != null) auto = BoolMask.and(auto, BoolMask.expandDims(kMask, -2), where);
        if (causal) auto = BoolMask.and(auto, BoolMask.causal(q.dim(1), v.dim(1)), where);
        if (slidingWindow > 0) auto = BoolMask.and(auto, BoolMask.slidingWindow(q.dim(1), v.dim(1), slidingWindow), where);
        List<Tensor> am = call.tensorKwarg("attention_mask");
        Tensor given = am.isEmpty() ? null : am.get(0);
        return BoolMask.and(given, auto, where);
    }

    @Override
    public long paramCount() {
        long n = query.paramCount() + key.paramCount() + value.paramCount() + output.paramCount();
        return gate == null ? n : n + gate.paramCount();
    }

    /** Keras's {@code _build_proj_equation(free, bound, outputDims)}: equation and bias axes. */
    static String[] projEquation(int free, int bound, int outputDims) {
        StringBuilder in = new StringBuilder(), kernel = new StringBuilder(), out = new StringBuilder(), bias = new StringBuilder();
        int letter = 0;
        for (int i = 0; i < free; i++, letter++) {
            in.append((char) ('a' + letter));
            out.append((char) ('a' + letter));
        }
        for (int i = 0; i < bound; i++, letter++) {
            in.append((char) ('a' + letter));
            kernel.append((char) ('a' + letter));
        }
        for (int i = 0; i < outputDims; i++, letter++) {
            kernel.append((char) ('a' + letter));
            out.append((char) ('a' + letter));
            bias.append((char) ('a' + letter));
        }
        return new String[] {in + "," + kernel + "->" + out, bias.toString()};
    }

    /** Keras's {@code _get_output_shape}: Nones, then the known last dims. */
    static int[] partial(int outputRank, int... last) {
        int[] p = new int[outputRank];
        Arrays.fill(p, -1);
        System.arraycopy(last, 0, p, outputRank - last.length, last.length);
        return p;
    }

    /** A projection's analysis, or a format error naming the layer. */
    static EinsumDense.Analysis analyze(LayerSpec spec, String what, String equation, String bias, int[] partial, Shape in) {
        try {
            return EinsumDense.analyze(equation, bias, partial, in);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(spec.where() + ": cannot build its " + what + " projection for input " + in + ": " + e.getMessage());
        }
    }

    /** Declarations kernel/bias of each analysis, in order. */
    static List<WeightDecl> decls(List<String> names, List<EinsumDense.Analysis> as) {
        List<WeightDecl> d = new ArrayList<>();
        for (int i = 0; i < as.size(); i++) {
            d.add(new WeightDecl(names.get(i) + "/kernel", as.get(i).kernelShape(), true));
            if (as.get(i).biasShape() != null) d.add(new WeightDecl(names.get(i) + "/bias", as.get(i).biasShape(), true));
        }
        return d;
    }

    /** Builds projections from analyses and the loaded weights (in declaration order). */
    static List<Projection> projections(List<EinsumDense.Analysis> as, List<Tensor> w, List<dev.jkeras.kernel.ActivationFn> acts) {
        List<Projection> out = new ArrayList<>();
        int p = 0;
        for (int i = 0; i < as.size(); i++) {
            Tensor kernel = w.get(p++);
            Tensor bias = as.get(i).biasShape() != null ? w.get(p++) : null;
            out.add(new Projection(as.get(i), kernel, bias, acts.get(i)));
        }
        return out;
    }

    /** Refuses inputs of unknown feature size and returns the shapes of query, value, key. */
    static Shape[] inputShapes(LayerSpec spec, BuildContext ctx) {
        List<Shape> in = ctx.inputShapes();
        if (in.size() < 2 || in.size() > 3) {
            throw new ModelFormatException(spec.where() + ": expected to be called on query, value and optionally key, found "
                    + in.size() + " tensor input(s)");
        }
        Shape q = in.get(0), v = in.get(1), k = in.size() > 2 ? in.get(2) : v;
        for (Shape s : new Shape[] {q, v, k}) {
            if (s.rank() < 3 || s.dim(-1) == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, "(batch, ..., features) with known features", s);
        }
        if (!v.sub(1, v.rank() - 1).compatibleWith(k.sub(1, k.rank() - 1))) {
            throw new ModelFormatException(spec.where() + ": all dimensions of value and key except the last must be equal, found " + v + " and " + k);
        }
        return new Shape[] {q, v, k};
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("MultiHeadAttention");
        }

        @Override
        public List<String> callArguments() {
            return List.of("query", "value", "key");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            LayerConfigs.refuseQuantized(spec);
            boolean keras3 = spec.writer() == null || !spec.writer().isLegacy();
            int heads = c.requireInt("num_heads");
            int keyDim = c.requireInt("key_dim");
            int valueDim = c.has("value_dim") ? c.requireInt("value_dim") : keyDim;
            if (heads <= 0 || keyDim <= 0 || valueDim <= 0) {
                throw new ModelFormatException(spec.where() + ": num_heads, key_dim and value_dim must be positive, found " + heads + ", " + keyDim + ", " + valueDim);
            }
            boolean useBias = c.getBool("use_bias", true);
            boolean useGate = c.getBool("use_gate", false);
            int window = c.has("sliding_window") ? c.requireInt("sliding_window") : 0;
            boolean robust = c.getBool("softmax_robust_masking", false);
            boolean dropout = c.getDouble("dropout", 0.0) > 0.0;
            Shape[] s = inputShapes(spec, ctx);
            Shape q = s[0], v = s[1], k = s[2];
            if (q.rank() != v.rank() || q.rank() != k.rank()) {
                throw new UnsupportedFeatureException(spec.where() + ": query, key and value of different ranks are not supported, found "
                        + q + ", " + k + ", " + v);
            }
            int rank = q.rank() + 1;
            int[] axes = attentionAxes(spec, c, rank, keras3);

            String[] qe = projEquation(q.rank() - 1, 1, 2);
            String[] ke = projEquation(k.rank() - 1, 1, 2);
            String[] ve = projEquation(v.rank() - 1, 1, 2);
            EinsumDense.Analysis qa = analyze(spec, "query", qe[0], useBias ? qe[1] : null, partial(q.rank(), heads, keyDim), q);
            EinsumDense.Analysis ka = analyze(spec, "key", ke[0], useBias ? ke[1] : null, partial(k.rank(), heads, keyDim), k);
            EinsumDense.Analysis ga = useGate ? analyze(spec, "gate", qe[0], useBias ? qe[1] : null, partial(q.rank(), heads, valueDim), q) : null;
            EinsumDense.Analysis va = analyze(spec, "value", ve[0], useBias ? ve[1] : null, partial(v.rank(), heads, valueDim), v);
            int[] outShape = c.has("output_shape") ? c.getIntList("output_shape") : new int[] {q.dim(-1)};
            for (int d : outShape) {
                if (d <= 0) throw new ModelFormatException(spec.where() + ": config key 'output_shape' must hold positive sizes, found " + c.get("output_shape"));
            }
            String[] oe = projEquation(q.rank() - 1, 2, outShape.length);
            Shape oin = qa.outputShape().with(-1, valueDim);
            EinsumDense.Analysis oa = analyze(spec, "output", oe[0], useBias ? oe[1] : null,
                    partial(q.rank() - 1 + outShape.length - 1, outShape), oin);

            List<EinsumDense.Analysis> as = new ArrayList<>(List.of(qa, ka));
            List<String> names = new ArrayList<>(List.of("query", "key"));
            if (ga != null) {
                as.add(ga);
                names.add("gate");
            }
            as.addAll(List.of(va, oa));
            names.addAll(List.of("value", "attention_output"));
            List<Tensor> w = ctx.weights(decls(names, as));
            var linear = Activations.get(null, spec.writer(), spec.where());
            var sigmoid = Activations.get("sigmoid", spec.writer(), spec.where());
            List<dev.jkeras.kernel.ActivationFn> acts = new ArrayList<>();
            for (String n : names) acts.add(n.equals("gate") ? sigmoid : linear);
            List<Projection> p = projections(as, w, acts);
            Projection gp = ga != null ? p.get(2) : null;
            int off = ga != null ? 1 : 0;
            DotProductAttention att = new DotProductAttention(rank, axes, (float) (1.0 / Math.sqrt(keyDim)));
            MultiHeadAttention l = new MultiHeadAttention(spec, p.get(0), p.get(1), p.get(2 + off), gp, p.get(3 + off), att, dropout, robust, window);
            l.outputShapes(ctx.inputShapes());
            return l;
        }

        /** attention_axes resolved to projected-tensor axes in [1, rank-3] (Keras 3 counts negatives from the input's rank, tf.keras from the projected rank). */
        private static int[] attentionAxes(LayerSpec spec, Config c, int rank, boolean keras3) {
            int[] given = c.getIntList("attention_axes");
            if (given == null || given.length == 0) {
                int[] all = new int[rank - 3];
                for (int i = 0; i < all.length; i++) all[i] = i + 1;
                return all;
            }
            int[] r = new int[given.length];
            for (int i = 0; i < given.length; i++) {
                int a = given[i] >= 0 ? given[i] : keras3 ? rank - 1 + given[i] : rank + given[i];
                if (a < 1 || a > rank - 3) {
                    throw new UnsupportedFeatureException(spec.where() + ": attention_axes " + c.get("attention_axes")
                            + " includes the batch, head or feature axis for inputs of rank " + (rank - 1) + "; only axes 1.." + (rank - 3) + " are supported");
                }
                for (int j = 0; j < i; j++) {
                    if (r[j] == a) throw new ModelFormatException(spec.where() + ": attention_axes " + c.get("attention_axes") + " repeats an axis");
                }
                r[i] = a;
            }
            return r;
        }
    }
}
