// TensorFlowOpLayer (tf.keras 2.0-2.3): a raw TensorFlow op recorded as a NodeDef (op name, attrs) with its constant
// inputs by position in `constants`; the layer's tensors fill the other positions in order. Each supported op is
// bound to the TensorFlow function TFOpLambda uses for it (one implementation), StridedSlice to the slicing kernel.
package dev.jkeras.layers.ops;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A tf.keras {@code TensorFlowOpLayer}: one TensorFlow op with constant inputs. */
public final class TensorFlowOpLayer extends Layer {
    /**
     * How a NodeDef op maps to a TensorFlow function: the parameter each input position binds to
     * ({@code "*values"}: all but the last input form the list parameter {@code values};
     * {@code "**values"}: all inputs do) and the attrs copied to parameters.
     */
    private record Binding(String symbol, List<String> inputs, Map<String, String> attrs) {}

    private static final Map<String, Binding> OPS = new TreeMap<>();

    private static void op(String symbol, String inputs, String attrs, String... ops) {
        Map<String, String> a = new LinkedHashMap<>();
        if (!attrs.isEmpty()) {
            for (String kv : attrs.split(" ")) {
                String[] p = kv.split("=");
                a.put(p[0], p[1]);
            }
        }
        if (TfFunctions.get(symbol) == null) throw new IllegalStateException("no TF function " + symbol);
        for (String o : ops) OPS.put(o, new Binding(symbol, List.of(inputs.split(" ")), a));
    }

