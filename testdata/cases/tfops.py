"""Raw TensorFlow calls on symbolic tensors in tf.keras functional models. tf.keras (>= 2.4) records each
call as a TFOpLambda layer (SlicingOpLambda for x[...]) named by its TF symbol, with the first argument
positional (a tensor, a constant, or a list) and every other argument by parameter name; TF 2.0-2.3 wrote
TensorFlowOpLayer (a NodeDef plus constant inputs) instead, built here with tf_keras's own class.
tfkeras only: Keras 3 has no such layers. Layer names are tf_keras's automatic ones (tf.math.add_3, ...)."""

from . import case

TF = ("tfkeras",)


def _pos(tf, x, eps=0.1):
    return tf.math.abs(x) + eps


@case("tfops_arith", writers=TF)
def build_tfops_arith(K, ctx):
    import numpy as np
    import tensorflow as tf
    x = K.Input(shape=(3, 4), name="x")
    y = K.Input(shape=(1, 4), name="y")                # broadcasts against (3, 4)
    h = K.layers.Dense(4, name="dense_x")(x)
    outs = [
        h + y,                               # __operators__.add, broadcast (3,4) with (1,4)
        1.5 + h,                             # constant first, tensor as keyword y
        h - 0.5, 2.0 - h, h * y, 3 * h, h / 2.0, 1.0 / _pos(tf, h),
        h // 0.7, -h // y, h % 0.6, (-h) % 0.6, h % -0.6,
        -h, h ** 2, 2.0 ** h, _pos(tf, h) ** y, abs(h),
        h * np.array([1.0, -2.0, 0.5, 3.0], "float32"),   # numpy constant recorded as a list
        tf.math.add(h, y), tf.math.subtract(y, h), tf.math.multiply(x=h, y=h), tf.math.divide(h, _pos(tf, y)),
        tf.math.truediv(h, 4), tf.math.floordiv(h, 0.3), tf.math.floormod(h, 0.45), tf.math.pow(_pos(tf, h), 0.5),
        tf.math.maximum(h, y), tf.math.minimum(0.1, h), tf.math.squared_difference(h, y),
        tf.math.divide_no_nan(h, tf.math.maximum(y, 0.0)), tf.math.negative(y),
        tf.math.add(h, [[1.0], [2.0], [3.0]]),           # a nested-list constant, broadcast along the last axis
    ]
    return K.Model([x, y], outs, name=ctx.case)


@case("tfops_compare", writers=TF)
def build_tfops_compare(K, ctx):
    import tensorflow as tf
    x = K.Input(shape=(3, 4), name="x")
    y = K.Input(shape=(1, 4), name="y")
    f = lambda b: tf.cast(b, tf.float32)  # noqa: E731
    outs = [
        f(x > y), f(x >= 0.2), f(x < -0.3), f(0.0 <= x), f(x <= y), f(tf.math.equal(tf.math.round(x), 0.0)),
        f(tf.math.not_equal(tf.math.round(y), 1.0)),
        f((x > 0) & (x < 1)), f((x > 1) | (x < -1)), f((x > 0) ^ (y > 0)), f(~(x > 0)),
        f(tf.math.logical_and(x > -0.5, y < 0.5)), f(tf.math.logical_or(x > 0.5, y > 0.5)),
        f(tf.math.logical_xor(x > 0, y < 0)), f(tf.math.logical_not(y > 0)),
        f(tf.math.reduce_any(x > 1.0, axis=1)), f(tf.math.reduce_all(x > -1.0, axis=[1, 2], keepdims=True)),
        tf.where(x > 0, x, y), tf.where(y > 0, -1.0, x), tf.where(x < y, x * 2.0, 0.0),
        tf.cast(x > 0, "float32") * x,
    ]
    return K.Model([x, y], outs, name=ctx.case)


