#!/usr/bin/env python3
"""Generate jkeras test fixtures by running REAL Keras.

    python testdata/generate_fixtures.py                 # regenerate everything
    python testdata/generate_fixtures.py --cases mlp,reshape_ops

Without --writer, this script removes testdata/fixtures/ and testdata/examples/, then runs itself twice
as a subprocess:

    --writer keras3   Keras 3 (KERAS_BACKEND=jax)        -> fixtures/<case>/keras3/
    --writer tfkeras  tf_keras (the Keras 2 code of TF)   -> fixtures/<case>/tfkeras/

(Keras 3 and tf_keras are never imported in the same process.)  Finally it writes
fixtures/index.json, a summary of every case x writer x file written and every skip.

All values are produced by Keras itself: weights are overwritten with seeded random values, inputs are
seeded random values, outputs are what Keras computes with training=False.  Nothing is hand-computed.
Every file written is also re-loaded with the same Keras and re-run; the max abs difference is
recorded in manifest.json under "keras_reload" (a sanity check of the files, not a test).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import traceback
import warnings
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
EXAMPLES = os.path.join(HERE, "examples")
WRITERS = ("keras3", "tfkeras")

# ----------------------------------------------------------------------------------------------
# Case table.  A builder is called as builder(K, ctx): K is the keras module of the writer
# (keras for keras3, tf_keras for tfkeras); ctx.writer is "keras3" / "tfkeras".  It returns the
# model.  Layers get explicit names where it matters so weight seeds match across writers.
# ----------------------------------------------------------------------------------------------

CASES = []


def case(name, writers=WRITERS, batch=2, int_high=None, scales=None, tolerance=None, no_data=False):
    def deco(fn):
        CASES.append(dict(name=name, builder=fn, writers=tuple(writers), batch=batch,
                          int_high=int_high or {}, scales=scales or {}, tolerance=tolerance,
                          no_data=no_data))
        return fn
    return deco


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
# Filled in by build_activations: names the writer refused (reported in the README / index.json).
REJECTED_ACTIVATIONS = {}


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


# ----------------------------------------------------------------------------------------------
# Writer process
# ----------------------------------------------------------------------------------------------

class Ctx:
    def __init__(self, writer, case_name):
        self.writer = writer
        self.case = case_name
        self.notes = []


def seed_of(*parts):
    return zlib.crc32("/".join(parts).encode("utf-8"))


def short_name(var):
    return var.name.split("/")[-1].split(":")[0]


def np_dtype_of(var):
    import numpy as np
    dt = var.dtype
    if hasattr(dt, "as_numpy_dtype"):
        return np.dtype(dt.as_numpy_dtype)
    return np.dtype(str(dt))


MODEL_CLASS = [None]  # set to K.Model by the writer process


def walk_variables(layer, prefix, out, seen):
    """Yield (key, variable): key is the chain of layer names (RNN cells transparent)."""
    children = []
    if isinstance(layer, MODEL_CLASS[0]):
        children = list(layer.layers)
    elif hasattr(layer, "layer") and getattr(layer, "layer", None) is not None:
        children = [layer.layer]
    elif hasattr(layer, "cell") and getattr(layer, "cell", None) is not None:
        for v in layer.cell.weights:
            if id(v) not in seen:
                seen.add(id(v))
                out.append((prefix + layer.name + "/" + short_name(v), v))
        return
    if children:
        for c in children:
            walk_variables(c, prefix + layer.name + "/", out, seen)
    for v in layer.weights:  # own weights not reached through children
        if id(v) not in seen:
            seen.add(id(v))
            out.append((prefix + layer.name + "/" + short_name(v), v))


def randomize_weights(model, case_name, scales):
    import numpy as np
    out, seen = [], set()
    for l in model.layers:
        walk_variables(l, "", out, seen)
    for i, v in enumerate(model.weights):
        if id(v) not in seen:
            seen.add(id(v))
            out.append(("#%d/%s" % (i, short_name(v)), v))
    for key, v in out:
        rng = np.random.default_rng(seed_of(case_name, "w", key))
        shape = tuple(int(d) for d in v.shape)
        sn = short_name(v)
        if sn == "gamma":
            val = rng.uniform(0.5, 1.5, shape)
        elif sn == "beta":
            val = rng.normal(0.0, 0.3, shape)
        elif sn == "moving_mean":
            val = rng.normal(0.0, 0.5, shape)
        elif sn == "moving_variance":
            val = rng.uniform(0.5, 2.0, shape)
        else:
            top = key.split("/")[0]
            val = rng.normal(0.0, scales.get(top, 0.5), shape)
        v.assign(val.astype(np_dtype_of(v)))
    return len(out)


def make_inputs(model, c, writer):
    import numpy as np
    names, arrays = [], []
    for t in model.inputs:
        name = t._keras_history[0].name
        shape = (c["batch"],) + tuple(int(d) for d in t.shape[1:])
        dtype = str(getattr(t.dtype, "name", t.dtype))
        rng = np.random.default_rng(seed_of(c["name"], "in", name))
        if "int" in dtype:
            high = c["int_high"][name]
            a = rng.integers(0, high, size=shape).astype("int32")
            a.flat[:: max(1, a.size // 3)] = 0  # some zeros (index 0 is a regular index, no masking)
        else:
            a = rng.normal(0.0, 1.0, shape).astype("float32")
        names.append(name)
        arrays.append(a)
    return names, arrays


def as_list(y):
    if isinstance(y, (list, tuple)):
        return list(y)
    if isinstance(y, dict):
        raise TypeError("dict outputs not supported")
    return [y]


def to_np32(y):
    import numpy as np
    return np.asarray(y).astype("float32")


def run_model(model, arrays):
    x = arrays[0] if len(arrays) == 1 else list(arrays)
    return [to_np32(y) for y in as_list(model(x, training=False))]


def shape_list(shape):
    if shape is None:
        return None
    return [None if d is None else int(d) for d in shape]


def output_keys(model):
    keys, per_layer = [], {}
    hist = [t._keras_history for t in model.outputs]
    for h in hist:
        per_layer[h[0].name] = per_layer.get(h[0].name, 0) + 1
    for h in hist:
        name = h[0].name
        keys.append(name if per_layer[name] == 1 else "%s:%d" % (name, h[2]))
    if len(set(keys)) != len(keys):
        raise ValueError("ambiguous output keys %r" % keys)
    return keys


def layer_output_shape(layer):
    try:
        out = layer.output
    except Exception:  # noqa: BLE001 -- tf_keras: layer used several times
        out = layer.get_output_at(0)
    if isinstance(out, (list, tuple)):
        return [shape_list(o.shape) for o in out]
    return shape_list(out.shape)


def model_output_shapes(model):
    shapes = [shape_list(t.shape) for t in model.outputs]
    try:
        mos = model.output_shape
        mos = [mos] if len(model.outputs) == 1 else list(mos)
        assert [shape_list(s) for s in mos] == shapes, (mos, shapes)
    except AttributeError:
        pass
    return shapes


def max_abs_diff(a_list, b_list):
    import numpy as np
    return float(max(np.max(np.abs(a - b)) if a.size else 0.0 for a, b in zip(a_list, b_list)))


def generate_case(K, writer, c, status):
    import numpy as np
    name = c["name"]
    out_dir = os.path.join(FIXTURES, name, writer)
    ctx = Ctx(writer, name)
    K.backend.clear_session()
    try:
        model = c["builder"](K, ctx)
        n_vars = randomize_weights(model, name, c["scales"])
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        status["skipped"].append({"case": name, "writer": writer,
                                  "why": "build failed: %s: %s" % (type(e).__name__, str(e).splitlines()[0][:300])})
        return
    os.makedirs(out_dir, exist_ok=True)

    in_names, arrays = make_inputs(model, c, writer)
    out_keys = output_keys(model)
    outputs = None
    if not c["no_data"]:
        try:
            outputs = run_model(model, arrays)
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            shutil.rmtree(out_dir, ignore_errors=True)
            status["skipped"].append({"case": name, "writer": writer,
                                      "why": "predict failed: %s: %s" % (type(e).__name__, str(e).splitlines()[0][:300])})
            return
        assert len(outputs) == len(out_keys)
        for k, sym, y in zip(out_keys, model_output_shapes(model), outputs):
            if len(sym) != y.ndim or any(d is not None and d != n for d, n in zip(sym, y.shape)):
                ctx.notes.append("output %s: Keras's symbolic output shape %s (in output_shapes/summary) "
                                 "differs from the computed array shape %s" % (k, sym, list(y.shape)))
        np.savez(os.path.join(out_dir, "inputs.npz"), **dict(zip(in_names, arrays)))
        np.savez(os.path.join(out_dir, "outputs.npz"), **dict(zip(out_keys, outputs)))

    # --- write the model files
    files, file_errors = {}, {}
    weights_name = "model.weights.h5" if writer == "keras3" else "model_weights.h5"

    def attempt(key, fn, value):
        try:
            fn()
            files[key] = value
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            file_errors[key] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:300])

    def save_json_weights():
        with open(os.path.join(out_dir, "model.json"), "w") as f:
            f.write(model.to_json())
        model.save_weights(os.path.join(out_dir, weights_name))

    attempt("keras", lambda: model.save(os.path.join(out_dir, "model.keras")), "model.keras")
    attempt("h5", lambda: model.save(os.path.join(out_dir, "model.h5")), "model.h5")
    attempt("json", save_json_weights, ["model.json", weights_name])
    for k, fn in (("keras", "model.keras"), ("h5", "model.h5")):
        if k not in files and os.path.exists(os.path.join(out_dir, fn)):
            os.remove(os.path.join(out_dir, fn))

    # --- reload every written file with the same Keras (sanity check of the files)
    reload = {}
    for key in files:
        try:
            if key == "json":
                with open(os.path.join(out_dir, "model.json")) as f:
                    m2 = K.models.model_from_json(f.read())
                m2.load_weights(os.path.join(out_dir, weights_name))
            else:
                m2 = K.models.load_model(os.path.join(out_dir, files[key]), compile=False)
            if outputs is None:
                reload[key] = "loaded"
            else:
                reload[key] = "max_abs_diff=%.3g" % max_abs_diff(outputs, run_model(m2, arrays))
        except Exception as e:  # noqa: BLE001
            reload[key] = "error: %s: %s" % (type(e).__name__, str(e).strip().splitlines()[0][:200])

    summary = []
    for layer in model.layers:
        summary.append({"name": layer.name, "class": type(layer).__name__,
                        "output_shape": layer_output_shape(layer),
                        "params": int(layer.count_params())})
    manifest = {
        "case": name,
        "writer": writer,
        "keras_version": K.__version__,
        "inputs": in_names,
        "outputs": out_keys,
        "files": files,
        "output_shapes": model_output_shapes(model),
        "count_params": int(model.count_params()),
        "summary": summary,
    }
    if c["no_data"]:
        manifest["no_data"] = True
    if c["tolerance"]:
        manifest["tolerance"] = c["tolerance"]
    if ctx.notes:
        manifest["notes"] = ctx.notes
    if file_errors:
        manifest["file_errors"] = file_errors
    manifest["keras_reload"] = reload
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")

    entry = {"dir": "%s/%s" % (name, writer), "files": files, "keras_reload": reload}
    for k, v in (("no_data", c["no_data"]), ("notes", ctx.notes), ("file_errors", file_errors)):
        if v:
            entry[k] = v
    status["cases"][name] = entry
    for k, err in file_errors.items():
        status["skipped"].append({"case": name, "writer": writer, "format": k, "why": err})
    rng_info = ""
    if outputs is not None:
        rng_info = " out range [%.2f, %.2f]" % (min(float(o.min()) for o in outputs),
                                                max(float(o.max()) for o in outputs))
    print("  %-22s %-8s vars=%d files=%s reload=%s%s" % (name, writer, n_vars, sorted(files), reload, rng_info))

    if writer == "keras3" and name == "video_classifier" and "keras" in files:
        os.makedirs(EXAMPLES, exist_ok=True)
        shutil.copyfile(os.path.join(out_dir, "model.keras"), os.path.join(EXAMPLES, "video_classifier.keras"))
        np.save(os.path.join(EXAMPLES, "video_input.npy"), arrays[0].astype("float32"))
        np.save(os.path.join(EXAMPLES, "video_expected.npy"), outputs[0].astype("float32"))


def writer_main(writer, case_names, status_path):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.filterwarnings("ignore")
    if writer == "keras3":
        os.environ["KERAS_BACKEND"] = "jax"
        # Without x64, JAX silently makes float64 variables/compute float32 (dtype_policy case).
        import jax
        jax.config.update("jax_enable_x64", True)
        import keras as K
        assert K.backend.backend() == "jax", K.backend.backend()
    else:
        import tf_keras as K
    import numpy as np
    MODEL_CLASS[0] = K.Model
    np.random.seed(0)
    K.utils.set_random_seed(0)
    status = {"writer": writer, "keras_version": K.__version__, "cases": {}, "skipped": []}
    for c in CASES:
        if case_names and c["name"] not in case_names:
            continue
        if writer not in c["writers"]:
            continue
        generate_case(K, writer, c, status)
    status["rejected_activations"] = REJECTED_ACTIVATIONS.get(writer, {})
    with open(status_path, "w") as f:
        json.dump(status, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--writer", choices=WRITERS)
    ap.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    ap.add_argument("--status", help="(internal) where a writer process reports")
    args = ap.parse_args()
    case_names = [s for s in args.cases.split(",") if s]
    unknown = set(case_names) - {c["name"] for c in CASES}
    if unknown:
        ap.error("unknown cases: %s" % sorted(unknown))

    if args.writer:
        writer_main(args.writer, case_names, args.status)
        return

    if not case_names:
        shutil.rmtree(FIXTURES, ignore_errors=True)
        shutil.rmtree(EXAMPLES, ignore_errors=True)
    else:
        for n in case_names:
            shutil.rmtree(os.path.join(FIXTURES, n), ignore_errors=True)
    os.makedirs(FIXTURES, exist_ok=True)

    index_path = os.path.join(FIXTURES, "index.json")
    statuses = []
    for writer in WRITERS:
        status_path = os.path.join(FIXTURES, ".status_%s.json" % writer)
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="0")
        if writer == "keras3":
            env["KERAS_BACKEND"] = "jax"
        print("== writer %s" % writer, flush=True)
        cmd = [sys.executable, os.path.abspath(__file__), "--writer", writer, "--status", status_path]
        if case_names:
            cmd += ["--cases", ",".join(case_names)]
        rc = subprocess.call(cmd, env=env)
        if rc != 0 or not os.path.exists(status_path):
            sys.exit("writer %s failed (exit code %d)" % (writer, rc))
        with open(status_path) as f:
            statuses.append(json.load(f))
        os.remove(status_path)

    index = {"versions": {}, "cases": {}, "skipped": [], "rejected_activations": {}}
    if case_names and os.path.exists(index_path):  # partial run: merge into the existing index
        with open(index_path) as f:
            index = json.load(f)
        index["skipped"] = [s for s in index["skipped"] if s["case"] not in case_names]
    for st in statuses:
        w = st["writer"]
        index["versions"][w] = st["keras_version"]
        for name, info in st["cases"].items():
            index["cases"].setdefault(name, {})[w] = info
        index["skipped"].extend(st["skipped"])
        if st["rejected_activations"]:
            index["rejected_activations"][w] = st["rejected_activations"]
    for c in CASES:  # a case that is declared for a writer but produced nothing is a skip too
        for w in c["writers"]:
            if (case_names and c["name"] not in case_names) or w in index["cases"].get(c["name"], {}):
                continue
            if not any(s["case"] == c["name"] and s["writer"] == w for s in index["skipped"]):
                index["skipped"].append({"case": c["name"], "writer": w, "why": "not produced"})
    index["cases"] = {c["name"]: index["cases"][c["name"]] for c in CASES if c["name"] in index["cases"]}
    with open(index_path, "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    print("skipped:", json.dumps(index["skipped"], indent=1))
    print("rejected activations:", json.dumps(index["rejected_activations"], indent=1))


if __name__ == "__main__":
    main()