    static {
        op("math.add", "x y", "", "AddV2", "Add");
        op("math.subtract", "x y", "", "Sub");
        op("math.multiply", "x y", "", "Mul");
        op("math.truediv", "x y", "", "RealDiv");
        op("math.floordiv", "x y", "", "FloorDiv");
        op("math.floormod", "x y", "", "FloorMod");
        op("math.pow", "x y", "", "Pow");
        op("math.maximum", "x y", "", "Maximum");
        op("math.minimum", "x y", "", "Minimum");
        op("math.squared_difference", "x y", "", "SquaredDifference");
        op("math.equal", "x y", "", "Equal");
        op("math.not_equal", "x y", "", "NotEqual");
        op("math.less", "x y", "", "Less");
        op("math.less_equal", "x y", "", "LessEqual");
        op("math.greater", "x y", "", "Greater");
        op("math.greater_equal", "x y", "", "GreaterEqual");
        op("math.logical_and", "x y", "", "LogicalAnd");
        op("math.logical_or", "x y", "", "LogicalOr");
        op("math.logical_not", "x", "", "LogicalNot");
        op("math.negative", "x", "", "Neg");
        op("math.abs", "x", "", "Abs");
        op("math.sqrt", "x", "", "Sqrt");
        op("math.rsqrt", "x", "", "Rsqrt");
        op("math.square", "x", "", "Square");
        op("math.exp", "x", "", "Exp");
        op("math.log", "x", "", "Log");
        op("math.floor", "x", "", "Floor");
        op("math.ceil", "x", "", "Ceil");
        op("math.round", "x", "", "Round");
        op("math.sign", "x", "", "Sign");
        op("math.reciprocal", "x", "", "Reciprocal");
        op("math.sigmoid", "x", "", "Sigmoid");
        op("math.tanh", "x", "", "Tanh");
        op("math.erf", "x", "", "Erf");
        op("nn.relu", "features", "", "Relu");
        op("nn.relu6", "features", "", "Relu6");
        op("nn.elu", "features", "", "Elu");
        op("nn.selu", "features", "", "Selu");
        op("math.softplus", "features", "", "Softplus");
        op("nn.softsign", "features", "", "Softsign");
        op("nn.leaky_relu", "features", "alpha=alpha", "LeakyRelu");
        op("nn.softmax", "logits", "", "Softmax");
        op("nn.log_softmax", "logits", "", "LogSoftmax");
        op("identity", "input", "", "Identity");
        op("math.reduce_mean", "input_tensor axis", "keep_dims=keepdims", "Mean");
        op("math.reduce_sum", "input_tensor axis", "keep_dims=keepdims", "Sum");
        op("math.reduce_max", "input_tensor axis", "keep_dims=keepdims", "Max");
        op("math.reduce_min", "input_tensor axis", "keep_dims=keepdims", "Min");
        op("math.reduce_prod", "input_tensor axis", "keep_dims=keepdims", "Prod");
        op("math.reduce_any", "input_tensor axis", "keep_dims=keepdims", "Any");
        op("math.reduce_all", "input_tensor axis", "keep_dims=keepdims", "All");
        op("math.argmax", "input axis", "output_type=output_type", "ArgMax");
        op("math.argmin", "input axis", "output_type=output_type", "ArgMin");
        op("concat", "*values axis", "", "ConcatV2");
        op("stack", "**values", "axis=axis", "Pack");
        op("math.add_n", "**inputs", "", "AddN");
        op("reshape", "tensor shape", "", "Reshape");
        op("transpose", "a perm", "", "Transpose");
        op("expand_dims", "input axis", "", "ExpandDims");
        op("squeeze", "input", "squeeze_dims=axis", "Squeeze");
        op("tile", "input multiples", "", "Tile");
        op("pad", "tensor paddings", "", "Pad");
        op("pad", "tensor paddings constant_values", "", "PadV2");
        op("pad", "tensor paddings", "mode=mode", "MirrorPad");
        op("cast", "x", "DstT=dtype", "Cast");
        op("clip_by_value", "t clip_value_min clip_value_max", "", "ClipByValue");
        op("nn.bias_add", "value bias", "data_format=data_format", "BiasAdd");
        op("nn.depth_to_space", "input", "block_size=block_size data_format=data_format", "DepthToSpace");
        op("nn.space_to_depth", "input", "block_size=block_size data_format=data_format", "SpaceToDepth");
        op("one_hot", "indices depth on_value off_value", "axis=axis T=dtype", "OneHot");
        op("where", "condition x y", "", "SelectV2");
        op("linalg.matmul", "a b", "transpose_a=transpose_a transpose_b=transpose_b", "MatMul");
        op("linalg.matmul", "a b", "adj_x=adjoint_a adj_y=adjoint_b", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3");
    }

    private static final List<String> SLICE_ATTRS = List.of("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask");

    private final String where;
    private final Binding binding; // null for StridedSlice
    private final TfFunctions.Fn fn;
    private final Map<String, Object> attrArgs;
    private final Map<String, Object> constants; // "#<position>" -> value
    private final int[] sliceMasks;

    /** Only element-wise ops are known not to mix the samples of a call. */
    @Override
    public boolean mixesSamples() {
        return fn == null || !TfFunctions.samplewise(fn.symbol());
    }

    private TensorFlowOpLayer(LayerSpec spec, String op, Binding binding, Map<String, Object> attrArgs, Map<String, Object> constants,
                              int[] sliceMasks) {
        super(spec);
        this.where = spec.where() + " running TensorFlow op " + op;
        this.binding = binding;
        this.fn = binding == null ? null : TfFunctions.get(binding.symbol());
        this.attrArgs = attrArgs;
        this.constants = constants;
        this.sliceMasks = sliceMasks;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        List<Object> in = Operands.of(inputShapes, constants, where);
        if (binding == null) return List.of(slice(in).outputShape(shapeOf(in.get(0)), where));
        return fn.op().shapes().apply(bind(in, null));
    }

    /** The result dtypes of the bound TensorFlow function ({@link OpTypes}); StridedSlice keeps its input's. */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        if (in.contains(DType.STRING)) return null;
        List<Object> bound = Operands.of(in, constants, where);
        if (binding == null) {
            if (!(bound.get(0) instanceof DType t)) throw new ModelFormatException(where + ": the sliced input is a constant, not a tensor");
            return List.of(t);
        }
        List<DType> out = fn.op().dtypes().apply(bind(bound, bound));
        return out.size() == 1 && outputCount > 1 ? Collections.nCopies(outputCount, out.get(0)) : out;
    }