@case("tfops_unary", writers=TF)
def build_tfops_unary(K, ctx):
    import tensorflow as tf
    x = K.Input(shape=(2, 5), name="x")
    h = K.layers.Dense(5, name="dense_x")(x)
    p = _pos(tf, h)
    m = tf.math
    outs = [
        m.negative(h), m.abs(h), m.sqrt(p), m.rsqrt(p), m.square(h), m.exp(h), m.log(p), m.log1p(p), m.expm1(h),
        m.sigmoid(h), m.tanh(h), m.floor(h * 3.0), m.ceil(h * 3.0), m.round(h * 2.0), m.round(0.0 * h + [0.5, 1.5, 2.5, -0.5, -2.5]),
        m.sign(h), m.reciprocal(p), m.erf(h), m.log_sigmoid(h), m.softplus(h), tf.nn.softsign(h),
        tf.nn.relu(h), tf.nn.relu6(h * 4.0), tf.nn.sigmoid(h), tf.nn.tanh(h), tf.nn.elu(h), tf.nn.selu(h),
        tf.nn.silu(h), tf.nn.swish(h, beta=1.7), tf.nn.gelu(h), tf.nn.gelu(h, approximate=True),
        tf.nn.leaky_relu(h), tf.nn.leaky_relu(h, alpha=0.05), tf.nn.softplus(h),
        tf.nn.softmax(h), tf.nn.softmax(h, axis=1), tf.nn.log_softmax(h), tf.nn.log_softmax(h, axis=-2),
        tf.math.l2_normalize(h, axis=-1), tf.math.l2_normalize(h, axis=[1, 2], epsilon=0.5),
        tf.identity(h), tf.clip_by_value(h, -0.5, 0.8), tf.clip_by_value(h, clip_value_min=x, clip_value_max=1.0),
    ]
    return K.Model(x, outs, name=ctx.case)


@case("tfops_reduce", writers=TF)
def build_tfops_reduce(K, ctx):
    import tensorflow as tf
    x = K.Input(shape=(3, 4, 2), name="x")
    m = tf.math
    outs = [
        m.reduce_mean(x, axis=[1, 2], keepdims=True), m.reduce_mean(x, 1), m.reduce_sum(x, axis=-1),
        m.reduce_sum(x), m.reduce_max(x, axis=(1, 3)), m.reduce_min(x, -2, True), m.reduce_prod(x, axis=2),
        m.reduce_logsumexp(x, axis=1), m.reduce_variance(x, axis=[2, 3]), m.reduce_std(x, axis=-1, keepdims=True),
        m.reduce_euclidean_norm(x, axis=2), m.reduce_mean(x, axis=[]),
        tf.cast(m.argmax(x, axis=-2), "float32"), tf.cast(m.argmin(x, 1), "float32"), tf.cast(m.argmax(x), "float32"),
    ]
    return K.Model(x, outs, name=ctx.case)


@case("tfops_shape", writers=TF)
def build_tfops_shape(K, ctx):
    import tensorflow as tf
    x = K.Input(shape=(3, 4), name="x")
    y = K.Input(shape=(4,), name="y")
    outs = [
        tf.concat([x, x * 2.0], axis=1), tf.concat([y, y, -y], -1), tf.concat(values=[x, y[:, None, :]], axis=-2),
        tf.stack([y, -y], axis=1), tf.stack([x, x], -1), tf.stack([y, y * 2.0, y * 3.0]),
        tf.reshape(x, [-1, 2, 6]), tf.reshape(x, (-1, 12)), tf.transpose(x, perm=[0, 2, 1]), tf.transpose(x),
        tf.expand_dims(y, 1), tf.expand_dims(y, axis=-1), tf.squeeze(tf.expand_dims(y, 1), axis=1),
        tf.squeeze(tf.reshape(x, [-1, 3, 1, 4]), [2]), tf.compat.v1.squeeze(tf.reshape(x, [-1, 1, 12]), squeeze_dims=[1]),
        tf.tile(y, [1, 3]), tf.tile(x, multiples=[1, 2, 2]),
        tf.pad(x, [[0, 0], [1, 0], [0, 2]]), tf.pad(x, [[0, 0], [2, 1], [1, 1]], mode="REFLECT"),
        tf.pad(x, [[0, 0], [1, 2], [3, 0]], mode="symmetric", constant_values=0),
        tf.pad(x, paddings=[[0, 0], [1, 1], [0, 1]], constant_values=-1.5),
        tf.identity(x), tf.math.add_n([x, x, tf.ones_like(x) * 0.5]), tf.zeros_like(y) - y,
    ]
    s = tf.split(x, 2, axis=-1)
    s2 = tf.split(x, [1, -1, 2], axis=2)
    u = tf.unstack(x, axis=1)
    outs += [s[0], s[1], s2[0], s2[1], s2[2], u[0], u[2]]
    return K.Model([x, y], outs, name=ctx.case)


