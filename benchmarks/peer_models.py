"""Generates the real-size peer-benchmark models into benchmarks/models/ (git-ignored).

For every case NAME (mlp, resnet50, mobilenetv2, transformer, lstm, gru, td_conv, video):
  NAME.keras            Keras 3 model, random weights, fixed seed (the file jkeras loads); biases
                        and BatchNormalization statistics are random too, not 0/1 (else tf2onnx
                        folds them away and the engines would not do the same work)
  NAME_b<B>.npy         the input batch (float32; int32 token ids < vocab for lstm/gru)
  NAME_b<B>_out.npy     Keras 3's own float32 output for that input (the reference)
  NAME.onnx             the same architecture built in tf_keras, Keras 3's weights copied in,
                        converted with tf2onnx (dynamic batch); ONNX Runtime's output is checked
                        against NAME_b<B>_out.npy here and again by the JMH PeerBenchmark setup

Usage (from the repository root):
  KERAS_BACKEND=jax /work/venv/bin/python benchmarks/peer_models.py            # all, skip existing
  KERAS_BACKEND=jax /work/venv/bin/python benchmarks/peer_models.py mlp lstm   # some
  ... --force                                                                  # regenerate
  ... --list                                                                   # print case names
  ... --h5      also write NAME_tfkeras.h5 (Keras 2 HDF5 of the tf_keras twin) for the optional DL4J peer

The transformer's FFN uses gelu (exact, erf form) in Keras 3. tf_keras's "gelu" lowers to the TF
op Erfc, which tf2onnx cannot convert, so the tf_keras twin computes the identical function as
0.5*x*(1+erf(x/sqrt(2))) (ONNX Erf); the Keras 3 .keras file keeps activation="gelu".
"""
import argparse
import os
import warnings
import sys
import time