    @Override
    public List<Tensor> call(Call call) {
        List<Object> in = Operands.of(call.inputs(), constants, where);
        if (binding == null) return List.of(slice(in).apply(tensorOf(in.get(0)), where));
        List<Object> types = null; // float32 tensors only: the dtype rules' default, nothing to bind
        for (int i = 0; i < call.inputs().size() && types == null; i++) {
            if (call.inputDType(i) != DType.FLOAT32) {
                types = new ArrayList<>(in.size());
                int t = 0;
                for (Object o : in) types.add(o instanceof Tensor ? call.inputDType(t++) : null);
            }
        }
        return fn.op().run().apply(bind(in, types));
    }

    private Shape shapeOf(Object v) {
        return v instanceof Shape s ? s : v instanceof Tensor t ? t.shape() : Operands.constant(v, where).shape();
    }

    private Tensor tensorOf(Object v) {
        return v instanceof Tensor t ? t : Operands.constant(v, where);
    }

    /** Binds the op's inputs to the function's parameters; {@code types}: the same inputs with dtypes for tensors (null: unknown). */
    private OpArgs bind(List<Object> in, List<Object> types) {
        Map<String, Object> v = new HashMap<>(attrArgs);
        Map<String, Object> t = new HashMap<>();
        List<String> names = binding.inputs();
        if (names.get(0).startsWith("**")) {
            v.put(names.get(0).substring(2), in);
            if (types != null) t.put(names.get(0).substring(2), typesOf(types));
        } else if (names.get(0).startsWith("*")) {
            if (in.size() < 2) throw new ModelFormatException(where + ": expected values and an axis, found " + in.size() + " inputs");
            v.put(names.get(0).substring(1), new ArrayList<>(in.subList(0, in.size() - 1)));
            v.put(names.get(1), in.get(in.size() - 1));
            if (types != null) t.put(names.get(0).substring(1), typesOf(types.subList(0, in.size() - 1)));
        } else {
            if (in.size() != names.size()) {
                throw new ModelFormatException(where + ": expected " + names.size() + " inputs " + names + ", found " + in.size());
            }
            for (int i = 0; i < names.size(); i++) {
                v.put(names.get(i), in.get(i));
                if (types != null && types.get(i) instanceof DType d) t.put(names.get(i), d);
            }
        }
        return new OpArgs(where, v, t, in == types);
    }

    private static List<Object> typesOf(List<Object> bound) {
        List<Object> out = new ArrayList<>();
        for (Object o : bound) out.add(o instanceof DType ? o : null);
        return out;
    }

    private StridedSlice slice(List<Object> in) {
        if (in.size() != 4) throw new ModelFormatException(where + ": expected 4 inputs (input, begin, end, strides), found " + in.size());
        int[][] bes = new int[3][];
        for (int i = 0; i < 3; i++) {
            OpArgs a = new OpArgs(where, Map.of("v", in.get(i + 1) == null ? List.of() : in.get(i + 1)));
            bes[i] = a.ints("v");
        }
        return new StridedSlice(bes[0], bes[1], bes[2], sliceMasks[0], sliceMasks[1], sliceMasks[2], sliceMasks[3], sliceMasks[4], where);
    }

    // ---- NodeDef attrs (protobuf JSON: {"b": true}, {"i": "3"}, {"f": 0.2}, {"type": "DT_FLOAT"}, {"list": {"i": [...]}}, {"s": base64})

    private static Object attrValue(Object attr, String where) {
        if (!(attr instanceof Map<?, ?> m)) throw new ModelFormatException(where + ": NodeDef attr should be an object, found " + attr);
        if (m.containsKey("b")) return m.get("b");
        if (m.containsKey("i")) return number(m.get("i"), where);
        if (m.containsKey("f")) return m.get("f");
        if (m.containsKey("type")) return dtype(String.valueOf(m.get("type")), where);
        if (m.containsKey("s")) return new String(Base64.getDecoder().decode(String.valueOf(m.get("s"))), java.nio.charset.StandardCharsets.UTF_8);
        if (m.containsKey("list")) {
            Object l = m.get("list");
            List<Object> out = new ArrayList<>();
            if (l instanceof Map<?, ?> lm && lm.get("i") instanceof List<?> is) for (Object o : is) out.add(number(o, where));
            else if (l instanceof Map<?, ?> lm && !lm.isEmpty()) throw new UnsupportedFeatureException(where + ": NodeDef list attr " + l);
            return out;
        }
        throw new UnsupportedFeatureException(where + ": NodeDef attr " + attr + " is not supported");
    }