@case("tfops_image_resize", writers=TF)
def build_tfops_image_resize(K, ctx):
    # tf.image.resize on a feature map (the same TF kernels as tf.keras's Resizing layer).
    import tensorflow as tf
    x = K.Input(shape=(5, 7, 2), name="img")
    h = K.layers.Conv2D(3, 3, padding="same", name="conv")(x)
    outs = [tf.image.resize(h, (8, 10)), tf.image.resize(h, [3, 4], method="nearest"),
            tf.image.resize(h, (10, 14), method="bicubic"), tf.image.resize(h, (2, 3), method="area"),
            tf.image.resize(h, (6, 5), method=tf.image.ResizeMethod.LANCZOS3), tf.image.resize(h, size=[4, 9], method="mitchellcubic")]
    return K.Model(x, outs, name=ctx.case)


@case("tfops_misc", writers=TF, int_high={"ids": 6})
def build_tfops_misc(K, ctx):
    # depth_to_space / space_to_depth (sub-pixel convolution) and one_hot of integer ids, some out of range.
    import tensorflow as tf
    x = K.Input(shape=(4, 6, 8), name="x")
    ids = K.Input(shape=(5,), dtype="int32", name="ids")
    h = K.layers.Conv2D(8, 1, name="conv")(x)
    outs = [tf.nn.depth_to_space(h, 2), tf.nn.space_to_depth(h, block_size=2), tf.nn.depth_to_space(tf.nn.space_to_depth(x, 2), 2),
            tf.one_hot(ids, 4), tf.one_hot(ids - 2, depth=5, on_value=2.5, off_value=-1.0),
            tf.one_hot(ids, 6, axis=1), tf.one_hot(ids, 3, axis=0)]
    return K.Model([x, ids], outs, name=ctx.case)


@case("tfops_matmul", writers=TF)
def build_tfops_matmul(K, ctx):
    import tensorflow as tf
    a = K.Input(shape=(3, 4), name="a")
    b = K.Input(shape=(4, 5), name="b")
    v = K.Input(shape=(4,), name="v")
    outs = [
        tf.matmul(a, b), a @ b, tf.linalg.matmul(a, a, transpose_b=True), tf.matmul(a, a, transpose_a=True),
        tf.matmul(b, a, transpose_a=True, transpose_b=True), tf.matmul(a, b, adjoint_b=False, grad_a=True),
        tf.matmul(a, v[:, :, None]), tf.matmul(v[:, None, :], b),
        tf.matmul(a, tf.constant([[1.0, 0.5], [0.0, -1.0], [2.0, 1.0], [-0.5, 0.25]])),   # a rank-2 constant, batch broadcast
    ]
    return K.Model([a, b, v], outs, name=ctx.case)


@case("tfops_slicing", writers=TF)
def build_tfops_slicing(K, ctx):
    import tensorflow as tf
    x = K.Input(shape=(4, 5), name="x")
    outs = [
        x[:, 0], x[:, -1], x[:, 1:3], x[:, :, ::2], x[:, ::-1], x[:, tf.newaxis], x[:, None, :, 1], x[:, -2:, 1:-1],
        x[:, 1:100], x[:, -100:2], x[:, 3:0:-2], x[:, ::-2, -1:0:-1], x[None, :, 2], x[:, 1, tf.newaxis, 2:4],
        x[0], x[1:], x[-1, 2], x[:, :, None], x[[0, 1]], x[:, 2:3, -3],
    ]
    return K.Model(x, outs, name=ctx.case)


