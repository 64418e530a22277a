// The table of TensorFlow functions tf.keras op layers may call (by TF symbol): parameter names in signature
// order and the computation as TensorFlow defines it; anything not in the table is refused by name.
package dev.jkeras.layers.ops;

import dev.jkeras.error.InputException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Activations;
import dev.jkeras.kernel.IntMath;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layers.preprocessing.Resizing;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

/**
 * The TensorFlow functions tf.keras op layers may call, by their TF symbol ({@code "math.add"},
 * {@code "__operators__.getitem"}): each one's parameter names in signature order (the first is
 * the call's recorded first argument, the rest are recorded by name), its result dtype (rules in
 * {@link OpTypes}) and its computation as TensorFlow defines it, with numpy broadcasting. Integer
 * operands get integer semantics (floor division, truncating means, wrap-around, errors on division
 * by zero), computed exactly; booleans are 1/0 (see {@link DType}).
 */
final class TfFunctions {
    private TfFunctions() {}

    /** A shape rule, a computation and a dtype rule over bound arguments. */
    record Op(Function<OpArgs, List<Shape>> shapes, Function<OpArgs, List<Tensor>> run, Function<OpArgs, List<DType>> dtypes) {}

    /** One TF function: its symbol, parameter names (first = the first argument), whether that is a list, and its op. */
    record Fn(String symbol, List<String> params, boolean listFirst, Op op) {}

    private static final Map<String, Fn> TABLE = new TreeMap<>();

    /** Element-wise functions: each output element depends on the same position of the inputs only. */
    private static final java.util.Set<String> SAMPLEWISE = java.util.Set.of("__operators__.add", "math.add", "math.subtract",
            "math.multiply", "math.truediv", "math.divide", "math.divide_no_nan", "math.floordiv", "compat.v1.floor_div", "math.floormod", "math.mod",
            "math.pow", "math.maximum", "math.minimum", "math.squared_difference", "math.equal", "math.not_equal", "math.less",
            "math.less_equal", "math.greater", "math.greater_equal", "math.logical_and", "math.logical_or", "math.logical_xor",
            "math.negative", "math.abs", "math.sqrt", "math.rsqrt", "math.square", "math.log", "math.log1p", "math.expm1",
            "math.logical_not", "math.floor", "math.ceil", "math.round", "math.sign", "math.reciprocal", "math.erf", "math.exp",
            "math.sigmoid", "nn.sigmoid", "math.tanh", "nn.tanh", "math.log_sigmoid", "math.softplus", "nn.softplus",
            "nn.softsign", "math.softsign", "nn.relu", "nn.relu6", "nn.elu", "nn.selu", "identity", "ones_like", "zeros_like",
            "cast");

    /**
     * True if {@code symbol} is element-wise, so it never mixes the samples of a call; every other function is taken
     * to mix them (a reduction, softmax, reshape or slice may act on the batch axis), which is safe.
     */
    static boolean samplewise(String symbol) {
        return SAMPLEWISE.contains(symbol);
    }

    /** The function for a TF symbol, or null. */
    static Fn get(String symbol) {
        return TABLE.get(symbol);
    }

    /** Every supported symbol, sorted. */
    static List<String> symbols() {
        return Collections.unmodifiableList(new ArrayList<>(TABLE.keySet()));
    }

    private static void def(Op op, String params, boolean listFirst, String... symbols) {
        List<String> p = List.of(params.split(" "));
        for (String s : symbols) {
            if (TABLE.put(s, new Fn(s, p, listFirst, op)) != null) throw new IllegalStateException("two definitions of tf." + s);
        }
    }

    private static void def(Op op, String params, String... symbols) {
        def(op, params, false, symbols);
    }

    private static Op one(Function<OpArgs, Shape> shape, Function<OpArgs, Tensor> run, Function<OpArgs, DType> dtype) {
        return new Op(a -> List.of(shape.apply(a)), a -> List.of(run.apply(a)), a -> List.of(dtype.apply(a)));
    }

    /** An op whose result has the dtype of its argument {@code p} (values moved, not computed). */
    private static Op same(String p, Function<OpArgs, Shape> shape, Function<OpArgs, Tensor> run) {
        return one(shape, run, a -> OpTypes.common(a, p));
    }

    // ---- elementwise ---------------------------------------------------------------------------

    /**
     * Arithmetic {@code x op y}: {@code f} on floats; {@code i} the exact result on integers (wrapped to
     * the dtype and checked against ±2^24), or null if only float operands are supported; {@code steps}:
     * the function jumps at thresholds (float64 operands refused).
     */
    private static Op arith(Operands.FloatBinary f, IntBinary i, boolean steps) {
        return one(a -> Operands.broadcast(a.shape("x"), a.shape("y"), a.where()), a -> {
            DType t = arithType(a, i != null, steps);
            Operands.FloatBinary g = t.isInteger() ? exact(i, t, a.where()) : f;
            return Operands.zip(a.tensor("x"), a.tensor("y"), g, a.where());
        }, a -> arithType(a, i != null, steps));
    }

    private static DType arithType(OpArgs a, boolean ints, boolean steps) {
        DType t = OpTypes.numeric(a, OpTypes.common(a, "x", "y"));
        if (!ints) OpTypes.floatOnly(a, t);
        return steps ? OpTypes.steps(a, t) : t;
    }

    /** An exact integer function of two integers; {@code where} names the op in errors (division by zero). */
    interface IntBinary {
        long apply(long x, long y, String where);
    }

    /** {@code i} on whole-number floats, its exact long result wrapped to {@code t} and checked. */
    static Operands.FloatBinary exact(IntBinary i, DType t, String where) {
        return (x, y) -> IntMath.exact(i.apply((long) x, (long) y, where), t, where);
    }

    /** Integer division and modulo by zero raise in TensorFlow ("Integer division by zero"). */
    private static long divisor(long y, String where) {
        if (y == 0) throw new InputException(where + ": integer division by zero (TensorFlow raises \"Integer division by zero\")");
        return y;
    }

