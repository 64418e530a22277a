"""Keras 3 (JAX, CPU) peer for the jkeras JMH benchmarks: same models, same input shapes.

Prints one line per case: milliseconds per call, median of REPEATS timed rounds, each round the
mean of CALLS calls after WARMUP untimed calls. Two call styles are timed:
  predict_on_batch  - what a Keras user calls for one batch (includes Keras's per-call overhead)
  jit               - a jax.jit of model.stateless_call(...) (XLA compute floor, no Keras overhead)
Run from the repository root:  /work/venv/bin/python benchmarks/keras_peer.py
Single core:                   taskset -c 0 /work/venv/bin/python benchmarks/keras_peer.py
"""
import os
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

# Mirrors dev.jkeras.bench.Fixtures.Case
CASES = [
    ("video_b2", "testdata/examples/video_classifier.keras", 2),
    ("video_b32", "testdata/examples/video_classifier.keras", 32),
    ("tfm_b32", "testdata/fixtures/tfm_encoder/keras3/model.keras", 32),
    ("conv_b32", "testdata/fixtures/conv_bn_pool/keras3/model.keras", 32),
    ("lstm_b32", "testdata/fixtures/rnn_lstm/keras3/model.keras", 32),
]
WARMUP, CALLS, REPEATS = 20, 50, 7


def inputs(model, batch):
    rnd = np.random.default_rng(42)
    out = []
    for t in model.inputs:
        shape = (batch,) + tuple(t.shape[1:])
        if t.name == "tokens":
            out.append(rnd.integers(0, 7, shape).astype("int32"))
        elif t.name == "positions":
            out.append(np.broadcast_to(np.arange(shape[-1], dtype="int32"), shape).copy())
        else:
            out.append(rnd.uniform(-1, 1, shape).astype("float32"))
    return out


def median_ms(fn):
    for _ in range(WARMUP):
        fn()
    rounds = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        for _ in range(CALLS):
            fn()
        rounds.append((time.perf_counter() - t0) / CALLS * 1e3)
    return statistics.median(rounds), min(rounds), max(rounds)


def gemm(n):
    rnd = np.random.default_rng(7)
    a = jax.numpy.asarray(rnd.uniform(-1, 1, (n, n)).astype("float32"))
    b = jax.numpy.asarray(rnd.uniform(-1, 1, (n, n)).astype("float32"))
    f = jax.jit(lambda x, y: x @ y)
    return median_ms(lambda: f(a, b).block_until_ready())


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    print(f"keras {keras.__version__} jax {jax.__version__} backend {keras.backend.backend()} "
          f"devices {jax.devices()} cpus {len(os.sched_getaffinity(0))}")
    print(f"{'case':<12} {'style':<17} {'median_ms':>10} {'min_ms':>9} {'max_ms':>9}")
    for name, path, batch in CASES:
        model = keras.saving.load_model(os.path.join(root, path))
        xs = inputs(model, batch)
        arg = xs if len(xs) > 1 else xs[0]
        res = median_ms(lambda: model.predict_on_batch(arg))
        print(f"{name:<12} {'predict_on_batch':<17} {res[0]:10.4f} {res[1]:9.4f} {res[2]:9.4f}", flush=True)
        tv = [v.value for v in model.trainable_variables]
        ntv = [v.value for v in model.non_trainable_variables]
        jx = [jax.numpy.asarray(x) for x in xs]

        @jax.jit
        def call(tv, ntv, xs):
            y, _ = model.stateless_call(tv, ntv, xs if len(xs) > 1 else xs[0], training=False)
            return y

        res = median_ms(lambda: jax.block_until_ready(call(tv, ntv, jx)))
        print(f"{name:<12} {'jit':<17} {res[0]:10.4f} {res[1]:9.4f} {res[2]:9.4f}", flush=True)
    for name, path in [("video", CASES[0][1]), ("tfm", CASES[2][1])]:
        t = []
        for _ in range(5):
            t0 = time.perf_counter()
            keras.saving.load_model(os.path.join(root, path))
            t.append((time.perf_counter() - t0) * 1e3)
        print(f"load_{name:<7} {'load_model':<17} {statistics.median(t):10.4f} {min(t):9.4f} {max(t):9.4f}", flush=True)
    for n in (256, 1024):
        res = gemm(n)
        print(f"gemm_{n:<7} {'jit':<17} {res[0]:10.4f} {res[1]:9.4f} {res[2]:9.4f}  "
              f"{2 * n ** 3 / res[0] / 1e6:.1f} GFLOP/s", flush=True)


if __name__ == "__main__":
    main()