@case("tfops_slicing_ellipsis", writers=TF)
def build_tfops_slicing_ellipsis(K, ctx):
    # Ellipsis in an index: tf.keras writes it as {"class_name": "__ellipsis__"} in .h5 and json; its own .keras
    # writer cannot serialize Ellipsis (a file_errors entry in the manifest).
    import tensorflow as tf
    x = K.Input(shape=(3, 4, 5), name="x")
    outs = [
        x[..., 0], x[..., ::2], x[..., None, 1], x[..., 1:2, :], x[:, :, None, ...], x[:, ..., -1], x[0, ..., 2:],
        x[:, tf.newaxis, ..., tf.newaxis, 3], x[..., -2:, ::-3], x[1, ...],
    ]
    img = K.Input(shape=(3, 4, 3), name="img")
    outs.append(K.applications.resnet50.preprocess_input(img * 100.0))   # caffe mode: x[..., ::-1], tf.nn.bias_add
    return K.Model([x, img], outs, name=ctx.case)


@case("tfops_preprocess_input", writers=TF)
def build_tfops_preprocess_input(K, ctx):
    # keras.applications preprocess_input on a symbolic input ('torch' and 'tf' modes), and tf.nn.bias_add itself.
    import tensorflow as tf
    img = K.Input(shape=(3, 4, 3), name="img")
    x = img * 60.0 + 120.0
    cf = K.Input(shape=(3, 2, 4), name="cf")
    outs = [K.applications.densenet.preprocess_input(x), K.applications.mobilenet_v2.preprocess_input(x),
            tf.nn.bias_add(img, [0.5, -1.0, 2.0]), tf.nn.bias_add(cf, tf.constant([1.0, 2.0, 3.0]), data_format="NCHW"),
            tf.nn.bias_add(cf[:, :, 0, :], [-1.0, 0.0, 1.0], data_format="NCW")]
    return K.Model([img, cf], outs, name=ctx.case)


@case("tfops_mobilenet_block", writers=TF)
def build_tfops_mobilenet_block(K, ctx):
    # The hard-swish squeeze-excite block of tf_keras's MobileNetV3 written with raw TF ops.
    import tensorflow as tf
    L = K.layers
    x = K.Input(shape=(6, 6, 3), name="img")
    h = L.Conv2D(8, 3, padding="same", name="conv")(x)
    h = L.BatchNormalization(name="bn")(h)
    h = h * tf.nn.relu6(h + 3.0) * (1.0 / 6.0)                     # hard swish
    s = tf.math.reduce_mean(h, axis=[1, 2], keepdims=True)          # squeeze
    s = L.Conv2D(4, 1, activation="relu", name="se_reduce")(s)
    s = L.Conv2D(8, 1, name="se_expand")(s)
    s = tf.nn.relu6(s + 3.0) * (1.0 / 6.0)                          # hard sigmoid
    h = tf.math.multiply(h, s)
    out = L.Dense(3, name="head")(tf.math.reduce_mean(h, axis=[1, 2]))
    return K.Model(x, out, name=ctx.case)


def _tf_op_layer(K, name, op, inputs, constants=None, attr=None):
    """A TensorFlowOpLayer as TF 2.0-2.3 created it for a raw op: a NodeDef dict and constant inputs by position."""
    import numpy as np
    from tf_keras.src.engine.base_layer import TensorFlowOpLayer
    node_def = {"name": name, "op": op, "input": inputs, "attr": attr or {"T": {"type": "DT_FLOAT"}}}
    def arr(v):
        a = np.asarray(v)
        return a.astype("int32") if a.dtype.kind == "i" else a.astype("float32")
    consts = {int(k): arr(v) for k, v in (constants or {}).items()}
    return TensorFlowOpLayer(node_def, name=name, constants=consts)


