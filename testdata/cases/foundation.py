"""Cases of the foundation issue: core layers, graphs, nesting, TimeDistributed, formats."""

from . import case, REJECTED_ACTIVATIONS


@case("mlp")
def build_mlp(K, ctx):
    L = K.layers
    return K.Sequential([
        K.Input(shape=(7,), name="x"),
        L.Dense(5, activation="relu", name="dense_1"),
        L.Dropout(0.3, name="dropout"),
        L.Dense(4, activation="tanh", use_bias=False, name="dense_2"),
        L.Activation("softmax", name="softmax"),
        L.Dense(3, name="dense_3"),
    ], name="mlp")


K3_ACTIVATIONS = [
    "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "sigmoid",
    "hard_sigmoid", "hard_silu", "hard_swish", "silu", "swish", "mish", "softplus", "softsign",
    "tanh", "tanh_shrink", "hard_tanh", "soft_shrink", "hard_shrink", "sparse_plus", "squareplus",
    "sparse_sigmoid", "log_sigmoid", "exponential", "softmax", "log_softmax", "glu", "sparsemax",
]
TF_ACTIVATIONS = [
    "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "sigmoid", "hard_sigmoid", "swish",
    "silu", "gelu", "softplus", "softsign", "tanh", "exponential", "softmax", "log_softmax", "mish",
]


def _activation_model(K, ctx, names, object_activations):
    import numpy as np
    L = K.layers
    x = K.Input(shape=(6,), name="x")
    pre = L.Dense(6, name="pre")(x)
    outs = []
    probe = np.linspace(-4, 4, 12, dtype="float32").reshape(2, 6)
    for n in names:
        try:
            layer = L.Activation(n, name="act_" + n)
            np.asarray(layer(probe))  # reject names that construct but cannot be called
        except Exception as e:  # noqa: BLE001
            REJECTED_ACTIVATIONS.setdefault(ctx.writer, {})[n] = "%s: %s" % (
                type(e).__name__, str(e).strip().splitlines()[0][:160])
            continue
        outs.append(L.Activation(n, name="act_" + n)(pre))
    for lname, act in object_activations:
        outs.append(L.Dense(6, activation=act, name=lname)(x))
    return K.Model(x, outs, name=ctx.case)


_ACT_SCALES = {"pre": 0.9, "fn_gelu": 0.9, "fn_hard_swish": 0.9, "fn_leaky_relu": 0.9,
               "obj_relu_max2": 0.9, "obj_leaky_relu": 0.9, "obj_activation_tanh": 0.9,
               "fn_swish": 0.9}


@case("activations_k3", writers=("keras3",), batch=3, scales=_ACT_SCALES)
def build_activations_k3(K, ctx):
    # Function objects are serialized as their bare registered name ("gelu", "hard_silu", ...);
    # layer objects used as `activation=` are serialized as a full layer object dict.
    # NOT used: keras.ops.gelu -- it is serialized as "gelu" but computes the tanh approximation
    # (ops default approximate=True), so the file would not describe what Keras computed.
    objs = [
        ("fn_gelu", K.activations.gelu),
        ("fn_hard_swish", K.activations.hard_swish),
        ("fn_leaky_relu", K.activations.leaky_relu),
        ("obj_relu_max2", K.layers.ReLU(max_value=2.0, name="relu_max2")),
        ("obj_leaky_relu", K.layers.LeakyReLU(negative_slope=0.1, name="leaky_01")),
        ("obj_activation_tanh", K.layers.Activation("tanh", name="inner_tanh")),
    ]
    return _activation_model(K, ctx, K3_ACTIVATIONS, objs)


@case("activations_tf", writers=("tfkeras",), batch=3, scales=_ACT_SCALES)
def build_activations_tf(K, ctx):
    # tf_keras cannot reload a Dense whose activation is an Activation *layer*, so only ReLU and
    # LeakyReLU layer objects are used here.
    objs = [
        ("fn_gelu", K.activations.gelu),
        ("fn_swish", K.activations.swish),
        ("obj_relu_max2", K.layers.ReLU(max_value=2.0, name="relu_max2")),
        ("obj_leaky_relu", K.layers.LeakyReLU(alpha=0.1, name="leaky_01")),
    ]
    return _activation_model(K, ctx, TF_ACTIVATIONS, objs)


