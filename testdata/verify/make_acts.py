"""Writes per-layer activations for `jkeras verify --activations` tests, with the README's three-line snippet.

For each case below and each writer (Keras 3, tf_keras), loads testdata/fixtures/<case>/<writer>/model.keras, runs
it on that fixture's inputs.npz and writes <case>/<writer>/acts.npz here: every top-level layer's output (its first
call), keyed by layer name. Run from the repository root:

    /work/venv/bin/python testdata/verify/make_acts.py            # both writers, each in its own process
"""
import os
import subprocess
import sys

import numpy as np

CASES = ["conv_bn_pool", "functional_multi", "embedding_lstm"]
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")


def write(writer):
    if writer == "tfkeras":
        import tf_keras as keras
    else:
        os.environ.setdefault("KERAS_BACKEND", "jax")
        import keras
    for case in CASES:
        src = os.path.join(FIXTURES, case, writer)
        model = keras.models.load_model(os.path.join(src, "model.keras"), compile=False)
        xs = np.load(os.path.join(src, "inputs.npz"))
        x = [xs[n] for n in xs.files] if len(xs.files) > 1 else xs[xs.files[0]]
        out = os.path.join(HERE, case, writer)
        os.makedirs(out, exist_ok=True)
        # --- the README snippet, verbatim (acts.npz written into the case's directory)
        layers = [l for l in model.layers if not isinstance(l, keras.layers.InputLayer)]
        probe = keras.Model(model.inputs, {l.name: l.output for l in layers})
        np.savez(os.path.join(out, "acts.npz"), **probe.predict(x, verbose=0))
        # ---
        print(writer, case, {k: v.shape for k, v in np.load(os.path.join(out, "acts.npz")).items()})


if __name__ == "__main__":
    if len(sys.argv) > 1:
        write(sys.argv[1])
    else:
        for w in ["keras3", "tfkeras"]:
            subprocess.run([sys.executable, __file__, w], check=True)