@case("tfops_tensorflow_op_layer", writers=TF)
def build_tfops_tensorflow_op_layer(K, ctx):
    x = K.Input(shape=(3, 4), name="x")
    y = K.Input(shape=(1, 4), name="y")
    T = {"T": {"type": "DT_FLOAT"}}

    def op(name, op_type, args, constants=None, attr=None, inputs=None):
        n = len(args) + len(constants or {})
        names = inputs or ["in%d" % i for i in range(n)]
        return _tf_op_layer(K, name, op_type, names, constants, attr or T)(args if len(args) > 1 else args[0])

    idx = {"Tidx": {"type": "DT_INT32"}}
    outs = [
        op("AddV2", "AddV2", [x, y]), op("Sub", "Sub", [x], {1: 0.5}), op("Mul", "Mul", [y, x]),
        op("RealDiv", "RealDiv", [x], {1: 4.0}), op("Maximum", "Maximum", [x, y]), op("Minimum", "Minimum", [x], {1: 0.2}),
        op("Relu", "Relu", [x]), op("Relu6", "Relu6", [op("Mul_1", "Mul", [x], {1: 5.0})]), op("Sigmoid", "Sigmoid", [x]),
        op("Tanh", "Tanh", [x]), op("Square", "Square", [x]), op("Pow", "Pow", [x], {1: 2.0}),
        op("Sqrt", "Sqrt", [op("Abs", "Abs", [x])]), op("Rsqrt", "Rsqrt", [op("AddV2_1", "AddV2", [op("Abs_1", "Abs", [x])], {1: 0.1})]),
        op("Mean", "Mean", [x], {1: [1, 2]}, dict(T, keep_dims={"b": True}, **idx)),
        op("Sum", "Sum", [x], {1: 1}, dict(T, keep_dims={"b": False}, **idx)),
        op("Max", "Max", [x], {1: [-1]}, dict(T, keep_dims={"b": False}, **idx)),
        op("ConcatV2", "ConcatV2", [x, x], {2: -1}, dict(T, N={"i": "2"}, **idx)),
        op("ExpandDims", "ExpandDims", [y], {1: 1}, dict(T, Tdim={"type": "DT_INT32"})),
        op("Squeeze", "Squeeze", [op("ExpandDims_1", "ExpandDims", [y], {1: -1}, dict(T, Tdim={"type": "DT_INT32"}))],
           attr=dict(T, squeeze_dims={"list": {"i": ["3"]}})),
        op("Cast", "Cast", [op("Greater", "Greater", [x], {1: 0.0})],
           attr={"SrcT": {"type": "DT_BOOL"}, "DstT": {"type": "DT_FLOAT"}, "Truncate": {"b": False}}),
        op("StridedSlice", "StridedSlice", [x], {1: [0, 1], 2: [0, 3], 3: [1, 1]},
           dict(T, Index={"type": "DT_INT32"}, begin_mask={"i": "1"}, end_mask={"i": "1"}, ellipsis_mask={"i": "0"},
                new_axis_mask={"i": "0"}, shrink_axis_mask={"i": "0"})),
        op("StridedSlice_1", "StridedSlice", [x], {1: [0, -1], 2: [0, 0], 3: [1, 1]},
           dict(T, Index={"type": "DT_INT32"}, begin_mask={"i": "1"}, end_mask={"i": "1"}, ellipsis_mask={"i": "0"},
                new_axis_mask={"i": "0"}, shrink_axis_mask={"i": "2"})),
        op("Transpose", "Transpose", [x], {1: [0, 2, 1]}, dict(T, Tperm={"type": "DT_INT32"})),
        op("Reshape", "Reshape", [x], {1: [-1, 12]}, dict(T, Tshape={"type": "DT_INT32"})),
    ]
    return K.Model([x, y], outs, name=ctx.case)