@case("conv_bn_pool")
def build_conv_bn_pool(K, ctx):
    # Input widened from 9x9 to 9x13 so the dilated valid conv leaves a 4x3 map (odd width -> the
    # 'same' pooling below pads unevenly).  Shapes: 9x13x3 -> 5x7x4 -> 4x3x5 -> 2x2x5 -> 2x2x5
    # -> 2x2x3 -> 3 -> 2.
    L = K.layers
    x = K.Input(shape=(9, 13, 3), name="image")
    h = L.Conv2D(4, (3, 3), strides=2, padding="same", name="conv_s2")(x)
    h = L.BatchNormalization(name="bn")(h)
    h = L.Activation("relu", name="relu")(h)
    h = L.Conv2D(5, (2, 3), padding="valid", dilation_rate=(1, 2), name="conv_dil")(h)
    h = L.MaxPooling2D(2, padding="same", name="maxpool")(h)
    h = L.AveragePooling2D((2, 2), strides=1, padding="same", name="avgpool")(h)
    h = L.Conv2D(3, 3, padding="same", use_bias=False, name="conv_nobias")(h)
    h = L.GlobalAveragePooling2D(name="gap")(h)
    y = L.Dense(2, name="head")(h)
    return K.Model(x, y, name="conv_bn_pool")


def _channels_first_ok(K):
    """True if this writer can run a channels_first Conv2D/BN/pool on this CPU."""
    import numpy as np
    try:
        L = K.layers
        i = K.Input(shape=(2, 5, 6))
        o = L.Conv2D(2, 3, data_format="channels_first")(i)
        o = L.BatchNormalization(axis=1)(o)
        o = L.MaxPooling2D(2, data_format="channels_first")(o)
        m = K.Model(i, o)
        np.asarray(m(np.ones((2, 2, 5, 6), "float32"), training=False))
        return True
    except Exception as e:  # noqa: BLE001
        print("  channels_first unsupported:", str(e).splitlines()[0][:200])
        return False


@case("pool_variants")
def build_pool_variants(K, ctx):
    L = K.layers
    x = K.Input(shape=(7, 8, 2), name="x")
    b1 = L.MaxPooling2D((3, 2), strides=(2, 1), padding="valid", name="max_3x2_s21_valid")(x)
    b2 = L.AveragePooling2D(3, strides=2, padding="same", name="avg_3_s2_same")(x)
    b3 = L.AveragePooling2D(2, name="avg_2")(x)
    flats = [L.Flatten(name="flat_1")(b1), L.Flatten(name="flat_2")(b2), L.Flatten(name="flat_3")(b3)]
    if _channels_first_ok(K):
        c = L.Permute((3, 1, 2), name="to_chw")(x)  # (2, 7, 8)
        c = L.Conv2D(3, (3, 3), data_format="channels_first", name="conv_cf")(c)  # (3, 5, 6)
        c = L.BatchNormalization(axis=1, name="bn_cf")(c)
        c = L.MaxPooling2D(2, data_format="channels_first", name="pool_cf")(c)  # (3, 2, 3)
        flats.append(L.Flatten(name="flat_cf")(c))
    else:
        ctx.notes.append("channels_first branch omitted: this writer cannot run it on CPU")
    h = L.Concatenate(name="concat")(flats)
    y = L.Dense(3, name="head")(h)
    return K.Model(x, y, name="pool_variants")


@case("reshape_ops")
def build_reshape_ops(K, ctx):
    L = K.layers
    x = K.Input(shape=(4, 6), name="x")
    h = L.Flatten(name="flatten")(x)
    h = L.Dense(12, name="dense_12")(h)
    h = L.Reshape((3, 4), name="reshape_3x4")(h)
    h = L.Permute((2, 1), name="permute")(h)
    h = L.Reshape((-1,), name="reshape_flat")(h)
    h = L.RepeatVector(3, name="repeat")(h)
    y = L.Dense(2, name="head")(h)
    return K.Model(x, y, name="reshape_ops")


@case("embedding_lstm", int_high={"tokens": 11})
def build_embedding_lstm(K, ctx):
    L = K.layers
    x = K.Input(shape=(6,), dtype="int32", name="tokens")
    h = L.Embedding(11, 4, name="embedding")(x)
    h = L.LSTM(5, return_sequences=True, name="lstm_seq")(h)
    h = L.LSTM(3, name="lstm_last")(h)
    y = L.Dense(2, name="head")(h)
    return K.Model(x, y, name="embedding_lstm")


@case("lstm_options")
def build_lstm_options(K, ctx):
    L = K.layers
    x = K.Input(shape=(5, 3), name="x")
    h = L.LSTM(4, return_sequences=True, go_backwards=True, activation="relu",
               recurrent_activation="sigmoid", use_bias=True, name="lstm_back_relu")(x)
    h = L.LSTM(3, use_bias=False, unit_forget_bias=False, name="lstm_nobias")(h)
    y = L.Dense(2, name="head")(h)
    return K.Model(x, y, name="lstm_options")