    /** x^y on integers by squaring (the long products wrap as TensorFlow's do, modulo the dtype's width). */
    private static long ipow(long x, long y, String where) {
        if (y < 0) {
            throw new InputException(where + ": integer " + x + " to the negative power " + y
                    + " (TensorFlow raises \"Integers to negative integer powers are not allowed\")");
        }
        long r = 1;
        for (long b = x, e = y; e > 0; e >>= 1, b *= b) if ((e & 1) != 0) r *= b;
        return r;
    }

    /** Comparisons: bool results; bool operands only for == and != (TensorFlow orders numbers only). */
    private static Op compare(ElementwiseOp.Kind k) {
        return one(a -> Operands.broadcast(a.shape("x"), a.shape("y"), a.where()),
                a -> Operands.zip(a.tensor("x"), a.tensor("y"), k.fn, a.where()), a -> {
                    DType t = OpTypes.steps(a, OpTypes.common(a, "x", "y"));
                    if (k != ElementwiseOp.Kind.EQUAL && k != ElementwiseOp.Kind.NOT_EQUAL) OpTypes.numeric(a, t);
                    return DType.BOOL;
                });
    }

    private static Op logical(ElementwiseOp.Kind k) {
        return one(a -> Operands.broadcast(a.shape("x"), a.shape("y"), a.where()),
                a -> Operands.zip(a.tensor("x"), a.tensor("y"), k.fn, a.where()), a -> OpTypes.bools(a, "x", "y"));
    }

    /** TensorFlow's truediv: integer operands are cast to float32 or float64 first; an integer x / 0 is ±inf or NaN. */
    private static Op trueDiv(boolean noNan) {
        return one(a -> Operands.broadcast(a.shape("x"), a.shape("y"), a.where()), a -> {
            DType t = OpTypes.common(a, "x", "y");
            Operands.FloatBinary f = t.isInteger() ? (x, y) -> noNan && y == 0f ? 0f : (float) ((double) x / y)
                    : noNan ? (x, y) -> y == 0f ? 0f : x / y : ElementwiseOp.Kind.TRUE_DIVIDE.fn;
            return Operands.zip(a.tensor("x"), a.tensor("y"), f, a.where());
        }, a -> OpTypes.trueDiv(a, OpTypes.common(a, "x", "y")));
    }

    /** A float function of one float. */
    private interface FloatUnary {
        float apply(float x);
    }

    private static Tensor map(Tensor x, FloatUnary f) {
        float[] d = x.data();
        float[] y = new float[d.length];
        for (int i = 0; i < d.length; i++) y[i] = f.apply(d[i]);
        return Tensor.of(x.shape(), y);
    }

    /** {@code f} on floats, {@code i} (exact, wrapped, checked) on integers or null for float operands only; {@code steps} as {@link #arith}. */
    private static Op unary(String p, FloatUnary f, LongUnaryOperator i, boolean steps) {
        return one(a -> a.shape(p), a -> {
            DType t = unaryType(a, p, i != null, steps);
            if (!t.isInteger()) return map(a.tensor(p), f);
            String w = a.where();
            return map(a.tensor(p), v -> IntMath.exact(i.applyAsLong((long) v), t, w));
        }, a -> unaryType(a, p, i != null, steps));
    }

    private static Op unary(String p, FloatUnary f) {
        return unary(p, f, null, false);
    }

    private static DType unaryType(OpArgs a, String p, boolean ints, boolean steps) {
        DType t = OpTypes.numeric(a, OpTypes.common(a, p));
        if (!ints) OpTypes.floatOnly(a, t);
        return steps ? OpTypes.steps(a, t) : t;
    }

    private static Op activation(String p, ActivationFn fn) {
        return one(a -> a.shape(p), a -> fn.apply(a.tensor(p)), a -> OpTypes.floatOnly(a, OpTypes.common(a, p)));
    }

    /** An activation TensorFlow also runs on integers (relu, relu6), with exact integer results. */
    private static Op activation(String p, ActivationFn fn, LongUnaryOperator i) {
        Op ints = unary(p, null, i, false);
        return new Op(ints.shapes(), a -> OpTypes.common(a, p).isInteger() ? ints.run().apply(a) : List.of(fn.apply(a.tensor(p))),
                ints.dtypes());
    }

    private static final ActivationFn SIGMOID = Activations.byName("sigmoid", null);
    static final IntBinary ADD = (x, y, w) -> x + y;

    private static Tensor silu(Tensor x, double beta) {
        if (beta == 1.0) return Activations.byName("silu", null).apply(x);
        Tensor s = SIGMOID.apply(map(x, v -> (float) (beta * v)));
        return Operands.zip(x, s, ElementwiseOp.Kind.MULTIPLY.fn, "silu");
    }

