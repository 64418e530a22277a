// Raw Keras 3 ops recorded in a functional graph (module keras.src.ops.numpy), elementwise with numpy
// broadcasting: comparisons and logic (Keras writes the mask computations of Embedding, Masking and the
// merge layers as such nodes), arithmetic, and the *_like/Cast ops. Result dtypes follow Keras 3's promotion
// (OpTypes.kerasResult); integers are computed exactly (wrapping), booleans are floats 1/0 (bool + bool is "or").
package dev.jkeras.layers.ops;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.IntMath;
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
import java.util.Map;

/** An elementwise Keras op with one or two operands (tensors or constants). */
public final class ElementwiseOp extends Layer {
    /** The supported ops: their Keras class name, arity and function. */
    public enum Kind {
        NOT_EQUAL("NotEqual", (a, b) -> a != b ? 1f : 0f),
        EQUAL("Equal", (a, b) -> a == b ? 1f : 0f),
        GREATER("Greater", (a, b) -> a > b ? 1f : 0f),
        GREATER_EQUAL("GreaterEqual", (a, b) -> a >= b ? 1f : 0f),
        LESS("Less", (a, b) -> a < b ? 1f : 0f),
        LESS_EQUAL("LessEqual", (a, b) -> a <= b ? 1f : 0f),
        LOGICAL_AND("LogicalAnd", (a, b) -> a != 0 && b != 0 ? 1f : 0f),
        LOGICAL_OR("LogicalOr", (a, b) -> a != 0 || b != 0 ? 1f : 0f),
        LOGICAL_XOR("LogicalXor", (a, b) -> (a != 0) != (b != 0) ? 1f : 0f),
        ADD("Add", (a, b) -> a + b),
        SUBTRACT("Subtract", (a, b) -> a - b),
        MULTIPLY("Multiply", (a, b) -> a * b),
        TRUE_DIVIDE("TrueDivide", (a, b) -> a / b),
        DIVIDE("Divide", (a, b) -> a / b),
        MAXIMUM("Maximum", (a, b) -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.max(a, b)),
        MINIMUM("Minimum", (a, b) -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.min(a, b)),
        LOGICAL_NOT("LogicalNot", null),
        ZEROS_LIKE("ZerosLike", null),
        ONES_LIKE("OnesLike", null),
        CAST("Cast", null);

        final String kerasName;
        final Operands.FloatBinary fn;

        Kind(String kerasName, Operands.FloatBinary fn) {
            this.kerasName = kerasName;
            this.fn = fn;
        }

        boolean binary() {
            return fn != null;
        }
    }

    private final Kind kind;
    private final String where;
    private final DType configDType; // Cast's target, ZerosLike/OnesLike's dtype; null if none

    private ElementwiseOp(LayerSpec spec, Kind kind, DType configDType) {
        super(spec);
        this.kind = kind;
        this.where = spec.where();
        this.configDType = configDType;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        if (!kind.binary()) return List.of(inputShapes.get(0));
        Shape out = null;
        for (Shape s : inputShapes) out = out == null ? s : Operands.broadcast(out, s, where);
        return List.of(out == null ? Shape.of() : out);
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, Map<String, List<DType>> tensorKwargDTypes, Map<String, Object> kwargs, int outputCount) {
        if (in.contains(DType.STRING)) return null;
        return List.of(resultType(in, kwargs));
    }