@case("functional_multi")
def build_functional_multi(K, ctx):
    L = K.layers
    a = K.Input(shape=(5,), name="a")
    b = K.Input(shape=(5,), name="b")
    shared = L.Dense(4, name="shared")
    sa = shared(a)
    sb = shared(b)
    added = L.Add(name="add")([sa, sb])
    cat = L.Concatenate(name="concat")([added, a])
    out_main = L.Dense(3, name="out_main")(cat)
    out_aux = L.Dense(2, activation="sigmoid", name="out_aux")(sb)
    return K.Model([a, b], [out_main, out_aux, added], name="functional_multi")


@case("nested_models")
def build_nested_models(K, ctx):
    L = K.layers
    frozen = L.Dense(4, activation="relu", name="seq_dense_frozen")
    frozen.trainable = False
    inner_seq = K.Sequential([
        K.Input(shape=(6,), name="seq_in"),
        frozen,
        L.BatchNormalization(name="seq_bn"),
        L.Dense(3, name="seq_dense_out"),
    ], name="inner_seq")
    fi = K.Input(shape=(3,), name="func_in")
    fd = L.Dense(3, name="func_dense")(fi)
    fo = L.Add(name="func_residual")([fi, fd])
    inner_func = K.Model(fi, fo, name="inner_func")

    x1 = K.Input(shape=(6,), name="x1")
    x2 = K.Input(shape=(6,), name="x2")
    h1 = inner_func(inner_seq(x1))
    h2 = inner_seq(x2)  # second call of the shared nested model
    h = L.Concatenate(name="concat")([h1, h2])
    y = L.Dense(2, name="head")(h)
    return K.Model([x1, x2], y, name="nested_models")


@case("time_distributed")
def build_time_distributed(K, ctx):
    L = K.layers
    TD = L.TimeDistributed
    s = K.Input(shape=(4, 5), name="seq")
    h = TD(L.Dense(6, name="td_dense_6"), name="td_dense_a")(s)
    out_seq = TD(L.Dense(3, activation="relu", name="td_dense_3"), name="td_dense_b")(h)
    v = K.Input(shape=(3, 7, 6, 2), name="video")
    g = TD(L.Conv2D(3, (3, 3), padding="same", name="conv"), name="td_conv")(v)
    g = TD(L.MaxPooling2D(2, name="pool"), name="td_pool")(g)
    g = TD(L.BatchNormalization(name="bn"), name="td_bn")(g)
    g = TD(L.Flatten(name="flat"), name="td_flat")(g)
    g = TD(L.Dense(4, name="dense_4"), name="td_dense_c")(g)
    out_video = L.LSTM(3, name="lstm")(g)
    return K.Model([s, v], [out_seq, out_video], name="time_distributed")


@case("td_nested")
def build_td_nested(K, ctx):
    L = K.layers
    TD = L.TimeDistributed
    inner_seq = K.Sequential([
        K.Input(shape=(5,), name="iseq_in"),
        L.Dense(4, activation="relu", name="iseq_dense_a"),
        L.Dense(2, name="iseq_dense_b"),
    ], name="inner_seq")
    fi = K.Input(shape=(5,), name="ifunc_in")
    f1 = L.Dense(2, name="ifunc_dense_a")(fi)
    f2 = L.Dense(2, activation="tanh", name="ifunc_dense_b")(fi)
    inner_func = K.Model(fi, L.Add(name="ifunc_add")([f1, f2]), name="inner_func")

    x = K.Input(shape=(3, 5), name="x")
    h = L.Concatenate(name="concat")([TD(inner_seq, name="td_seq")(x),
                                      TD(inner_func, name="td_func")(x)])
    r = K.Input(shape=(2, 4, 3), name="r")
    hr = TD(L.LSTM(3, name="lstm"), name="td_lstm")(r)
    d = K.Input(shape=(2, 3, 4), name="d")
    hd = TD(TD(L.Dense(2, name="dense_2"), name="td_inner"), name="td_outer")(d)
    return K.Model([x, r, d], [h, hr, hd], name="td_nested")


@case("td_docs")
def build_td_docs(K, ctx):
    # Straight from the TimeDistributed docs; default (auto) layer names on purpose.
    L = K.layers
    inputs = K.Input(shape=(10, 16))
    h = L.TimeDistributed(L.Dense(8))(inputs)
    outputs = L.TimeDistributed(L.Dense(32))(h)
    return K.Model(inputs, outputs)


@case("td_conv_docs", no_data=True)
def build_td_conv_docs(K, ctx):
    L = K.layers
    inputs = K.Input(shape=(10, 128, 128, 3))
    outputs = L.TimeDistributed(L.Conv2D(64, (3, 3)))(inputs)
    return K.Model(inputs, outputs)


