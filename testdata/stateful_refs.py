#!/usr/bin/env python3
"""Keras's own chunk-by-chunk outputs of stateful=True models, for StreamingTest.

    python testdata/stateful_refs.py            # after generate_fixtures.py --cases state_bidirectional

For each writer (Keras 3 on JAX, tf_keras; each in its own process) the fixture model is loaded with that
Keras, its inputs.npz is cut along time into CHUNKS, and the chunks are fed one call after the other, so
the stateful layers carry their states as Keras does between calls. Outputs go to
stateful-refs/<case>_<writer>.npz as out_<output>_<chunk>; the chunk lengths as `chunks`.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = ["state_bidirectional"]
CHUNKS = [2, 1, 2, 1]  # the last chunk starts on a padded step of row 0


def run(writer):
    import numpy as np
    if writer == "keras3":
        import keras as K
        path = "model.keras"
    else:
        import tf_keras as K
        path = "model.h5"
    for case in CASES:
        d = os.path.join(HERE, "fixtures", case, writer)
        m = K.models.load_model(os.path.join(d, path), compile=False)
        x = np.load(os.path.join(d, "inputs.npz"))
        names = [t._keras_history[0].name for t in m.inputs]
        out, start = {"chunks": np.array(CHUNKS)}, 0
        for c, n in enumerate(CHUNKS):
            feed = [x[name][:, start:start + n] for name in names]
            ys = m(feed[0] if len(feed) == 1 else feed, training=False)
            ys = ys if isinstance(ys, (list, tuple)) else [ys]
            for o, y in enumerate(ys):
                out["out_%d_%d" % (o, c)] = np.asarray(y).astype("float32")
            start += n
        np.savez(os.path.join(HERE, "stateful-refs", "%s_%s.npz" % (case, writer)), **out)
        print(case, writer, {k: v.shape for k, v in out.items()})


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run(sys.argv[1])
    else:
        os.makedirs(os.path.join(HERE, "stateful-refs"), exist_ok=True)
        for w in ("keras3", "tfkeras"):
            env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", KERAS_BACKEND="jax")
            subprocess.check_call([sys.executable, os.path.abspath(__file__), w], env=env)
