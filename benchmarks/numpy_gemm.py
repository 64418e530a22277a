"""numpy float32 GEMM (BLAS sgemm) peer for GemmBenchmark: n x n x n for n = 256, 1024, with the
BLAS pool limited by threadpoolctl to 1 and to 2 threads. Prints the BLAS library and kernel that
threadpoolctl reports (stderr) and one JSON object per line (stdout):
  {"case": "gemm_1024", "style": "numpy", "threads": 1, "median_ms": ..., "gflops": ..., ...}
Run with the machine's OpenBLAS tuning variables removed, so OpenBLAS picks its own kernel:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /work/venv/bin/python benchmarks/numpy_gemm.py [THREADS ...]
(THREADS: the BLAS thread limits to time, default 1 2)
(pip install threadpoolctl into the venv if missing)
"""
import json
import math
import os
import statistics
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def timed(fn):
    for _ in range(3):
        fn()
    t0 = time.perf_counter()
    fn()
    per = time.perf_counter() - t0
    calls = max(1, min(100, math.ceil(0.3 / per)))
    res = []
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        res.append((time.perf_counter() - t0) / calls * 1e3)
    return statistics.median(res), min(res), max(res), calls


def main():
    info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    for i in info:
        print(f"# numpy {np.__version__} BLAS: {i.get('internal_api')} {i.get('version')} "
              f"kernel/architecture={i.get('architecture')} threading={i.get('threading_layer')} "
              f"default threads={i.get('num_threads')} ({i.get('filepath')})", file=sys.stderr)
    print(f"# OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')} OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE')} "
          f"cpus {len(os.sched_getaffinity(0))}", file=sys.stderr)
    blas = info[0] if info else {}
    for threads in [int(a) for a in sys.argv[1:]] or [1, 2]:
        with threadpool_limits(limits=threads, user_api="blas"):
            for n in (256, 1024):
                rnd = np.random.default_rng(7)
                a = rnd.uniform(-1, 1, (n, n)).astype("float32")
                b = rnd.uniform(-1, 1, (n, n)).astype("float32")
                c = np.empty((n, n), dtype="float32")
                med, lo, hi, calls = timed(lambda: np.matmul(a, b, out=c))
                print(json.dumps({"case": f"gemm_{n}", "style": "numpy", "threads": threads,
                                  "median_ms": med, "min_ms": lo, "max_ms": hi, "calls": calls,
                                  "gflops": 2 * n ** 3 / med / 1e6,
                                  "blas": f"{blas.get('internal_api')} {blas.get('version')}",
                                  "kernel": blas.get("architecture"),
                                  "cpus": len(os.sched_getaffinity(0))}), flush=True)


if __name__ == "__main__":
    main()
