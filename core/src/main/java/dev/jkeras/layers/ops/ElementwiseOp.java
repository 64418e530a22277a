// Raw Keras 3 ops recorded in a functional graph (module keras.src.ops.numpy), elementwise with numpy
// broadcasting: comparisons and logic (Keras writes the mask computations of Embedding, Masking and the
// merge layers as such nodes), arithmetic, and the *_like/Cast ops. Booleans are floats 1/0.
package dev.jkeras.layers.ops;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
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
    private final boolean toBool;

    private ElementwiseOp(LayerSpec spec, Kind kind, boolean toBool) {
        super(spec);
        this.kind = kind;
        this.where = spec.where();
        this.toBool = toBool;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        if (!kind.binary()) return List.of(inputShapes.get(0));
        Shape out = null;
        for (Shape s : inputShapes) out = out == null ? s : Operands.broadcast(out, s, where);
        return List.of(out == null ? Shape.of() : out);
    }

    @Override
    public List<Tensor> call(Call call) {
        return List.of(apply(call.inputs(), call.kwargs()));
    }

    private Tensor apply(List<Tensor> tensors, Map<String, Object> kwargs) {
        if (kind == Kind.CAST) return ArrayOps.cast(tensors.get(0), toBool ? ArrayOps.CastTo.BOOL : ArrayOps.CastTo.FLOAT, where);
        if (!kind.binary()) return unary(kind, tensors.get(0));
        List<Object> ops = Operands.of(tensors, kwargs, where);
        if (ops.size() != 2) throw new InputException(where + ": expected 2 operands, found " + ops.size());
        Tensor a = asTensor(ops.get(0)), b = asTensor(ops.get(1));
        return Operands.zip(a, b, kind.fn, where);
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
            if (kind == Kind.CAST || dtype != null) {
                if (dtype == null) throw new UnsupportedFeatureException(spec.where() + ": Cast without a dtype");
                boolean intType = dtype.startsWith("int") || dtype.startsWith("uint");
                if (kind == Kind.CAST && intType) {
                    throw new UnsupportedFeatureException(spec.where() + ": casting to " + dtype
                            + " (truncation of float values) is not supported; only float and bool casts are");
                }
            }
            return new ElementwiseOp(spec, kind, "bool".equals(dtype));
        }
    }
}