os.environ["KERAS_BACKEND"] = os.environ.get("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "models")
VOCAB = 10000
OPSET = 17

# name -> (input shape without batch, input dtype, batches)
CASES = {
    "mlp": ((784,), "float32", (256, 1)),
    "resnet50": ((224, 224, 3), "float32", (1,)),
    "mobilenetv2": ((224, 224, 3), "float32", (1,)),
    "transformer": ((128, 256), "float32", (8, 1)),
    "lstm": ((200,), "int32", (32, 1)),
    "gru": ((200,), "int32", (32, 1)),
    "td_conv": ((10, 128, 128, 3), "float32", (32, 1)),
    "video": ((16, 64, 64, 3), "float32", (8,)),
}


def build(K, name, gelu, rnn_init="orthogonal"):
    """The architecture `name` in the Keras API module K (keras or tf_keras); explicit layer names
    so that weights can be copied layer by layer. `gelu` is the FFN activation; `rnn_init` the
    recurrent initializer written into the config (irrelevant for inference: weights are set)."""
    L = K.layers
    shape, dtype, _ = CASES[name]
    if name == "resnet50":
        return K.applications.ResNet50(weights=None, input_shape=shape)
    if name == "mobilenetv2":
        return K.applications.MobileNetV2(weights=None, input_shape=shape)
    if name == "mlp":
        return K.Sequential([K.Input(shape=shape, dtype=dtype, name="input"),
                             L.Dense(512, activation="relu", name="dense_1"),
                             L.Dense(512, activation="relu", name="dense_2"),
                             L.Dense(10, activation="softmax", name="dense_3")], name=name)
    inp = K.Input(shape=shape, dtype=dtype, name="input")
    if name == "transformer":
        x = inp
        for i in range(4):
            a = L.MultiHeadAttention(num_heads=8, key_dim=32, name=f"mha_{i}")(x, x)
            x = L.LayerNormalization(epsilon=1e-6, name=f"ln_att_{i}")(L.Add(name=f"add_att_{i}")([x, a]))
            f = L.Dense(1024, activation=gelu, name=f"ffn_up_{i}")(x)
            f = L.Dense(256, name=f"ffn_down_{i}")(f)
            x = L.LayerNormalization(epsilon=1e-6, name=f"ln_ffn_{i}")(L.Add(name=f"add_ffn_{i}")([x, f]))
        x = L.GlobalAveragePooling1D(name="gap")(x)
        out = L.Dense(10, name="head")(x)
    elif name in ("lstm", "gru"):
        x = L.Embedding(VOCAB, 128, name="embedding")(inp)
        rnn = L.LSTM if name == "lstm" else L.GRU
        x = rnn(128, recurrent_initializer=rnn_init, name=name)(x)
        out = L.Dense(1, activation="sigmoid", name="head")(x)
    elif name == "td_conv":
        out = L.TimeDistributed(L.Conv2D(64, (3, 3), name="conv"), name="td_conv")(inp)
    elif name == "video":
        x = L.TimeDistributed(L.Conv2D(32, 3, activation="relu", name="conv_1"), name="td_conv_1")(inp)
        x = L.TimeDistributed(L.MaxPooling2D(name="pool"), name="td_pool")(x)
        x = L.TimeDistributed(L.Conv2D(64, 3, activation="relu", name="conv_2"), name="td_conv_2")(x)
        x = L.TimeDistributed(L.GlobalAveragePooling2D(name="gap"), name="td_gap")(x)
        x = L.LSTM(64, recurrent_initializer=rnn_init, name="lstm")(x)
        out = L.Dense(10, activation="softmax", name="head")(x)
    else:
        raise ValueError(name)
    return K.Model(inp, out, name=name)


def files(name):
    _, _, batches = CASES[name]
    fs = [f"{name}.keras", f"{name}.onnx"]
    for b in batches:
        fs += [f"{name}_b{b}.npy", f"{name}_b{b}_out.npy"]
    return [os.path.join(OUT, f) for f in fs]


def make_input(name, batch):
    shape, dtype, _ = CASES[name]
    rnd = np.random.default_rng(1000 + batch)
    if dtype == "int32":
        return rnd.integers(0, VOCAB, (batch,) + shape).astype("int32")
    return rnd.uniform(-1, 1, (batch,) + shape).astype("float32")


def errors(got, ref):
    got, ref = np.asarray(got, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    abs_err = float(np.max(np.abs(got - ref)))
    return abs_err, abs_err / max(float(np.max(np.abs(ref))), 1e-30)


def copy_weights(src, dst):
    """Keras 3 -> tf_keras, layer by layer by name (falls back to the order of weighted layers)."""
    s = {l.name: l for l in src.layers if l.weights}
    d = {l.name: l for l in dst.layers if l.weights}
    if set(s) == set(d):
        pairs = [(s[n], d[n]) for n in s]
    else:
        sl = [l for l in src.layers if l.weights]
        dl = [l for l in dst.layers if l.weights]
        if len(sl) != len(dl):
            raise RuntimeError(f"{src.name}: {len(sl)} weighted layers in Keras 3, {len(dl)} in tf_keras")
        pairs = list(zip(sl, dl))
    n = 0
    for a, b in pairs:
        w = a.get_weights()
        bw = b.get_weights()
        if [x.shape for x in w] != [x.shape for x in bw]:
            raise RuntimeError(f"{a.name} -> {b.name}: shapes {[x.shape for x in w]} vs {[x.shape for x in bw]}")
        b.set_weights(w)
        n += sum(x.size for x in w)
    return n


def randomize_constants(model, seed=7):
    """Keras initializes biases, BatchNormalization beta/mean to 0 and gamma/variance to 1. Left
    like that, converters fold them away (tf2onnx drops an all-zero bias Add), so the peers would
    not do the same work, and a kernel that ignores them would pass the checks. Give every such
    constant tensor small random values instead (variances stay positive)."""
    rnd = np.random.default_rng(seed)
    for v in model.weights:
        w = np.asarray(v.numpy())
        if w.size and np.all(w == 0):
            v.assign(rnd.normal(0, 0.05, w.shape).astype(w.dtype))
        elif w.size and np.all(w == 1):
            v.assign(rnd.uniform(0.8, 1.2, w.shape).astype(w.dtype))


def generate(name):
    import keras
    import tensorflow as tf
    import tf_keras
    import tf2onnx
    import onnxruntime as ort

    t0 = time.time()
    shape, dtype, batches = CASES[name]
    keras.utils.set_random_seed(42)
    m3 = build(keras, name, "gelu")
    randomize_constants(m3)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{name}.keras")
    m3.save(path)
    refs = {}
    for b in batches:
        x = make_input(name, b)
        y = np.asarray(keras.ops.convert_to_numpy(m3(x, training=False)), dtype="float32")
        np.save(os.path.join(OUT, f"{name}_b{b}.npy"), x)
        np.save(os.path.join(OUT, f"{name}_b{b}_out.npy"), y)
        refs[b] = (x, y)
        print(f"  {name}_b{b}: input {x.shape} {x.dtype}, output {y.shape} "
              f"(range {y.min():.4g}..{y.max():.4g})", flush=True)
    print(f"  {name}.keras: {m3.count_params():,} params, {os.path.getsize(path) / 1e6:.1f} MB", flush=True)

    def gelu_erf(x):
        return 0.5 * x * (1.0 + tf.math.erf(x * 0.7071067811865476))

    tf_keras.utils.set_random_seed(42)
    mt = build(tf_keras, name, gelu_erf)
    n = copy_weights(m3, mt)
    if n != m3.count_params():
        raise RuntimeError(f"{name}: copied {n} values, Keras 3 has {m3.count_params()} parameters")
    for b, (x, y) in refs.items():
        a, r = errors(mt(x, training=False).numpy(), y)
        print(f"  tf_keras vs Keras 3, b{b}: max abs {a:.3g}, rel {r:.3g}", flush=True)
        if r > 1e-4:
            raise RuntimeError(f"{name}: tf_keras twin differs from Keras 3 (rel {r:.3g})")

    onnx_path = os.path.join(OUT, f"{name}.onnx")
    spec = (tf.TensorSpec((None,) + shape, tf.as_dtype(dtype), name="input"),)
    tf2onnx.convert.from_keras(mt, input_signature=spec, opset=OPSET, output_path=onnx_path)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    ops = {}
    import onnx
    for node in onnx.load(onnx_path, load_external_data=False).graph.node:
        ops[node.op_type] = ops.get(node.op_type, 0) + 1
    print(f"  {name}.onnx: {os.path.getsize(onnx_path) / 1e6:.1f} MB, opset {OPSET}, input "
          f"{sess.get_inputs()[0].name} {sess.get_inputs()[0].type}; ops {dict(sorted(ops.items()))}", flush=True)
    for b, (x, y) in refs.items():
        got = sess.run(None, {sess.get_inputs()[0].name: x})[0]
        a, r = errors(got, y)
        print(f"  onnxruntime vs Keras 3, b{b}: max abs {a:.3g}, rel {r:.3g}", flush=True)
        if r > 1e-3:
            raise RuntimeError(f"{name}: ONNX Runtime differs from Keras 3 (rel {r:.3g})")
    print(f"  {name}: done in {time.time() - t0:.0f} s", flush=True)


def export_h5(name):
    """For the optional DL4J peer (benchmarks/dl4j): the tf_keras twin of NAME.keras, weights
    copied from it, saved as Keras 2 HDF5 NAME_tfkeras.h5 (DL4J imports Keras 2 .h5, not .keras)."""
    import keras
    import tensorflow as tf
    import tf_keras
    m3 = keras.saving.load_model(os.path.join(OUT, f"{name}.keras"))

    def gelu_erf(x):
        return 0.5 * x * (1.0 + tf.math.erf(x * 0.7071067811865476))

    # DL4J initializes every layer before importing the weights; its orthogonal init of an
    # LSTM recurrent kernel runs for minutes, so the h5's config names glorot_uniform instead
    mt = build(tf_keras, name, gelu_erf, rnn_init="glorot_uniform")
    copy_weights(m3, mt)
    path = os.path.join(OUT, f"{name}_tfkeras.h5")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "HDF5 ... is considered legacy"
        mt.save(path, save_format="h5")
    print(f"  {path}: {os.path.getsize(path) / 1e6:.1f} MB", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help=f"cases (default: all): {' '.join(CASES)}")
    ap.add_argument("--force", action="store_true", help="regenerate even if the files exist")
    ap.add_argument("--list", action="store_true", help="print the case names and exit")
    ap.add_argument("--h5", action="store_true", help="also write NAME_tfkeras.h5 (tf_keras twin, Keras 2 HDF5) for the DL4J peer")
    args = ap.parse_args()
    if args.list:
        print(" ".join(CASES))
        return
    names = args.names or list(CASES)
    bad = [n for n in names if n not in CASES]
    if bad:
        sys.exit(f"unknown case(s) {bad}; known: {' '.join(CASES)}")
    for name in names:
        if not args.force and all(os.path.exists(f) for f in files(name)):
            print(f"{name}: files exist in {OUT}, skipped (--force to regenerate)")
        else:
            print(f"{name}: generating", flush=True)
            generate(name)
        if args.h5 and (args.force or not os.path.exists(os.path.join(OUT, f"{name}_tfkeras.h5"))):
            print(f"{name}: exporting {name}_tfkeras.h5", flush=True)
            export_h5(name)


if __name__ == "__main__":
    main()