@case("tfops_tensorflow_op_layer_more", writers=TF)
def build_tfops_tensorflow_op_layer_more(K, ctx):
    # The other NodeDef ops jkeras maps (same TensorFlowOpLayer construction as above).
    import base64
    x = K.Input(shape=(3, 4), name="x")
    y = K.Input(shape=(1, 4), name="y")
    img = K.Input(shape=(2, 4, 8), name="img")
    F, I32, B = {"type": "DT_FLOAT"}, {"type": "DT_INT32"}, {"type": "DT_BOOL"}
    T = {"T": F}
    s = lambda v: {"s": base64.b64encode(v.encode()).decode()}  # noqa: E731
    counter = [0]

    def op(op_type, args, constants=None, attr=None):
        counter[0] += 1
        name = "%s_%d" % (op_type, counter[0])
        n = len(args) + len(constants or {})
        return _tf_op_layer(K, name, op_type, ["in%d" % i for i in range(n)], constants, attr or T)(args if len(args) > 1 else args[0])

    def fl(t):
        return op("Cast", [t], attr={"SrcT": B, "DstT": F, "Truncate": {"b": False}})

    pos = op("AddV2", [op("Abs", [x])], {1: 0.25})
    gt = op("Greater", [x], {1: 0.0})
    lt = op("Less", [x, y])
    ids = op("Cast", [op("Floor", [op("Mul", [op("Abs", [x])], {1: 2.0})])], attr={"SrcT": F, "DstT": I32, "Truncate": {"b": False}})
    red = dict(T, keep_dims={"b": False}, Tidx=I32)
    outs = [
        op("Add", [x, y]), op("FloorDiv", [x], {1: 0.3}), op("FloorMod", [x, y]), op("SquaredDifference", [x, y]),
        fl(op("Equal", [op("Round", [x])], {1: 0.0}, dict(T, incompatible_shape_error={"b": True}))),
        fl(op("NotEqual", [op("Round", [y])], {1: 0.0}, dict(T, incompatible_shape_error={"b": True}))),
        fl(lt), fl(op("LessEqual", [x], {1: 0.5})), fl(op("GreaterEqual", [y, x])),
        fl(op("LogicalAnd", [gt, lt], attr={})), fl(op("LogicalOr", [gt, lt], attr={})), fl(op("LogicalNot", [gt], attr={})),
        op("Neg", [x]), op("Exp", [x]), op("Log", [pos]), op("Floor", [x]), op("Ceil", [x]), op("Round", [op("Mul", [x], {1: 2.0})]),
        op("Sign", [x]), op("Reciprocal", [pos]), op("Erf", [x]), op("Elu", [x]), op("Selu", [x]), op("Softplus", [x]),
        op("Softsign", [x]), op("LeakyRelu", [x], attr=dict(T, alpha={"f": 0.15})), op("Softmax", [x]), op("LogSoftmax", [x]),
        op("Identity", [x]), op("Min", [x], {1: 1}, red), op("Prod", [x], {1: [1, 2]}, dict(red, keep_dims={"b": True})),
        fl(op("Any", [gt], {1: -1}, {"keep_dims": {"b": False}, "Tidx": I32})),
        fl(op("All", [gt], {1: [1]}, {"keep_dims": {"b": True}, "Tidx": I32})),
        op("Cast", [op("ArgMax", [x], {1: -1}, dict(T, Tidx=I32, output_type=I32))], attr={"SrcT": I32, "DstT": F, "Truncate": {"b": False}}),
        op("Cast", [op("ArgMin", [x], {1: 1}, dict(T, Tidx=I32, output_type=I32))], attr={"SrcT": I32, "DstT": F, "Truncate": {"b": False}}),
        op("Pack", [x, x], attr=dict(T, N={"i": "2"}, axis={"i": "1"})), op("AddN", [x, x, x], attr=dict(T, N={"i": "3"})),
        op("Tile", [y], {1: [1, 3, 2]}, dict(T, Tmultiples=I32)),
        op("Pad", [x], {1: [[0, 0], [1, 0], [0, 2]]}, dict(T, Tpaddings=I32)),
        op("PadV2", [x], {1: [[0, 0], [1, 1], [2, 0]], 2: -0.5}, dict(T, Tpaddings=I32)),
        op("MirrorPad", [x], {1: [[0, 0], [2, 1], [1, 1]]}, dict(T, Tpaddings=I32, mode=s("REFLECT"))),
        op("MirrorPad", [x], {1: [[0, 0], [1, 2], [3, 0]]}, dict(T, Tpaddings=I32, mode=s("SYMMETRIC"))),
        op("ClipByValue", [x], {1: -0.5, 2: 0.7}), op("SelectV2", [gt, x, y]),
        op("BatchMatMulV2", [x, x], attr=dict(T, adj_x={"b": False}, adj_y={"b": True})),
        op("BatchMatMulV2", [x, x], attr=dict(T, adj_x={"b": True}, adj_y={"b": False})),
        op("MatMul", [op("Reshape", [x], {1: [-1, 12]}, dict(T, Tshape=I32))], {1: [[0.5] * 3] * 12},
           dict(T, transpose_a={"b": False}, transpose_b={"b": False})),
        op("BiasAdd", [x], {1: [1.0, -2.0, 0.5, 3.0]}, dict(T, data_format=s("NHWC"))),
        op("DepthToSpace", [img], attr=dict(T, block_size={"i": "2"}, data_format=s("NHWC"))),
        op("SpaceToDepth", [img], attr=dict(T, block_size={"i": "2"}, data_format=s("NHWC"))),
        op("OneHot", [ids], {1: 3, 2: 1.0, 3: 0.0}, dict(T, TI=I32, axis={"i": "-1"})),
    ]
    return K.Model([x, y, img], outs, name=ctx.case)