    static {
        def(arith(ElementwiseOp.Kind.ADD.fn, ADD, false), "x y name", "__operators__.add", "math.add");
        def(arith(ElementwiseOp.Kind.SUBTRACT.fn, (x, y, w) -> x - y, false), "x y name", "math.subtract");
        def(arith(ElementwiseOp.Kind.MULTIPLY.fn, (x, y, w) -> x * y, false), "x y name", "math.multiply");
        def(trueDiv(false), "x y name", "math.truediv", "math.divide");
        def(trueDiv(true), "x y name", "math.divide_no_nan");
        def(arith((x, y) -> (float) Math.floor(x / y), (x, y, w) -> Math.floorDiv(x, divisor(y, w)), true),
                "x y name", "compat.v1.floor_div", "math.floordiv");
        def(arith(TfFunctions::floorMod, (x, y, w) -> Math.floorMod(x, divisor(y, w)), true), "x y name", "math.floormod", "math.mod");
        def(arith((x, y) -> (float) Math.pow(x, y), TfFunctions::ipow, false), "x y name", "math.pow");
        def(arith(ElementwiseOp.Kind.MAXIMUM.fn, (x, y, w) -> Math.max(x, y), false), "x y name", "math.maximum");
        def(arith(ElementwiseOp.Kind.MINIMUM.fn, (x, y, w) -> Math.min(x, y), false), "x y name", "math.minimum");
        def(arith((x, y) -> (x - y) * (x - y), (x, y, w) -> (x - y) * (x - y), false), "x y name", "math.squared_difference");
        def(compare(ElementwiseOp.Kind.EQUAL), "x y name", "math.equal");
        def(compare(ElementwiseOp.Kind.NOT_EQUAL), "x y name", "math.not_equal");
        def(compare(ElementwiseOp.Kind.LESS), "x y name", "math.less");
        def(compare(ElementwiseOp.Kind.LESS_EQUAL), "x y name", "math.less_equal");
        def(compare(ElementwiseOp.Kind.GREATER), "x y name", "math.greater");
        def(compare(ElementwiseOp.Kind.GREATER_EQUAL), "x y name", "math.greater_equal");
        def(logical(ElementwiseOp.Kind.LOGICAL_AND), "x y name", "math.logical_and");
        def(logical(ElementwiseOp.Kind.LOGICAL_OR), "x y name", "math.logical_or");
        def(logical(ElementwiseOp.Kind.LOGICAL_XOR), "x y name", "math.logical_xor");

        def(unary("x", x -> -x, x -> -x, false), "x name", "math.negative");
        def(unary("x", Math::abs, Math::abs, false), "x name", "math.abs");
        def(unary("x", x -> (float) Math.sqrt(x)), "x name", "math.sqrt");
        def(unary("x", x -> (float) (1.0 / Math.sqrt(x))), "x name", "math.rsqrt");
        def(unary("x", x -> x * x, x -> x * x, false), "x name", "math.square");
        def(unary("x", x -> (float) Math.log(x)), "x name", "math.log");
        def(unary("x", x -> (float) Math.log1p(x)), "x name", "math.log1p");
        def(unary("x", x -> (float) Math.expm1(x)), "x name", "math.expm1");
        def(one(a -> a.shape("x"), a -> ElementwiseOp.unary(ElementwiseOp.Kind.LOGICAL_NOT, a.tensor("x")), a -> OpTypes.bools(a, "x")),
                "x name", "math.logical_not");
        def(unary("x", x -> (float) Math.floor(x), null, true), "x name", "math.floor");
        def(unary("x", x -> (float) Math.ceil(x), null, true), "x name", "math.ceil");
        def(unary("x", x -> (float) Math.rint(x), x -> x, true), "x name", "math.round");
        def(unary("x", Math::signum, Long::signum, true), "x name", "math.sign");
        def(unary("x", x -> 1f / x), "x name", "math.reciprocal");
        def(unary("x", x -> (float) Activations.erf(x)), "x name", "math.erf");
        def(activation("x", Activations.byName("exponential", null)), "x name", "math.exp");
        def(activation("x", SIGMOID), "x name", "math.sigmoid", "nn.sigmoid");
        def(activation("x", Activations.byName("tanh", null)), "x name", "math.tanh", "nn.tanh");
        def(activation("x", Activations.byName("log_sigmoid", null)), "x name", "math.log_sigmoid");
        def(activation("features", Activations.byName("softplus", null)), "features name", "math.softplus", "nn.softplus");
        def(activation("features", Activations.byName("softsign", null)), "features name", "nn.softsign", "math.softsign");
        def(activation("features", Activations.byName("relu", null), x -> Math.max(x, 0)), "features name", "nn.relu");
        def(activation("features", Activations.byName("relu6", null), x -> Math.min(Math.max(x, 0), 6)), "features name", "nn.relu6");
        def(activation("features", Activations.byName("elu", null)), "features name", "nn.elu");
        def(activation("features", Activations.byName("selu", null)), "features name", "nn.selu");
        def(one(a -> {
            a.number("beta", 1.0);
            return a.shape("features");
        }, a -> silu(a.tensor("features"), a.number("beta", 1.0)), a -> OpTypes.floatOnly(a, OpTypes.common(a, "features"))),
                "features beta name", "nn.silu", "nn.swish");
        def(one(a -> {
            a.flag("approximate", false);
            return a.shape("features");
        }, a -> (a.flag("approximate", false) ? Activations.geluTanh() : Activations.byName("gelu", null)).apply(a.tensor("features")),
                a -> OpTypes.floatOnly(a, OpTypes.common(a, "features"))), "features approximate name", "nn.gelu");
        // TensorFlow's leaky_relu casts integer features to float32 first
        def(one(a -> {
            a.number("alpha", 0.2);
            return a.shape("features");
        }, a -> Activations.leakyRelu((float) a.number("alpha", 0.2)).apply(a.tensor("features")), a -> {
            DType t = OpTypes.numeric(a, OpTypes.common(a, "features"));
            return t.isFloat() ? t : DType.FLOAT32;
        }), "features alpha name", "nn.leaky_relu");
        def(same("input", a -> a.shape("input"), a -> a.tensor("input")), "input name", "identity");
        def(one(a -> a.shape("input"), a -> ElementwiseOp.unary(ElementwiseOp.Kind.ONES_LIKE, a.tensor("input")),
                a -> OpTypes.named(a, "dtype", OpTypes.common(a, "input"))), "input dtype name", "ones_like");
        def(one(a -> a.shape("input"), a -> ElementwiseOp.unary(ElementwiseOp.Kind.ZEROS_LIKE, a.tensor("input")),
                a -> OpTypes.named(a, "dtype", OpTypes.common(a, "input"))), "input dtype name", "zeros_like");
        def(one(a -> softmaxAxis(a, a.shape("logits")).outputShape(a.shape("logits")),
                a -> softmaxAxis(a, a.tensor("logits").shape()).apply(a.tensor("logits")), a -> OpTypes.floatOnly(a, OpTypes.common(a, "logits"))),
                "logits axis name", "nn.softmax", "math.softmax");
        def(one(a -> logSoftmaxAxis(a, a.shape("logits")).outputShape(a.shape("logits")),
                a -> logSoftmaxAxis(a, a.tensor("logits").shape()).apply(a.tensor("logits")), a -> OpTypes.floatOnly(a, OpTypes.common(a, "logits"))),
                "logits axis name", "nn.log_softmax", "math.log_softmax");
        def(one(a -> {
            l2Axes(a, a.shape("x").rank());
            a.number("epsilon", 1e-12);
            return a.shape("x");
        }, TfFunctions::l2Normalize, a -> OpTypes.floatOnly(a, OpTypes.common(a, "x"))),
                "x axis epsilon name dim", "math.l2_normalize", "nn.l2_normalize", "linalg.l2_normalize");
        def(one(a -> a.shape("x"), a -> IntMath.cast(a.tensor("x"), OpTypes.common(a, "x"), castTarget(a), a.where()), TfFunctions::castTarget),
                "x dtype name", "cast");
        def(one(a -> clip(a, a.shape("t"), a.shape("clip_value_min"), a.shape("clip_value_max")),
                a -> clip(a, a.tensor("t"), a.tensor("clip_value_min"), a.tensor("clip_value_max")),
                a -> OpTypes.numeric(a, OpTypes.common(a, "t", "clip_value_min", "clip_value_max"))),
                "t clip_value_min clip_value_max name", "clip_by_value");
        def(one(a -> {
            if (!a.has("x") || !a.has("y")) throw a.unsupported("tf.where without x and y (it returns the indices of true values)");
            return Operands.broadcast(Operands.broadcast(a.shape("condition"), a.shape("x"), a.where()), a.shape("y"), a.where());
        }, a -> Operands.select(a.tensor("condition"), a.tensor("x"), a.tensor("y"), a.where()), a -> {
            OpTypes.bools(a, "condition");
            return OpTypes.common(a, "x", "y");
        }), "condition x y name", "where");
        def(one(a -> Operands.broadcast(a.shape("value"), biasShape(a, a.shape("value"), a.shape("bias")), a.where()), a -> {
            DType t = OpTypes.common(a, "value", "bias");
            Tensor bias = a.tensor("bias").reshape(biasShape(a, a.tensor("value").shape(), a.tensor("bias").shape()));
            return Operands.zip(a.tensor("value"), bias, t.isInteger() ? exact(ADD, t, a.where()) : ElementwiseOp.Kind.ADD.fn, a.where());
        }, a -> OpTypes.numeric(a, OpTypes.common(a, "value", "bias"))), "value bias data_format name", "nn.bias_add");
        def(new Op(a -> {
            List<Shape> in = shapes(a, "inputs");
            Shape s = in.get(0);
            for (Shape x : in) if (!x.compatibleWith(s)) throw a.unsupported("add_n of different shapes " + in);
            return List.of(s);
        }, a -> {
            List<Tensor> in = tensors(a, "inputs");
            DType t = OpTypes.commonOfList(a, "inputs");
            Operands.FloatBinary add = t.isInteger() ? exact(ADD, t, a.where()) : ElementwiseOp.Kind.ADD.fn;
            Tensor sum = in.get(0);
            for (int i = 1; i < in.size(); i++) {
                if (!in.get(i).shape().equals(sum.shape())) {
                    throw new InputException(a.where() + ": add_n of different shapes " + sum.shape() + " and " + in.get(i).shape());
                }
                sum = Operands.zip(sum, in.get(i), add, a.where());
            }
            return List.of(sum);
        }, a -> List.of(OpTypes.numeric(a, OpTypes.commonOfList(a, "inputs")))), "inputs name", true, "math.add_n");
    }