@case("td_conv_299", no_data=True)
def build_td_conv_299(K, ctx):
    L = K.layers
    inputs = K.Input(shape=(10, 299, 299, 3))
    outputs = L.TimeDistributed(L.Conv2D(64, (3, 3)))(inputs)
    return K.Model(inputs, outputs)


@case("td_conv_small")
def build_td_conv_small(K, ctx):
    L = K.layers
    inputs = K.Input(shape=(3, 8, 7, 3))
    outputs = L.TimeDistributed(L.Conv2D(64, (3, 3)))(inputs)
    return K.Model(inputs, outputs)


@case("video_classifier")
def build_video_classifier(K, ctx):
    L = K.layers
    TD = L.TimeDistributed
    frames = K.Input(shape=(4, 16, 16, 1), name="frames")
    h = TD(L.Conv2D(4, 3, activation="relu"), name="td_conv")(frames)
    h = TD(L.MaxPooling2D(2), name="td_pool")(h)
    h = TD(L.Flatten(), name="td_flatten")(h)
    h = L.LSTM(8, name="lstm")(h)
    y = L.Dense(3, activation="softmax", name="probs")(h)
    return K.Model(frames, y, name="video_classifier")


@case("sequential_forms", writers=("keras3",))
def build_sequential_forms(K, ctx):
    # Outer Sequential has NO explicit Input (built with model.build); it contains a nested
    # Sequential that was made WITH keras.Input.
    L = K.layers
    inner = K.Sequential([K.Input(shape=(4,), name="inner_in"),
                          L.Dense(4, activation="relu", name="inner_dense_a"),
                          L.Dense(3, name="inner_dense_b")], name="inner_seq")
    model = K.Sequential([L.Dense(4, activation="tanh", name="outer_dense_a"),
                          inner,
                          L.Dense(2, name="outer_dense_b")], name="sequential_forms")
    model.build((None, 5))
    return model


@case("sequential_forms_call", writers=("keras3",))
def build_sequential_forms_call(K, ctx):
    # Sequential with no Input, built by its first call on concrete data: Keras then records the
    # concrete batch size (batch_shape [2, 5]) in the InputLayer config.
    import numpy as np
    L = K.layers
    model = K.Sequential([L.Dense(4, activation="elu", name="dense_a"),
                          L.Dense(3, name="dense_b")], name="sequential_forms_call")
    model(np.zeros((2, 5), "float32"))
    return model


@case("dtype_policy", writers=("keras3",),
      tolerance={"rtol": 1e-2, "atol": 1e-2,
                 "why": "layer dense_bf16 has policy mixed_bfloat16: float32 variables but bfloat16 "
                        "compute (inputs, matmul, bias add rounded to bfloat16, 8-bit mantissa), "
                        "so a float32 interpreter differs by bfloat16 rounding (~2^-8 relative); Keras itself with the policy switched to float32 differs by 2.4e-3 max."})
def build_dtype_policy(K, ctx):
    L = K.layers
    x = K.Input(shape=(5,), name="x")
    h = L.Dense(4, activation="tanh", dtype="float64", name="dense_f64")(x)
    h = L.Dense(3, dtype="mixed_bfloat16", name="dense_bf16")(h)
    y = L.Dense(2, name="dense_f32")(h)
    return K.Model(x, y, name="dtype_policy")


@case("inference_noops")
def build_inference_noops(K, ctx):
    # Every layer that is an identity at inference, each on a tensor of the rank it accepts.
    L = K.layers
    x1 = K.Input(shape=(5, 4), name="seq")
    x2 = K.Input(shape=(4, 3, 2), name="img")
    x3 = K.Input(shape=(3, 3, 2, 2), name="vol")
    a = L.Dense(4, name="d1")(x1)
    a = L.Dropout(0.4, name="dropout")(a)
    a = L.SpatialDropout1D(0.3, name="sdrop1")(a)
    a = L.GaussianNoise(0.5, name="gnoise")(a)
    a = L.GaussianDropout(0.2, name="gdrop")(a)
    a = L.AlphaDropout(0.2, name="adrop")(a)
    a = L.ActivityRegularization(l1=0.1, l2=0.1, name="actreg")(a)
    if hasattr(L, "Identity"):
        a = L.Identity(name="identity")(a)
    else:
        ctx.notes.append("no Identity layer in this writer")
    b = L.SpatialDropout2D(0.3, name="sdrop2")(L.Dense(3, name="d2")(x2))
    c = L.SpatialDropout3D(0.3, name="sdrop3")(L.Dense(3, name="d3")(x3))
    return K.Model([x1, x2, x3], [a, b, c], name=ctx.case)