    /**
     * The result dtype by Keras 3's rules ({@link OpTypes#kerasResult}) for operands of {@code in} and
     * the constants in {@code kwargs}; refuses what jkeras does not reproduce.
     */
    private DType resultType(List<DType> in, Map<String, Object> kwargs) {
        switch (kind) {
            case CAST -> {
                if (IntMath.changesValues(in.get(0), configDType) && in.get(0) == DType.FLOAT64) throw float64(kind.kerasName);
                return configDType;
            }
            case ZEROS_LIKE, ONES_LIKE -> {
                return configDType != null ? configDType : in.get(0);
            }
            case LOGICAL_NOT, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR -> {
                if (in.contains(DType.FLOAT64)) throw float64(kind.kerasName);
                return DType.BOOL;
            }
            default -> { }
        }
        if (isComparison()) {
            if (in.contains(DType.FLOAT64)) throw float64(kind.kerasName);
            return DType.BOOL;
        }
        List<Object> constants = new ArrayList<>();
        for (Object o : Operands.of(in, kwargs, where)) if (!(o instanceof DType)) constants.add(o);
        DType t = OpTypes.kerasResult(in, constants, kind == Kind.TRUE_DIVIDE || kind == Kind.DIVIDE, where);
        if (t.isInteger()) for (Object c : constants) OpTypes.checkConstant(c, t, where);
        if (t == DType.BOOL && kind == Kind.SUBTRACT) {
            throw new UnsupportedFeatureException(where + ": Subtract of bool tensors (Keras and numpy reject it)");
        }
        return t;
    }

    private boolean isComparison() {
        return switch (kind) {
            case NOT_EQUAL, EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL -> true;
            default -> false;
        };
    }

    private UnsupportedFeatureException float64(String op) {
        return float64(where, op);
    }

    /** A refusal of an op that jumps at thresholds (comparisons, nonzero tests, casts to integers) on a float64 operand. */
    static UnsupportedFeatureException float64(String where, String op) {
        return new UnsupportedFeatureException(where + ": " + op + " of a float64 tensor: jkeras holds float64 values at float32 "
                + "precision, and this op jumps at thresholds, so the rounding could change its result (cast to float32 first)");
    }

    @Override
    public List<Tensor> call(Call call) {
        List<Tensor> tensors = call.inputs();
        List<DType> types = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) types.add(call.inputDType(i));
        DType t = resultType(types, call.kwargs());
        if (kind == Kind.CAST) return List.of(IntMath.cast(tensors.get(0), types.get(0), t, where));
        if (!kind.binary()) return List.of(unary(kind, tensors.get(0)));
        List<Object> ops = Operands.of(tensors, call.kwargs(), where);
        if (ops.size() != 2) throw new InputException(where + ": expected 2 operands, found " + ops.size());
        Operands.FloatBinary f = kind.fn;
        if (t == DType.BOOL && kind == Kind.ADD) f = Kind.LOGICAL_OR.fn; // numpy adds bools as "or"
        else if (t.isInteger()) f = switch (kind) {
            case ADD -> TfFunctions.exact(TfFunctions.ADD, t, where);
            case SUBTRACT -> TfFunctions.exact((x, y, w) -> x - y, t, where);
            case MULTIPLY -> TfFunctions.exact((x, y, w) -> x * y, t, where);
            default -> f; // maximum, minimum: exact in float
        };
        return List.of(Operands.zip(asTensor(ops.get(0)), asTensor(ops.get(1)), f, where));
    }

    /** LOGICAL_NOT, ZEROS_LIKE or ONES_LIKE of {@code x}. */
    static Tensor unary(Kind kind, Tensor x) {
        float[] y = new float[x.size()];
        float[] d = x.data();
        switch (kind) {
            case LOGICAL_NOT -> { for (int i = 0; i < y.length; i++) y[i] = d[i] == 0 ? 1f : 0f; }
            case ONES_LIKE -> java.util.Arrays.fill(y, 1f);
            case ZEROS_LIKE -> { }
            default -> throw new IllegalArgumentException(kind + " is not a unary op");
        }
        return Tensor.of(x.shape(), y);
    }

    private Tensor asTensor(Object o) {
        return o instanceof Tensor t ? t : Operands.constant(o, where);
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
            String dtype = spec.config().getString("dtype", null);
            if (kind == Kind.CAST && dtype == null) throw new UnsupportedFeatureException(spec.where() + ": Cast without a dtype");
            DType t = dtype == null ? null : DType.forName(dtype);
            if (dtype != null && (t == null || t == DType.STRING)) {
                throw new UnsupportedFeatureException(spec.where() + ": dtype " + dtype + " is not supported (supported: float32, float64, "
                        + "int8/16/32/64, uint8/16/32/64, bool; jkeras computes in float32, so half-precision rounding is not reproduced)");
            }
            return new ElementwiseOp(spec, kind, t);
        }
    }
}
