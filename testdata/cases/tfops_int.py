"""Integer and bool tensors through raw ops. tf.keras op layers (TFOpLambda, TensorFlowOpLayer) compute on
int32/int64/uint8/int8 and bool tensors with TensorFlow's own semantics: truncating integer means, floor division
and floormod of negative numbers, wrap-around of narrow integer types, truediv of integers in float64, comparisons
giving bools, argmax giving int64 indices that feed further ops. One keras3 case does the same with Keras 3 op
nodes (keras.ops on symbolic tensors), whose promotion rules differ (the mean of integers is a float mean)."""

from . import case
from .tfops import _tf_op_layer

TF = ("tfkeras",)


@case("tfops_int", writers=TF, int_high={"i": 7})
def build_tfops_int(K, ctx):
    import tensorflow as tf
    i = K.Input(shape=(5,), name="i", dtype="int32")
    x = K.Input(shape=(5,), name="x")
    f = lambda t: tf.cast(t, "float32")  # noqa: E731
    t = tf.cast(x * 3.0, "int32")          # truncation toward zero
    outs = [
        f(i + 1), f(i * 2 - 3), f(i // 3), f(i % 3), f(-i // 2), i / 2, f(i) * x, f(t), f(t // 2), f(t % 4),
        f(tf.math.maximum(i, 3)), f(tf.math.reduce_sum(i, axis=-1)), f(tf.cast(x * 2.5, "int64")),
        f(tf.cast(x, "bool")), f(i > 2), f(tf.math.abs(t - 1)), f(i ** 2), f(tf.math.reduce_max(t, axis=1)),
    ]
    return K.Model([i, x], outs, name=ctx.case)


@case("tfops_int_reduce", writers=TF, int_high={"i": 11})
def build_tfops_int_reduce(K, ctx):
    # Integer reductions: TensorFlow's mean of integers is the sum divided by the count, truncated toward zero
    # (negative means round up); sums and products stay integers. Outputs keep their integer dtypes.
    import tensorflow as tf
    i = K.Input(shape=(3, 4), name="i", dtype="int32")
    j = i - 5                                            # values in [-5, 5]
    m = tf.math
    j64 = tf.cast(j, "int64")
    return K.Model(i, [
        m.reduce_mean(j, axis=1), m.reduce_mean(j, axis=-1, keepdims=True), m.reduce_mean(j), m.reduce_mean(j, axis=[1, 2]),
        m.reduce_mean(j64 * 7, axis=2), m.reduce_sum(j, axis=2), m.reduce_sum(j), m.reduce_prod(j, axis=1),
        m.reduce_max(j, axis=1), m.reduce_min(j, axis=[1, 2], keepdims=True),
        tf.cast(m.reduce_mean(j, axis=2), "float32") * 0.5, m.reduce_mean(tf.cast(j, "float32"), axis=2),
    ], name=ctx.case)


@case("tfops_int_divmod", writers=TF, int_high={"i": 9, "k": 4})
def build_tfops_int_divmod(K, ctx):
    # Floor division and floormod of integers (negative operands, tensor and constant divisors), truediv of
    # integers (float64 result; int8 gives float32), divide_no_nan (0 where the divisor is 0), integer powers,
    # and the unary functions TensorFlow runs on integers.
    import tensorflow as tf
    i = K.Input(shape=(6,), name="i", dtype="int32")
    k = K.Input(shape=(6,), name="k", dtype="int32")     # [0, 4): a divisor after + 1, a zero divisor for divide_no_nan
    j = i - 4                                            # [-4, 4]
    d = k + 1
    m = tf.math
    return K.Model([i, k], [
        j // 3, j % 3, j // -4, j % -4, j // d, j % -d, m.floordiv(j, d), m.floormod(-j, d), m.floordiv(7, d),
        j / d, m.truediv(j, 3), m.divide(j, d) * 2.0 + 0.25, tf.cast(j / d, "float32"), m.divide_no_nan(j, k),
        tf.cast(j, "int8") / 3, j ** 2, m.pow(j, 3), m.pow(2, d), m.squared_difference(j, d),
        m.abs(j), m.negative(j), m.sign(j), m.square(j), m.round(j), tf.nn.relu(j), tf.nn.relu6(j * 2), tf.nn.leaky_relu(j),
        m.maximum(j, d), m.minimum(j, -1), tf.clip_by_value(j, -2, 3), tf.math.add_n([j, d, j]), tf.nn.bias_add(j, [1, 2, 3, 4, 5, 6]),
    ], name=ctx.case)


@case("tfops_int_bool", writers=TF, int_high={"i": 9, "k": 4})
def build_tfops_int_bool(K, ctx):
    # Comparisons give bool tensors; bools feed logical ops, where, reductions, casts, and are model outputs.
    import tensorflow as tf
    i = K.Input(shape=(6,), name="i", dtype="int32")
    k = K.Input(shape=(6,), name="k", dtype="int32")
    x = K.Input(shape=(6,), name="x")
    j = i - 4
    m = tf.math
    pos = j > 0
    return K.Model([i, k, x], [
        pos, m.equal(j, k), m.not_equal(j, 0), j <= k, m.less(j, -1), m.greater_equal(j, k - 2),
        m.logical_and(pos, k > 1), m.logical_or(pos, m.equal(k, 0)), m.logical_not(pos), m.logical_xor(pos, k > 2),
        m.equal(pos, k > 2), m.reduce_any(pos, axis=-1), m.reduce_all(k < 3, axis=1, keepdims=True),
        tf.where(pos, j, -j), tf.where(j < k, x, 0.0), tf.cast(pos, "int32") + j, tf.cast(j, "bool"),
        tf.cast(m.logical_not(m.equal(j, 0)), "float32") * x, tf.cast(x > 0.0, "int64") * 3,
    ], name=ctx.case)


@case("tfops_int_argmax", writers=TF, int_high={"i": 5})
def build_tfops_int_argmax(K, ctx):
    # argmax/argmin give int64 (or output_type) indices that feed integer arithmetic, one_hot, comparisons,
    # reductions, shape ops and an Embedding; integer tensors through concat, stack, reshape, transpose, pad, slicing.
    import tensorflow as tf
    x = K.Input(shape=(4, 5), name="x")
    i = K.Input(shape=(4,), name="i", dtype="int32")
    L, m = K.layers, tf.math
    a = m.argmax(x, axis=-1)                                   # int64 (batch, 4), in [0, 5)
    a32 = m.argmin(x, axis=1, output_type="int32")             # int32 (batch, 5), in [0, 4)
    both = tf.concat([tf.cast(a, "int32"), i], axis=1)         # int32 (batch, 8)
    return K.Model([x, i], [
        a, a + 1, a * 2 - 3, a // 2, a % 3, m.equal(tf.cast(a, "int32"), i), tf.one_hot(a, 5), tf.one_hot(a32, 4, on_value=3, off_value=-1),
        tf.cast(a, "float32") * 0.5, m.reduce_sum(a, axis=1), m.reduce_mean(a, axis=1), m.reduce_max(a32, axis=-1),
        both, tf.stack([a32[:, :4], i], axis=-1), tf.reshape(both, [-1, 2, 4]), tf.transpose(tf.reshape(both, [-1, 2, 4]), [0, 2, 1]),
        tf.pad(i, [[0, 0], [1, 2]], constant_values=-7), tf.expand_dims(a32, 1), tf.tile(i, [1, 2]), both[:, 2:5], tf.squeeze(both[:, None, :], 1),
        L.Flatten(name="flat_int")(tf.reshape(both, [-1, 2, 4])) // 2,
        L.Embedding(5, 3, name="emb_argmax")(a),
        tf.split(both, 2, axis=1)[1] % 4, tf.unstack(tf.reshape(both, [-1, 2, 4]), axis=1)[0] * 3,
    ], name=ctx.case)


@case("tfops_int_wrap", writers=TF, int_high={"u": 256, "b": 100, "s": 1000})
def build_tfops_int_wrap(K, ctx):
    # Narrow integer types wrap around as TensorFlow's do (uint8 250 + 10 is 4), in arithmetic, reductions and
    # casts between integer types; jkeras computes the exact result and wraps it.
    import tensorflow as tf
    u = K.Input(shape=(4,), name="u", dtype="uint8")
    b = K.Input(shape=(4,), name="b", dtype="int8")
    s = K.Input(shape=(4,), name="s", dtype="int16")
    m = tf.math
    return K.Model([u, b, s], [
        u + 200, u * 3, u - 100, m.reduce_sum(u, axis=1), m.reduce_mean(u, axis=1), m.reduce_prod(u, axis=1), u // 7, u / 4,
        b * 20, b + 100, -b, b - 120, m.reduce_sum(b, axis=-1), m.abs(b - 110),
        s * 300, s * s, m.reduce_sum(s * 40, axis=1),
        tf.cast(s, "uint8"), tf.cast(s * 37, "int8"), tf.cast(u, "int8"), tf.cast(b, "uint8"), tf.cast(u, "int32") * 300,
    ], name=ctx.case)


@case("tfops_int_tensorflow_op_layer", writers=TF, int_high={"i": 9})
def build_tfops_int_tensorflow_op_layer(K, ctx):
    # TF 2.0-2.3 NodeDef op layers on int32 tensors (attr T DT_INT32): floor division and floormod, the truncating
    # Mean, Sum, ArgMax with output_type, Cast to int32, comparisons, OneHot with an integer T.
    import tensorflow as tf
    i = K.Input(shape=(3, 4), name="i", dtype="int32")
    x = K.Input(shape=(3, 4), name="x")
    TI = {"T": {"type": "DT_INT32"}}
    idx = {"Tidx": {"type": "DT_INT32"}}

    def op(name, op_type, args, constants=None, attr=None):
        n = len(args) + len(constants or {})
        return _tf_op_layer(K, name, op_type, ["in%d" % q for q in range(n)], constants, attr or TI)(args if len(args) > 1 else args[0])

    j = op("Sub", "Sub", [i], {1: 4})
    return K.Model([i, x], [
        op("FloorDiv", "FloorDiv", [j], {1: 3}), op("FloorMod", "FloorMod", [j], {1: -3}), op("Mean", "Mean", [j], {1: [2]}, dict(TI, **idx)),
        op("Mean_1", "Mean", [j], {1: [1, 2]}, dict(TI, keep_dims={"b": True}, **idx)), op("Sum", "Sum", [j], {1: [1]}, dict(TI, **idx)),
        op("ArgMax", "ArgMax", [x], {1: 2}, {"T": {"type": "DT_FLOAT"}, "Tidx": {"type": "DT_INT32"}, "output_type": {"type": "DT_INT32"}}),
        op("Cast", "Cast", [op("Mul", "Mul", [x], {1: 3.0}, {"T": {"type": "DT_FLOAT"}})],
           attr={"SrcT": {"type": "DT_FLOAT"}, "DstT": {"type": "DT_INT32"}, "Truncate": {"b": False}}),
        op("Greater", "Greater", [j], {1: 0}), op("AddV2", "AddV2", [j, i]), op("Neg", "Neg", [j]),
        op("OneHot", "OneHot", [i], {1: 9, 2: 5, 3: 0}, {"T": {"type": "DT_INT32"}, "TI": {"type": "DT_INT32"}, "axis": {"i": "-1"}}),
        op("RealDiv", "RealDiv", [tf.cast(j, "float32")], {1: 2.0}, {"T": {"type": "DT_FLOAT"}}),
    ], name=ctx.case)


@case("ops_int_k3", writers=("keras3",), int_high={"i": 9})
def build_ops_int_k3(K, ctx):
    # Keras 3 op nodes on int32 and bool tensors: integer arithmetic stays integer, true division and the mean
    # of integers give float32, sums of bools count, bool + bool is "or", casts to int32 truncate.
    L, o = K.layers, K.ops
    i = K.Input(shape=(2, 5), name="i", dtype="int32")
    x = K.Input(shape=(2, 5), name="x")
    j = o.subtract(i, 4)
    pos = o.greater(j, 0)
    return K.Model([i, x], [
        o.add(j, 3), o.multiply(j, j), o.subtract(7, j), o.maximum(j, -2), o.minimum(j, i),
        o.true_divide(j, 4), o.divide(j, i), o.add(j, 0.5), o.multiply(j, x),
        o.sum(j, axis=-1), o.mean(j, axis=1), o.max(j, axis=[1, 2]), o.min(j, axis=2, keepdims=True),
        pos, o.not_equal(j, 0), o.add(pos, o.less(j, -2)), o.multiply(pos, o.greater(i, 2)), o.sum(pos, axis=2),
        o.mean(pos, axis=2), o.any(j, axis=1), o.all(pos, axis=2), o.logical_or(pos, o.equal(j, -4)),
        o.cast(o.multiply(x, 3.0), "int32"), o.cast(j, "bool"), o.cast(pos, "int32"), o.cast(j, "float32"), o.zeros_like(j),
        o.ones_like(pos), o.expand_dims(j, 1), o.squeeze(o.expand_dims(j, -1), -1),
        L.Concatenate(name="cat_int")([j, i]), L.Flatten(name="flat_bool")(pos),
    ], name=ctx.case)


@case("int_nested_cast", int_high={"i": 9})
def build_int_nested_cast(K, ctx):
    # A nested model whose input is declared int32, called with float tensors: Keras casts them to int32
    # (truncating toward zero) before the nested graph runs; its integer floor division then sees the truncated
    # values. Also an int32 tensor into a nested model declared float32 (a plain cast).
    x = K.Input(shape=(4,), name="x")
    i = K.Input(shape=(4,), name="i", dtype="int32")
    ti = K.Input(shape=(4,), name="t", dtype="int32")
    if ctx.writer == "keras3":
        o = K.ops
        inner = K.Model(ti, o.multiply(o.add(ti, 1), 3), name="inner_int")
    else:
        import tensorflow as tf
        inner = K.Model(ti, (ti + 1) * 3 // 2, name="inner_int")
    tf_ = K.Input(shape=(4,), name="tf_in")
    inner_f = K.Model(tf_, K.layers.Dense(2, name="dense_f")(tf_), name="inner_float")
    h = K.layers.Dense(4, name="scale")(x)
    R = K.layers.Reshape
    return K.Model([x, i], [R((4,), name="from_float")(inner(h)), R((4,), name="from_int")(inner(i)), inner_f(i)], name=ctx.case)