    private static float floorMod(float x, float y) {
        float r = x % y;
        return r != 0 && (y < 0) != (r < 0) ? r + y : r;
    }

    private static ActivationFn softmaxAxis(OpArgs a, Shape s) {
        return Activations.softmax(ArrayOps.axis(a.integer("axis", -1), s.rank(), a.where()) - s.rank());
    }

    private static ActivationFn logSoftmaxAxis(OpArgs a, Shape s) {
        return Activations.logSoftmax(ArrayOps.axis(a.integer("axis", -1), s.rank(), a.where()) - s.rank());
    }

    /** cast's target dtype; casting float64 values (held at float32 precision) to an integer or bool is refused. */
    private static DType castTarget(OpArgs a) {
        if (!a.has("dtype")) throw a.unsupported("cast without a dtype");
        DType to = OpTypes.named(a, "dtype", null), from = OpTypes.common(a, "x");
        if (IntMath.changesValues(from, to)) OpTypes.steps(a, from);
        return to;
    }

    /** bias_add's bias (a vector) shaped to broadcast along the channel axis: the last, or axis 1 for data_format "NC...". */
    private static Shape biasShape(OpArgs a, Shape value, Shape bias) {
        String f = a.string("data_format", "NHWC");
        if (bias.rank() != 1 || value.rank() < 2) throw a.unsupported("bias of shape " + bias + " for a value of shape " + value);
        if (!f.startsWith("N")) throw a.unsupported("data_format " + f);
        if (!f.startsWith("NC")) return bias;
        int[] d = new int[value.rank() - 1];
        java.util.Arrays.fill(d, 1);
        d[0] = bias.dim(0);
        return Shape.of(d);
    }

    /** TensorFlow's clip_by_value: maximum(minimum(t, max), min), which must keep t's shape. */
    private static Shape clip(OpArgs a, Shape t, Shape lo, Shape hi) {
        Shape out = Operands.broadcast(Operands.broadcast(t, hi, a.where()), lo, a.where());
        if (out.rank() != t.rank()) throw a.unsupported("clip bounds of shapes " + lo + ", " + hi + " broaden " + t);
        return out;
    }