    private static Long number(Object v, String where) {
        try {
            return Long.parseLong(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new ModelFormatException(where + ": NodeDef integer attr " + v + " is not an integer");
        }
    }

    /** A NodeDef DataType as a TensorFlow dtype name. */
    private static String dtype(String t, String where) {
        return switch (t) {
            case "DT_FLOAT" -> "float32";
            case "DT_DOUBLE" -> "float64";
            case "DT_INT32" -> "int32";
            case "DT_INT64" -> "int64";
            case "DT_BOOL" -> "bool";
            case "DT_HALF" -> "float16";
            case "DT_BFLOAT16" -> "bfloat16";
            default -> t.startsWith("DT_") ? t.substring(3).toLowerCase(java.util.Locale.ROOT) : t;
        };
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("TensorFlowOpLayer");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Config nodeDef = c.getConfig("node_def");
            if (nodeDef == null) throw new ModelFormatException(spec.where() + ": config has no 'node_def'");
            String op = nodeDef.requireString("op");
            String where = spec.where() + " running TensorFlow op " + op;
            Config attrs = nodeDef.getConfig("attr");
            Map<String, Object> attr = new HashMap<>();
            if (attrs != null) for (Map.Entry<String, Object> e : attrs.asMap().entrySet()) attr.put(e.getKey(), e.getValue());
            for (String key : List.of("T", "SrcT", "DstT")) {
                Object t = attr.get(key);
                String dt = t == null ? null : String.valueOf(attrValue(t, where));
                if (dt != null && List.of("float16", "bfloat16").contains(dt)) {
                    throw new UnsupportedFeatureException(where + ": computing in " + dt + " is not supported (jkeras computes in float32)");
                }
            }
            Map<String, Object> constants = new HashMap<>();
            Config cs = c.getConfig("constants");
            if (cs != null) {
                for (Map.Entry<String, Object> e : cs.asMap().entrySet()) {
                    Object v = LayerConfigs.unwrapNumpy(e.getValue()); // tf_keras 2.21 json/.keras; TF 2.0-2.3 wrote plain lists
                    try {
                        constants.put("#" + Integer.parseInt(e.getKey()), v);
                    } catch (NumberFormatException ex) {
                        throw new ModelFormatException(where + ": constants key '" + e.getKey() + "' is not an input position");
                    }
                }
            }
            if (op.equals("StridedSlice")) {
                int[] masks = new int[SLICE_ATTRS.size()];
                for (int i = 0; i < masks.length; i++) {
                    Object a = attr.get(SLICE_ATTRS.get(i));
                    masks[i] = a == null ? 0 : ((Long) attrValue(a, where)).intValue();
                }
                return check(new TensorFlowOpLayer(spec, op, null, Map.of(), constants, masks), ctx);
            }
            Binding b = OPS.get(op);
            if (b == null) {
                throw new UnsupportedFeatureException(where + ": the TensorFlow op '" + op + "' recorded by tf.keras is not supported "
                        + "(supported: " + String.join(", ", OPS.keySet()) + ", StridedSlice)");
            }
            Map<String, Object> args = new HashMap<>();
            for (Map.Entry<String, String> e : b.attrs().entrySet()) {
                Object a = attr.get(e.getKey());
                if (a != null) args.put(e.getValue(), attrValue(a, where));
            }
            return check(new TensorFlowOpLayer(spec, op, b, args, constants, null), ctx);
        }

        private static Layer check(TensorFlowOpLayer l, BuildContext ctx) {
            l.outputShapes(ctx.inputShapes());
            return l;
        }
    }
}
