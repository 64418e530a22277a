"""Median (and min/max) over JMH measurement iterations, from a `-rf json` result file.

Usage: python benchmarks/jmh_median.py result.json
GEMM rows also print GFLOP/s = 2*n^3 / median time.
"""
import json
import statistics
import sys

for r in json.load(open(sys.argv[1])):
    its = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
    med = statistics.median(its)
    params = ",".join(f"{k}={v}" for k, v in r.get("params", {}).items())
    name = r["benchmark"].rsplit(".", 2)[-2] + " " + params
    extra = ""
    if "Gemm" in r["benchmark"]:
        n = int(r["params"]["n"])
        extra = f"  {2 * n ** 3 / med / 1e6:.1f} GFLOP/s"
    print(f"{name:<36} median {med:10.4f} {r['primaryMetric']['scoreUnit']}  "
          f"min {min(its):.4f} max {max(its):.4f} (n={len(its)}){extra}")