    private static Tensor clip(OpArgs a, Tensor t, Tensor lo, Tensor hi) {
        return Operands.zip(Operands.zip(t, hi, ElementwiseOp.Kind.MINIMUM.fn, a.where()), lo, ElementwiseOp.Kind.MAXIMUM.fn, a.where());
    }

    /** l2_normalize's axes: {@code axis}, else the deprecated {@code dim}, else all. */
    private static int[] l2Axes(OpArgs a, int rank) {
        int[] axes = a.has("axis") ? a.ints("axis") : a.ints("dim");
        if (axes != null) for (int ax : axes) ArrayOps.axis(ax, rank, a.where());
        return axes;
    }

    /** x · rsqrt(max(Σx², ε)) over the axes, as TensorFlow computes it. */
    private static Tensor l2Normalize(OpArgs a) {
        Tensor x = a.tensor("x");
        Tensor sq = ReduceOp.reduce(map(x, v -> v * v), ReduceOp.Kind.SUM, l2Axes(a, x.rank()), true, a.where());
        float eps = (float) a.number("epsilon", 1e-12);
        Tensor inv = map(sq, v -> (float) (1.0 / Math.sqrt(Math.max(v, eps))));
        return Operands.zip(x, inv, ElementwiseOp.Kind.MULTIPLY.fn, a.where());
    }

    static List<Shape> shapes(OpArgs a, String p) {
        List<Shape> out = new ArrayList<>();
        for (Object v : a.list(p)) out.add(a.shapeOf(v));
        if (out.isEmpty()) throw a.unsupported("an empty list for '" + p + "'");
        return out;
    }

    static List<Tensor> tensors(OpArgs a, String p) {
        List<Tensor> out = new ArrayList<>();
        for (Object v : a.list(p)) out.add(a.tensorOf(v));
        return out;
    }

    // ---- reductions ----------------------------------------------------------------------------

    private enum Reduction { PLAIN, LOGSUMEXP, VARIANCE, STD, EUCLIDEAN }

    private static Op reduce(ReduceOp.Kind kind, Reduction how) {
        return one(a -> ReduceOp.shape(a.shape("input_tensor"), a.ints("axis"), a.flag("keepdims", false), a.where()),
                a -> reduce(a, kind, how), a -> reduceType(a, kind, how));
    }

    /** Any/All take bools; sum, mean, prod, max, min keep a numeric dtype (integers exactly); the others need floats. */
    private static DType reduceType(OpArgs a, ReduceOp.Kind kind, Reduction how) {
        if (kind == ReduceOp.Kind.ANY || kind == ReduceOp.Kind.ALL) return OpTypes.bools(a, "input_tensor");
        DType t = OpTypes.numeric(a, OpTypes.common(a, "input_tensor"));
        return how == Reduction.PLAIN ? t : OpTypes.floatOnly(a, t);
    }

    private static Tensor reduce(OpArgs a, ReduceOp.Kind kind, Reduction how) {
        Tensor x = a.tensor("input_tensor");
        int[] axes = a.ints("axis");
        boolean keep = a.flag("keepdims", false);
        String w = a.where();
        switch (how) {
            case PLAIN -> {
                DType t = OpTypes.common(a, "input_tensor");
                return t.isInteger() ? ReduceOp.reduceInt(x, kind, axes, keep, t, w) : ReduceOp.reduce(x, kind, axes, keep, w);
            }
            case LOGSUMEXP -> {
                // log Σ exp(x − m) + m with m the (finite) max, as TensorFlow's reduce_logsumexp
                Tensor m = map(ReduceOp.reduce(x, ReduceOp.Kind.MAX, axes, true, w), v -> Float.isInfinite(v) ? 0f : v);
                Tensor e = map(Operands.zip(x, m, ElementwiseOp.Kind.SUBTRACT.fn, w), v -> (float) Math.exp(v));
                Tensor s = map(ReduceOp.reduce(e, ReduceOp.Kind.SUM, axes, keep, w), v -> (float) Math.log(v));
                return Operands.zip(s, m.reshape(s.shape()), ElementwiseOp.Kind.ADD.fn, w);
            }
            case EUCLIDEAN -> {
                return map(ReduceOp.reduce(map(x, v -> v * v), ReduceOp.Kind.SUM, axes, keep, w), v -> (float) Math.sqrt(v));
            }
            default -> {
                Tensor mean = ReduceOp.reduce(x, ReduceOp.Kind.MEAN, axes, true, w);
                Tensor dev = map(Operands.zip(x, mean, ElementwiseOp.Kind.SUBTRACT.fn, w), v -> v * v);
                Tensor var = ReduceOp.reduce(dev, ReduceOp.Kind.MEAN, axes, keep, w);
                return how == Reduction.STD ? map(var, v -> (float) Math.sqrt(v)) : var;
            }
        }
    }

    /** argmax/argmin: the index dtype is output_type (int64 by default); float64 inputs are refused (rounding may create ties). */
    private static Op argExtreme(boolean max) {
        return one(a -> {
            Shape s = a.shape("input");
            return ArrayOps.drop(s, ArrayOps.axis(a.integer("axis", 0), s.rank(), a.where()));
        }, a -> {
            Tensor x = a.tensor("input");
            return ArrayOps.argExtreme(x, ArrayOps.axis(a.integer("axis", 0), x.rank(), a.where()), max, a.where());
        }, a -> {
            OpTypes.steps(a, OpTypes.numeric(a, OpTypes.common(a, "input")));
            DType out = OpTypes.named(a, "output_type", DType.INT64);
            if (out != DType.INT32 && out != DType.INT64) throw a.unsupported("output_type " + out.keras() + " (int32 and int64 are supported)");
            return out;
        });
    }

