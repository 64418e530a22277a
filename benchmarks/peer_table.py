"""One markdown table from a run_peers.sh run: JMH JSON (PeerBenchmark, PeerLoadBenchmark,
GemmBenchmark), keras_peers.py JSON lines and numpy_gemm.py JSON lines.

Usage:
  python3 benchmarks/peer_table.py --jmh 1=t1.json [--jmh 1=t1_heavy.json] --jmh 2=t2.json \\
      --keras 1=keras_t1.jsonl --keras 2=keras_t2.jsonl [--numpy numpy.jsonl] [--dl4j 1=dl4j_t1.jsonl ...]
The number before '=' is the thread count of that run. Times are ms per call (one batch): the
median over JMH measurement iterations (min-max in parentheses) and over keras_peers.py rounds.
Ratios are jkeras / peer (< 1: jkeras faster). GEMM rows: jkeras's MatMul.gemm vs numpy's sgemm
(OpenBLAS, threadpoolctl-limited) in the ORT column and XLA's jitted x @ y in the Keras jit column,
with GFLOP/s; load rows: KerasModels.load vs ORT session creation vs keras.saving.load_model.
"""
import argparse
import json
import statistics
import sys

ORDER = ["mlp_b256", "mlp_b1", "resnet50_b1", "mobilenetv2_b1", "transformer_b8", "transformer_b1",
         "lstm_b32", "lstm_b1", "gru_b32", "td_conv_b32", "video_b8"]


def labelled(specs):
    out = []
    for s in specs or []:
        if "=" not in s:
            sys.exit(f"expected THREADS=FILE, got {s}")
        t, f = s.split("=", 1)
        out.append((int(t), f))
    return out


def load_jmh(specs):
    """{(threads, bench, key, engine): (median, min, max)}"""
    res = {}
    for t, f in labelled(specs):
        try:
            data = json.load(open(f))
        except (OSError, ValueError) as e:
            print(f"warning: {f}: {e}", file=sys.stderr)
            continue
        for r in data:
            its = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
            if not its:
                continue
            bench = r["benchmark"].rsplit(".", 2)[-2]
            p = r.get("params", {})
            key = p.get("kase") or p.get("model") or p.get("n")
            res[(t, bench, key, p.get("engine", "jkeras"))] = (statistics.median(its), min(its), max(its))
    return res


def load_lines(specs):
    """{(threads, case, style): record}"""
    res = {}
    for t, f in specs:
        try:
            lines = open(f).read().splitlines()
        except OSError as e:
            print(f"warning: {f}: {e}", file=sys.stderr)
            continue
        for line in lines:
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                res[(r.get("threads", t), r["case"], r["style"])] = r
    return res


def ms(x):
    if x is None:
        return "—"
    return f"{x:.3g}" if x < 100 else f"{x:.0f}"


def ratio(a, b):
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jmh", action="append", default=[])
    ap.add_argument("--keras", action="append", default=[])
    ap.add_argument("--numpy")
    ap.add_argument("--dl4j", action="append", default=[], help="THREADS=FILE from benchmarks/dl4j/run.sh (optional)")
    a = ap.parse_args()
    dl4j = load_lines(labelled(a.dl4j))
    dcol = bool(dl4j)
    jmh = load_jmh(a.jmh)
    keras = load_lines(labelled(a.keras))
    numpy = load_lines([(0, a.numpy)]) if a.numpy else {}
    threads = sorted({t for t, _ in labelled(a.jmh)} | {t for t, _ in labelled(a.keras)})

    dh, dsep = (" DL4J ms | jkeras/DL4J |", "---|---|") if dcol else ("", "")
    print(f"| case | thr | jkeras ms (min–max) | ORT ms | Keras jit ms | Keras pob ms | jkeras/ORT | jkeras/jit | jkeras/pob |{dh}")
    print(f"|---|---|---|---|---|---|---|---|---|{dsep}")

    def dcells(t, c, jm):
        if not dcol:
            return ""
        d = dl4j.get((t, c, "dl4j"))
        if d is None:
            return " — | — |"
        if "error" in d:
            return " unsupported | — |"
        return f" {ms(d['median_ms'])} | {ratio(jm, d['median_ms'])} |"
    cases = [c for c in ORDER if any(k[2] == c for k in jmh) or any(k[1] == c for k in keras)]
    cases += sorted({k[2] for k in jmh if k[1] == "PeerBenchmark"} - set(cases))
    for c in cases:
        for t in threads:
            j = jmh.get((t, "PeerBenchmark", c, "jkeras"))
            o = jmh.get((t, "PeerBenchmark", c, "ort"))
            kj = keras.get((t, c, "jit"), {}).get("median_ms")
            kp = keras.get((t, c, "predict_on_batch"), {}).get("median_ms")
            if not (j or o or kj or kp):
                continue
            jm = j[0] if j else None
            js = f"{ms(j[0])} ({ms(j[1])}–{ms(j[2])})" if j else "— (failed or not run)"
            print(f"| {c} | {t} | {js} | {ms(o[0] if o else None)} | {ms(kj)} | {ms(kp)} | "
                  f"{ratio(jm, o[0] if o else None)} | {ratio(jm, kj)} | {ratio(jm, kp)} |{dcells(t, c, jm)}")
    for m in ("resnet50", "mobilenetv2"):
        for t in threads:
            j = jmh.get((t, "PeerLoadBenchmark", m, "jkeras"))
            o = jmh.get((t, "PeerLoadBenchmark", m, "ort"))
            kl = keras.get((t, f"load_{m}", "load_model"), {}).get("median_ms")
            if not (j or o or kl):
                continue
            js = f"{ms(j[0])} ({ms(j[1])}–{ms(j[2])})" if j else "—"
            print(f"| load {m} | {t} | {js} | {ms(o[0] if o else None)} (session) | — | {ms(kl)} (load_model) | "
                  f"{ratio(j[0] if j else None, o[0] if o else None)} | — | {ratio(j[0] if j else None, kl)} |"
                  + (" — | — |" if dcol else ""))
    for n in ("256", "1024"):
        flop = 2 * int(n) ** 3
        for t in threads:
            j = jmh.get((t, "GemmBenchmark", n, "jkeras"))
            npy = numpy.get((t, f"gemm_{n}", "numpy"), {}).get("median_ms")
            x = keras.get((t, f"gemm_{n}", "jit"), {}).get("median_ms")
            if not (j or npy or x):
                continue

            def gf(v):
                return f"{ms(v)} · {flop / v / 1e6:.0f} GFLOP/s" if v else "—"
            js = f"{ms(j[0])} ({ms(j[1])}–{ms(j[2])}) · {flop / j[0] / 1e6:.1f} GFLOP/s" if j else "—"
            pct = f"{100 * npy / j[0]:.1f} % of numpy" if j and npy else "—"
            print(f"| GEMM {n}³ | {t} | {js} | numpy {gf(npy)} | XLA {gf(x)} | — | {pct} | "
                  f"{ratio(j[0] if j else None, x)} | — |" + (" — | — |" if dcol else ""))
    nb = next(iter(numpy.values()), None)
    if nb:
        print(f"\nnumpy sgemm: {nb.get('blas')}, kernel {nb.get('kernel')} (threadpoolctl); "
              f"ORT column of GEMM rows = numpy, Keras jit column = XLA jit(x @ y).")
    errs = sorted({(c, d["error"]) for (t, c, st), d in dl4j.items() if "error" in d})
    if errs:
        print("\nDL4J (1.0.0-M2.1 Keras import) could not run: " + "; ".join(f"{c}: {e}" for c, e in errs))


if __name__ == "__main__":
    main()