_CUMSUM = "tf.math.cumsum is not supported"


@case("tfops_refused_function", writers=TF,
      refused={"tfkeras": {"keras": _CUMSUM, "h5": _CUMSUM, "json": _CUMSUM}})
def build_tfops_refused_function(K, ctx):
    # A TF function jkeras does not implement: refused at load time, naming the layer and the function.
    import tensorflow as tf
    x = K.Input(shape=(4,), name="x")
    return K.Model(x, tf.math.cumsum(x, axis=1) + 1.0, name=ctx.case)


_LIST = "is a list of 1 values"


@case("tfops_refused_list", writers=TF,
      refused={"tfkeras": {"keras": _LIST, "h5": _LIST, "json": _LIST}})
def build_tfops_refused_list(K, ctx):
    # A list where TensorFlow expects a tensor: TF stacks it (adds an axis); refused, not misread as the tensor.
    import tensorflow as tf
    x = K.Input(shape=(4,), name="x")
    return K.Model(x, tf.math.reduce_sum([x], axis=0), name=ctx.case)


@case("tfops_nested", writers=TF)
def build_tfops_nested(K, ctx):
    # Op layers inside a nested model called twice and inside TimeDistributed (batch and time folded): the
    # keyword tensors (1.0 - x records x as keyword y) reach the nested graph's shape inference too.
    import tensorflow as tf
    L = K.layers

    def inner_model(name):
        u = K.Input(shape=(4, 3), name=name + "_in")
        h = L.Dense(3, name=name + "_dense")(u)
        g = 1.0 - tf.nn.sigmoid(h)
        v = tf.concat([g * u, tf.math.reduce_max(h, axis=-1, keepdims=True)], axis=-1)
        v = tf.reshape(v[:, ::-1, :], [-1, 4 * 4])
        return K.Model(u, v, name=name)

    inner = inner_model("inner")
    a = K.Input(shape=(4, 3), name="a")
    b = K.Input(shape=(4, 3), name="b")
    s = K.Input(shape=(2, 4, 3), name="seq")
    td = L.TimeDistributed(inner_model("per_step"), name="td_inner")(s)
    return K.Model([a, b, s], [inner(a), inner(b) * 2.0 + a[:, 0, :1], td], name=ctx.case)