    static {
        String r = "input_tensor axis keepdims name";
        def(reduce(ReduceOp.Kind.SUM, Reduction.PLAIN), r, "math.reduce_sum");
        def(reduce(ReduceOp.Kind.MEAN, Reduction.PLAIN), r, "math.reduce_mean");
        def(reduce(ReduceOp.Kind.MAX, Reduction.PLAIN), r, "math.reduce_max");
        def(reduce(ReduceOp.Kind.MIN, Reduction.PLAIN), r, "math.reduce_min");
        def(reduce(ReduceOp.Kind.PROD, Reduction.PLAIN), r, "math.reduce_prod");
        def(reduce(ReduceOp.Kind.ANY, Reduction.PLAIN), r, "math.reduce_any");
        def(reduce(ReduceOp.Kind.ALL, Reduction.PLAIN), r, "math.reduce_all");
        def(reduce(null, Reduction.LOGSUMEXP), r, "math.reduce_logsumexp");
        def(reduce(null, Reduction.VARIANCE), r, "math.reduce_variance");
        def(reduce(null, Reduction.STD), r, "math.reduce_std");
        def(reduce(null, Reduction.EUCLIDEAN), r, "math.reduce_euclidean_norm");
        def(argExtreme(true), "input axis output_type name", "math.argmax");
        def(argExtreme(false), "input axis output_type name", "math.argmin");
    }

    // ---- shapes and slices ---------------------------------------------------------------------

