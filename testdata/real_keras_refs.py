#!/usr/bin/env python3
"""Reference outputs for real Keras files that ship without usable ones (../shared/real-keras/dl4j).

    python testdata/real_keras_refs.py

The tf.keras "2.2.4-tf" files (tfkeras/*) and the Keras 1.2.2 / 2.1.3 files in weights/ come without
inputs or outputs, and examples/simple_lstm/simple_lstm_tf_keras_2
(Keras 2.0.6) ships the training targets in place of predictions. For each, tf_keras (the Keras 2 code of
TF 2.21, whose RNN math and hard_sigmoid are those of the writers) predicts on seeded inputs: N(0, 1)
floats, or token ids below the Embedding's input_dim; the batch is 2 and an unknown time length 4, unless
the file fixes them. A Keras 1 file (*_1.h5) cannot be loaded by tf_keras as a model, so its weights are
loaded, with tf_keras's own Keras 1 conversion, into the Keras 2 twin of the same network (*_2.h5).
Inputs and outputs go to real-keras-refs/<file stem>.npz as in_<i> / out_<i>; RealKerasRefsTest
runs jkeras on the Keras 1/2 file itself and compares.
"""

import glob
import os
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(os.path.dirname(HERE), "..", "shared", "real-keras", "dl4j")
OUT = os.path.join(HERE, "real-keras-refs")
PATTERNS = ["tfkeras/*.h5", "examples/simple_lstm/simple_lstm_tf_keras_2_model.h5",
            "weights/*_tensorflow_?.h5"]


def load(K, path):
    if path.endswith("_tensorflow_1.h5"):
        m = K.models.load_model(path.replace("_1.h5", "_2.h5"), compile=False)
        m.load_weights(path)
        return m
    return K.models.load_model(path, compile=False)


def make_input(K, m, t, rng):
    shape = (t.shape[0] or 2,) + tuple(d or 4 for d in t.shape[1:])
    emb = [l for l in m.layers if isinstance(l, K.layers.Embedding)]
    if emb and ("int" in t.dtype.name or emb[0].input is t):
        return rng.integers(0, emb[0].input_dim, size=shape).astype("int32")
    return rng.normal(0.0, 1.0, shape).astype("float32")


def main():
    import numpy as np
    import tf_keras as K
    os.makedirs(OUT, exist_ok=True)
    files = sorted(f for p in PATTERNS for f in glob.glob(os.path.join(SHARED, p)))
    if not files:
        raise SystemExit("no files under " + SHARED)
    for f in files:
        rel = os.path.relpath(f, SHARED)
        try:
            m = load(K, f)
        except Exception as e:  # noqa: BLE001 -- a file tf_keras cannot load gets no reference
            print("%-45s skipped: tf_keras cannot load it: %s" % (rel, str(e).strip().splitlines()[0][:120]))
            continue
        rng = np.random.default_rng(zlib.crc32(rel.encode()))
        xs = [make_input(K, m, t, rng) for t in m.inputs]
        ys = m(xs[0] if len(xs) == 1 else xs, training=False)
        ys = ys if isinstance(ys, (list, tuple)) else [ys]
        if sum(x.size for x in xs) + sum(int(np.prod(y.shape)) for y in ys) > 100_000:
            print("%-45s skipped: fixed shapes too large to ship as a reference" % rel)
            continue
        arrays = {"in_%d" % i: x for i, x in enumerate(xs)}
        arrays.update({"out_%d" % i: np.asarray(y).astype("float32") for i, y in enumerate(ys)})
        stem = os.path.splitext(os.path.basename(f))[0]
        np.savez_compressed(os.path.join(OUT, stem + ".npz"), **arrays)
        print("%-45s %s -> %s" % (rel, [x.shape for x in xs], [a.shape for k, a in arrays.items() if k.startswith("out")]))


if __name__ == "__main__":
    main()
