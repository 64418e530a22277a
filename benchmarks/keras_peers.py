"""Keras 3 (JAX, CPU) peer for the JMH PeerBenchmark: the same benchmarks/models/ files and inputs.

For each case NAME_bB it loads models/NAME.keras and models/NAME_bB.npy, checks the output against
models/NAME_bB_out.npy, and times two call styles:
  predict_on_batch  - what a Keras user calls for one batch (includes Keras's per-call overhead)
  jit               - a jax.jit of model.stateless_call(...) (XLA compute floor, no Keras overhead)
plus a jitted float32 `x @ y` (XLA's GEMM) for n = 256, 1024 (case gemm_<n>), and
keras.saving.load_model of NAME.keras (case load_<NAME>, style load_model; 1 untimed + 3 timed).
Each timing: a few warm-up calls, then ROUNDS rounds of `calls` calls (calls chosen so a round
lasts ~0.3 s, at least 1); median, min and max over rounds of the per-call time.

Prints one JSON object per line (stdout), e.g.
  {"case": "mlp_b256", "style": "jit", "median_ms": 1.2, "min_ms": ..., "max_ms": ..., "cpus": 2, ...}
Usage (from the repository root; generate the models first with peer_models.py):
  /work/venv/bin/python benchmarks/keras_peers.py [CASE ...] > /tmp/keras_t2.jsonl
  taskset -c 0 env XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" \\
      /work/venv/bin/python benchmarks/keras_peers.py > /tmp/keras_t1.jsonl
"""
import json
import math
import os
import statistics
import sys
import time

os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "models")
# Mirrors the @Param list of dev.jkeras.bench.PeerBenchmark
CASES = ["mlp_b256", "mlp_b1", "resnet50_b1", "mobilenetv2_b1", "transformer_b8", "transformer_b1",
         "lstm_b32", "lstm_b1", "gru_b32", "td_conv_b32", "video_b8", "gemm_256", "gemm_1024", "load_resnet50", "load_mobilenetv2"]
ROUND_S = 0.3


def timed(fn):
    """(median, min, max) ms per call, rounds, calls per round."""
    t0 = time.perf_counter()
    fn()  # first call (compilation for jit) is not timed
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    warm = 0
    while warm < 3 or (time.perf_counter() - t0 < 1.0 and warm < 50):
        fn()
        warm += 1
    per = (time.perf_counter() - t0) / warm
    calls = max(1, min(100, math.ceil(ROUND_S / per)))
    rounds = 7 if per < 0.5 else 5
    res = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        res.append((time.perf_counter() - t0) / calls * 1e3)
    return {"median_ms": statistics.median(res), "min_ms": min(res), "max_ms": max(res),
            "rounds": rounds, "calls": calls, "first_call_ms": first * 1e3}


def emit(**kw):
    kw.update(cpus=len(os.sched_getaffinity(0)), xla_flags=os.environ.get("XLA_FLAGS", ""),
              keras=keras.__version__, jax=jax.__version__)
    print(json.dumps(kw), flush=True)


def model_case(case):
    name = case.rsplit("_b", 1)[0]
    path = os.path.join(MODELS, f"{name}.keras")
    if not os.path.exists(path):
        sys.exit(f"{path} is missing; generate it: KERAS_BACKEND=jax /work/venv/bin/python benchmarks/peer_models.py {name}")
    model = keras.saving.load_model(path)
    x = np.load(os.path.join(MODELS, f"{case}.npy"))
    ref = np.load(os.path.join(MODELS, f"{case}_out.npy"))
    y = np.asarray(model.predict_on_batch(x))
    rel = float(np.max(np.abs(y.astype("float64") - ref)) / max(float(np.max(np.abs(ref))), 1e-30))
    pob = timed(lambda: model.predict_on_batch(x))
    emit(case=case, style="predict_on_batch", check_rel=rel, **pob)

    tv = [v.value for v in model.trainable_variables]
    ntv = [v.value for v in model.non_trainable_variables]
    jx = jax.numpy.asarray(x)

    @jax.jit
    def call(tv, ntv, x):
        y, _ = model.stateless_call(tv, ntv, x, training=False)
        return y

    jit = timed(lambda: jax.block_until_ready(call(tv, ntv, jx)))
    emit(case=case, style="jit", **jit)


def gemm_case(case):
    n = int(case.split("_")[1])
    rnd = np.random.default_rng(7)
    a = jax.numpy.asarray(rnd.uniform(-1, 1, (n, n)).astype("float32"))
    b = jax.numpy.asarray(rnd.uniform(-1, 1, (n, n)).astype("float32"))
    f = jax.jit(lambda x, y: x @ y)
    r = timed(lambda: f(a, b).block_until_ready())
    emit(case=case, style="jit", gflops=2 * n ** 3 / r["median_ms"] / 1e6, **r)


def load_case(case):
    name = case[len("load_"):]
    path = os.path.join(MODELS, f"{name}.keras")
    keras.saving.load_model(path)
    res = []
    for _ in range(3):
        t0 = time.perf_counter()
        keras.saving.load_model(path)
        res.append((time.perf_counter() - t0) * 1e3)
        keras.backend.clear_session()
    emit(case=case, style="load_model", median_ms=statistics.median(res), min_ms=min(res), max_ms=max(res), rounds=3, calls=1)


def main():
    cases = sys.argv[1:] or CASES
    print(f"# keras {keras.__version__} jax {jax.__version__} devices {jax.devices()} "
          f"cpus {len(os.sched_getaffinity(0))} XLA_FLAGS={os.environ.get('XLA_FLAGS', '')!r}", file=sys.stderr)
    for case in cases:
        if case.startswith("gemm_"):
            gemm_case(case)
        elif case.startswith("load_"):
            load_case(case)
        else:
            model_case(case)


if __name__ == "__main__":
    main()