    private static int[] perm(OpArgs a, int rank) {
        int[] p = a.ints("perm");
        if (p == null) {
            p = new int[rank];
            for (int i = 0; i < rank; i++) p[i] = rank - 1 - i;
        }
        if (p.length != rank) throw a.unsupported("perm " + java.util.Arrays.toString(p) + " for rank " + rank);
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = ArrayOps.axis(p[i], rank, a.where());
            if (seen[p[i]]) throw a.unsupported("perm " + java.util.Arrays.toString(a.ints("perm")) + " repeats an axis");
            seen[p[i]] = true;
        }
        return p;
    }

    private static int[] squeezeAxes(OpArgs a) {
        return a.has("axis") ? a.ints("axis") : a.ints("squeeze_dims");
    }

    private static int[][] paddings(OpArgs a) {
        Object v = a.raw("paddings");
        if (!(v instanceof List<?> rows)) throw a.unsupported("paddings " + v);
        int[][] p = new int[rows.size()][2];
        for (int i = 0; i < p.length; i++) {
            if (!(rows.get(i) instanceof List<?> pair) || pair.size() != 2 || dev.jkeras.layer.Config.asInt(pair.get(0)) == null
                    || dev.jkeras.layer.Config.asInt(pair.get(1)) == null) {
                throw a.unsupported("paddings " + v + " (expected [[before, after], ...])");
            }
            p[i][0] = dev.jkeras.layer.Config.asInt(pair.get(0));
            p[i][1] = dev.jkeras.layer.Config.asInt(pair.get(1));
        }
        return p;
    }

    private static ArrayOps.PadMode padMode(OpArgs a) {
        String m = a.string("mode", "CONSTANT").toUpperCase(java.util.Locale.ROOT);
        try {
            return ArrayOps.PadMode.valueOf(m);
        } catch (IllegalArgumentException e) {
            throw a.unsupported("pad mode " + m);
        }
    }

    private static int[] splitSizes(OpArgs a, Shape s, boolean runtime) {
        int axis = ArrayOps.axis(a.integer("axis", 0), s.rank(), a.where());
        Object n = a.raw("num_or_size_splits");
        boolean parts = n instanceof Number;
        return ArrayOps.splitSizes(s.dim(axis), parts ? a.integer("num_or_size_splits", 0) : null,
                parts ? null : a.ints("num_or_size_splits"), runtime, a.where());
    }

    private static int unstackCount(OpArgs a, Shape s) {
        int axis = ArrayOps.axis(a.integer("axis", 0), s.rank(), a.where());
        int n = a.integer("num", s.dim(axis));
        if (n == Shape.UNKNOWN) throw a.unsupported("unstack along axis " + axis + " of unknown size " + s + " without 'num'");
        return n;
    }

    static {
        def(same("tensor", a -> ArrayOps.reshape(a.shape("tensor"), a.ints("shape"), a.where()),
                a -> a.tensor("tensor").reshape(ArrayOps.reshape(a.tensor("tensor").shape(), a.ints("shape"), a.where()))),
                "tensor shape name", "reshape");
        def(same("a", a -> Transpose.permuteShape(a.shape("a"), perm(a, a.shape("a").rank())),
                a -> Transpose.permute(a.tensor("a"), perm(a, a.tensor("a").rank()))),
                "a perm conjugate name", "transpose", "compat.v1.transpose");
        def(same("input", a -> ShapeOp.expandDims(a.shape("input"), new int[] {a.integer("axis", 0)}, a.where()),
                a -> a.tensor("input").reshape(ShapeOp.expandDims(a.tensor("input").shape(), new int[] {a.integer("axis", 0)}, a.where()))),
                "input axis name", "expand_dims");
        def(same("input", a -> ShapeOp.squeeze(a.shape("input"), squeezeAxes(a), a.where()),
                a -> a.tensor("input").reshape(ShapeOp.squeeze(a.tensor("input").shape(), squeezeAxes(a), a.where()))),
                "input axis name squeeze_dims", "squeeze", "compat.v1.squeeze");
        def(one(a -> ShapeOp.concatShape(shapes(a, "values"), a.integer("axis", 0), a.where()),
                a -> ShapeOp.concat(tensors(a, "values"), a.integer("axis", 0), a.where()), a -> OpTypes.commonOfList(a, "values")),
                "values axis name", true, "concat");
        def(one(a -> ArrayOps.stackShape(shapes(a, "values"), a.integer("axis", 0), a.where()),
                a -> ArrayOps.stack(tensors(a, "values"), a.integer("axis", 0), a.where()), a -> OpTypes.commonOfList(a, "values")),
                "values axis name", true, "stack");
        def(new Op(a -> {
            Shape s = a.shape("value");
            int axis = ArrayOps.axis(a.integer("axis", 0), s.rank(), a.where());
            return Collections.nCopies(unstackCount(a, s), ArrayOps.drop(s, axis));
        }, a -> {
            Tensor x = a.tensor("value");
            int axis = ArrayOps.axis(a.integer("axis", 0), x.rank(), a.where());
            int n = unstackCount(a, x.shape());
            if (n != x.dim(axis)) {
                throw new dev.jkeras.error.InputException(a.where() + ": unstack into " + n + " parts of axis " + axis + " of " + x.shape());
            }
            int[] ones = new int[n];
            java.util.Arrays.fill(ones, 1);
            List<Tensor> out = new ArrayList<>();
            for (Tensor t : ArrayOps.split(x, axis, ones)) out.add(t.reshape(ArrayOps.drop(t.shape(), axis)));
            return out;
        }, a -> List.of(OpTypes.common(a, "value"))), "value num axis name", "unstack");
        def(new Op(a -> {
            Shape s = a.shape("value");
            int axis = ArrayOps.axis(a.integer("axis", 0), s.rank(), a.where());
            if (a.has("num") && a.raw("num_or_size_splits") instanceof List<?> l && l.size() != a.integer("num", 0)) {
                throw a.unsupported("num " + a.raw("num") + " differs from the number of split sizes " + l.size());
            }
            List<Shape> out = new ArrayList<>();
            for (int size : splitSizes(a, s, false)) out.add(s.with(axis, size));
            return out;
        }, a -> {
            Tensor x = a.tensor("value");
            return ArrayOps.split(x, ArrayOps.axis(a.integer("axis", 0), x.rank(), a.where()), splitSizes(a, x.shape(), true));
        }, a -> List.of(OpTypes.common(a, "value"))), "value num_or_size_splits axis num name", "split");
        def(same("input", a -> ArrayOps.tileShape(a.shape("input"), a.ints("multiples"), a.where()), a -> {
            Tensor x = a.tensor("input");
            return ArrayOps.gather(x, ArrayOps.tileShape(x.shape(), a.ints("multiples"), a.where()), null, null, 0f);
        }), "input multiples name", "tile");
        def(one(a -> {
            a.number("constant_values", 0);
            return ArrayOps.padShape(a.shape("tensor"), paddings(a), padMode(a), a.where());
        }, a -> {
            Tensor x = a.tensor("tensor");
            ArrayOps.PadMode mode = padMode(a);
            return ArrayOps.gather(x, ArrayOps.padShape(x.shape(), paddings(a), mode, a.where()), paddings(a), mode,
                    (float) a.number("constant_values", 0));
        }, a -> OpTypes.common(a, "tensor", "constant_values")), "tensor paddings mode constant_values name", "pad", "compat.v1.pad");
        def(one(a -> ArrayOps.matmulShape(a.shape("a"), a.shape("b"), transposed(a, "a"), transposed(a, "b"), a.where()),
                a -> ArrayOps.matmul(a.tensor("a"), a.tensor("b"), transposed(a, "a"), transposed(a, "b"), a.where()),
                a -> OpTypes.floatOnly(a, OpTypes.common(a, "a", "b"))),
                "a b transpose_a transpose_b adjoint_a adjoint_b a_is_sparse b_is_sparse output_type grad_a grad_b name", "linalg.matmul");
        def(same("tensor", a -> getitem(a).outputShape(a.shape("tensor"), a.where()), a -> getitem(a).apply(a.tensor("tensor"), a.where())),
                "tensor slice_spec var", "__operators__.getitem");
        def(one(a -> {
            int[] size = resizeTo(a, a.shape("images"));
            return a.shape("images").with(1, size[0]).with(2, size[1]);
        }, a -> {
            Tensor x = a.tensor("images");
            int[] size = resizeTo(a, x.shape());
            return Resizing.tfImageResize(x, size[0], size[1], a.string("method", "bilinear"));
        }, a -> {
            // tf.image.resize gives float32, except nearest-neighbour, which keeps the dtype
            DType t = OpTypes.numeric(a, OpTypes.common(a, "images"));
            return a.string("method", "bilinear").equals("nearest") ? t : DType.FLOAT32;
        }), "images size method preserve_aspect_ratio antialias name", "image.resize");
        def(same("input", a -> depthToSpace(a.shape("input"), block(a, a.shape("input"), true)),
                a -> depthToSpace(a.tensor("input"), block(a, a.tensor("input").shape(), true))),
                "input block_size data_format name", "nn.depth_to_space");
        def(same("input", a -> spaceToDepth(a.shape("input"), block(a, a.shape("input"), false)),
                a -> spaceToDepth(a.tensor("input"), block(a, a.tensor("input").shape(), false))),
                "input block_size data_format name", "nn.space_to_depth");
        def(one(a -> oneHotShape(a, a.shape("indices")), TfFunctions::oneHot, TfFunctions::oneHotType),
                "indices depth on_value off_value axis dtype name", "one_hot");
    }

    /** depth_to_space / space_to_depth (NHWC): the block size, checked against the input shape. */
    private static int block(OpArgs a, Shape s, boolean toSpace) {
        if (!a.string("data_format", "NHWC").equals("NHWC")) throw a.unsupported("data_format " + a.raw("data_format") + " (NHWC only)");
        if (s.rank() != 4) throw a.unsupported("an input of rank " + s.rank() + " (NHWC images only)");
        int b = a.integer("block_size", 0);
        if (b < 2) throw a.unsupported("block_size " + a.raw("block_size"));
        int[] divisible = toSpace ? new int[] {s.dim(3)} : new int[] {s.dim(1), s.dim(2)};
        int by = toSpace ? b * b : b;
        for (int d : divisible) {
            if (d != Shape.UNKNOWN && d % by != 0) {
                throw new dev.jkeras.error.InputException(a.where() + ": block_size " + b + " does not fit the input shape " + s);
            }
        }
        return b;
    }

    private static Shape depthToSpace(Shape s, int b) {
        return Shape.of(s.dim(0), times(s.dim(1), b), times(s.dim(2), b), s.dim(3) == Shape.UNKNOWN ? Shape.UNKNOWN : s.dim(3) / (b * b));
    }

    private static Shape spaceToDepth(Shape s, int b) {
        return Shape.of(s.dim(0), s.dim(1) == Shape.UNKNOWN ? Shape.UNKNOWN : s.dim(1) / b, s.dim(2) == Shape.UNKNOWN ? Shape.UNKNOWN : s.dim(2) / b,
                times(s.dim(3), b * b));
    }

    private static int times(int d, int f) {
        return d == Shape.UNKNOWN ? Shape.UNKNOWN : d * f;
    }

    /** (B, H, W, b·b·C) → (B, H·b, W·b, C): depth index (i·b + j)·C + c moves to row h·b + i, column w·b + j. */
    private static Tensor depthToSpace(Tensor x, int b) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3) / (b * b);
        Tensor t = Transpose.permute(x.reshape(n, h, w, b, b, c), 0, 1, 3, 2, 4, 5);
        return t.reshape(n, h * b, w * b, c);
    }

    private static Tensor spaceToDepth(Tensor x, int b) {
        int n = x.dim(0), h = x.dim(1) / b, w = x.dim(2) / b, c = x.dim(3);
        Tensor t = Transpose.permute(x.reshape(n, h, b, w, b, c), 0, 1, 3, 2, 4, 5);
        return t.reshape(n, h, w, b * b * c);
    }

    /** one_hot's output axis for indices of rank {@code rank} (-1: last). */
    private static int oneHotAxis(OpArgs a, int rank) {
        int axis = a.integer("axis", -1);
        if (axis == -1) return rank;
        if (axis < 0 || axis > rank) throw a.unsupported("axis " + axis + " for indices of rank " + rank);
        return axis;
    }

    /**
     * one_hot's dtype: {@code dtype}, else that of a given on_value or off_value (a Python int is int32), else
     * float32. The indices must be integers, as TensorFlow requires.
     */
    private static DType oneHotType(OpArgs a) {
        DType in = OpTypes.common(a, "indices");
        if (!in.isInteger()) throw a.unsupported("indices of dtype " + in.keras() + " (TensorFlow takes integer indices)");
        Object v = a.has("on_value") ? a.raw("on_value") : a.raw("off_value");
        DType t = OpTypes.named(a, "dtype", v instanceof Number n && !(n instanceof Double || n instanceof Float) ? DType.INT32 : DType.FLOAT32);
        if (!t.isFloat() && t != DType.INT32 && t != DType.INT64) throw a.unsupported("dtype " + t.keras());
        if (t.isInteger()) for (String p : List.of("on_value", "off_value")) if (a.has(p)) OpTypes.checkConstant(a, a.raw(p), t);
        return t;
    }

    private static Shape oneHotShape(OpArgs a, Shape indices) {
        int depth = a.integer("depth", -1);
        if (depth < 0) throw a.unsupported("depth " + a.raw("depth"));
        a.number("on_value", 1);
        a.number("off_value", 0);
        int axis = oneHotAxis(a, indices.rank());
        int[] d = new int[indices.rank() + 1];
        for (int i = 0, j = 0; i < d.length; i++) d[i] = i == axis ? depth : indices.dim(j++);
        return Shape.of(d);
    }

    /** on_value where the index equals the position along the new axis (indices outside [0, depth) match none), else off_value. */
    private static Tensor oneHot(OpArgs a) {
        Tensor idx = a.tensor("indices");
        Shape out = oneHotShape(a, idx.shape());
        int depth = a.integer("depth", 0), axis = oneHotAxis(a, idx.rank());
        float on = (float) a.number("on_value", 1), off = (float) a.number("off_value", 0);
        int outer = idx.shape().sub(0, axis).size(), inner = idx.shape().sizeFrom(axis);
        float[] y = new float[out.size()];
        java.util.Arrays.fill(y, off);
        float[] d = idx.data();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                float v = d[o * inner + i];
                if (v >= 0 && v < depth) y[(o * depth + (int) v) * inner + i] = on;
            }
        }
        return Tensor.of(out, y);
    }

    /** tf.image.resize's target size; refuses what tf.keras's Resizing does not run the same way. */
    private static int[] resizeTo(OpArgs a, Shape images) {
        if (images.rank() != 4) throw a.unsupported("resizing a rank-" + images.rank() + " tensor (a batch of NHWC images is supported)");
        int[] size = a.ints("size");
        if (size == null || size.length != 2 || size[0] < 1 || size[1] < 1) throw a.unsupported("size " + a.raw("size"));
        String m = a.string("method", "bilinear");
        if (!Resizing.isTfResizeMethod(m)) throw a.unsupported("method " + m);
        if (a.flag("preserve_aspect_ratio", false)) throw a.unsupported("preserve_aspect_ratio=True");
        if (a.flag("antialias", false)) throw a.unsupported("antialias=True");
        return size;
    }

    /** matmul's transpose flag for one operand ({@code adjoint} is the same for real numbers); refuses other options. */
    private static boolean transposed(OpArgs a, String operand) {
        boolean t = a.flag("transpose_" + operand, false), adj = a.flag("adjoint_" + operand, false);
        if (t && adj) throw a.unsupported("both transpose_" + operand + " and adjoint_" + operand + " set");
        a.flag(operand + "_is_sparse", false); // a hint for TensorFlow's kernel choice, same result
        a.flag("grad_" + operand, false);
        if (a.raw("output_type") != null) throw a.unsupported("output_type " + a.raw("output_type"));
        return t || adj;
    }

    private static StridedSlice getitem(OpArgs a) {
        if (a.has("var")) throw a.unsupported("slicing a variable");
        if (a.raw("slice_spec") instanceof Boolean) throw a.unsupported("a boolean index (boolean_mask)");
        return StridedSlice.ofPythonIndex(a.raw("slice_spec"), a.where());
    }
}
