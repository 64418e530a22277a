#!/usr/bin/env bash
# jkeras vs peers on real-size models, one command (from anywhere):  benchmarks/run_peers.sh
#
#  (a) generates benchmarks/models/ if absent (peer_models.py; ~3 min, 1.6 GB)
#  (b) builds benchmarks/target/benchmarks.jar
#  (c) JMH: PeerBenchmark (jkeras and ONNX Runtime), PeerLoadBenchmark, GemmBenchmark,
#      at 1 thread (taskset -c 0, -Djkeras.threads=1) and at 2 threads (-Djkeras.threads=2)
#  (d) Keras 3 JAX (keras_peers.py) the same two ways, and numpy sgemm (numpy_gemm.py)
#  (e) prints one markdown table (peer_table.py), also saved as $OUT/table.md
#
# Settings (environment variables):
#   CASES    comma-separated PeerBenchmark cases (default: all 11)
#   THREADS  thread counts to run, default "1 2"
#   OUT      result directory, default /tmp/jkeras_peers (JMH JSON, JSON lines, logs)
#   HEAVY    cases run with fewer iterations, default "resnet50_b1 td_conv_b32"
#   JMH_ITERS / JMH_HEAVY_ITERS   default "-wi 3 -i 5 -w 1 -r 1" / "-wi 2 -i 3 -w 1 -r 1"
#   SKIP_GEMM=1, SKIP_LOAD=1, SKIP_KERAS=1, SKIP_BUILD=1   leave those parts out
#   DL4J=1   also run the optional DL4J peer (benchmarks/dl4j; exports NAME_tfkeras.h5 first)
#   PY       python with keras/jax/tf_keras/tf2onnx/onnxruntime, default /work/venv/bin/python
# Example (smoke run, ~3 min):
#   CASES=mlp_b256,mobilenetv2_b1 THREADS=1 SKIP_LOAD=1 benchmarks/run_peers.sh
# The whole default run takes ~20 min on 2 cores. Run nothing else heavy meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-/work/venv/bin/python}
ALL="mlp_b256,mlp_b1,resnet50_b1,mobilenetv2_b1,transformer_b8,transformer_b1,lstm_b32,lstm_b1,gru_b32,td_conv_b32,video_b8"
CASES=${CASES:-$ALL}
THREADS=${THREADS:-"1 2"}
OUT=${OUT:-/tmp/jkeras_peers}
HEAVY=${HEAVY:-"resnet50_b1 td_conv_b32"}
JMH_ITERS=${JMH_ITERS:-"-f 1 -wi 3 -i 5 -w 1 -r 1"}
JMH_HEAVY_ITERS=${JMH_HEAVY_ITERS:-"-f 1 -wi 2 -i 3 -w 1 -r 1"}
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.jsonl "$OUT"/*.log "$OUT"/table.md
say() { echo "== $(date +%H:%M:%S) $*" >&2; }

IFS=, read -r -a case_list <<< "$CASES"
light=() heavy=() models=()
for c in "${case_list[@]}"; do
  if [[ " $HEAVY " == *" $c "* ]]; then heavy+=("$c"); else light+=("$c"); fi
  m=${c%_b*}
  [[ " ${models[*]:-} " == *" $m "* ]] || models+=("$m")
done
load_models=()
if [[ -z "${SKIP_LOAD:-}" ]]; then
  for m in resnet50 mobilenetv2; do
    if [[ " ${models[*]} " == *" $m "* ]]; then load_models+=("$m"); fi
  done
fi
join() { local IFS=,; echo "$*"; }

# (a) models (skips the ones whose files exist)
say "models: ${models[*]}"
rc=0
h5=()
if [[ -n "${DL4J:-}" ]]; then h5=(--h5); fi
KERAS_BACKEND=jax "$PY" benchmarks/peer_models.py "${h5[@]}" "${models[@]}" > "$OUT/models.log" 2>&1 || rc=$?
grep -vE '^(WARNING|I0000|E0000)|oneDNN|cuInit|rebuild TensorFlow|^$' "$OUT/models.log" >&2 || true
if ((rc)); then say "peer_models.py failed (exit $rc), see $OUT/models.log"; exit "$rc"; fi

# (b) build
if [[ -z "${SKIP_BUILD:-}" ]]; then
  say "build benchmarks/target/benchmarks.jar"
  # maven.test.skip: do not even compile tests (faster; fewer races with a concurrent build)
  mvn -B -o -q -pl benchmarks -am package -Dmaven.test.skip=true >&2
fi
# run a private copy: a concurrent `mvn package` must not replace the jar under a running JMH
JAR=$OUT/benchmarks.jar
cp benchmarks/target/benchmarks.jar "$JAR"

pin() { if [[ $1 == 1 ]]; then echo "taskset -c 0"; fi; }

jmh_args=() keras_args=() dl4j_args=()
for t in $THREADS; do
  P=$(pin "$t")
  J="java -jar $JAR -foe false -jvmArgsAppend -Djkeras.threads=$t"
  # (c) JMH; a case whose setup fails (files missing, output check) is reported and skipped
  if ((${#light[@]})); then
    say "JMH PeerBenchmark threads=$t: ${light[*]}"
    $P $J PeerBenchmark -p kase="$(join "${light[@]}")" $JMH_ITERS -rf json -rff "$OUT/jmh_t${t}_peer.json" > "$OUT/jmh_t${t}_peer.log" 2>&1 || true
    grep -E '^\[check\]|Exception|^PeerBenchmark' "$OUT/jmh_t${t}_peer.log" >&2 || true
    jmh_args+=(--jmh "$t=$OUT/jmh_t${t}_peer.json")
  fi
  if ((${#heavy[@]})); then
    say "JMH PeerBenchmark threads=$t (fewer iterations): ${heavy[*]}"
    $P $J PeerBenchmark -p kase="$(join "${heavy[@]}")" $JMH_HEAVY_ITERS -rf json -rff "$OUT/jmh_t${t}_heavy.json" > "$OUT/jmh_t${t}_heavy.log" 2>&1 || true
    grep -E '^\[check\]|Exception|^PeerBenchmark' "$OUT/jmh_t${t}_heavy.log" >&2 || true
    jmh_args+=(--jmh "$t=$OUT/jmh_t${t}_heavy.json")
  fi
  if ((${#load_models[@]})); then
    say "JMH PeerLoadBenchmark threads=$t: ${load_models[*]}"
    $P $J PeerLoadBenchmark -p model="$(join "${load_models[@]}")" $JMH_HEAVY_ITERS -rf json -rff "$OUT/jmh_t${t}_load.json" > "$OUT/jmh_t${t}_load.log" 2>&1 || true
    jmh_args+=(--jmh "$t=$OUT/jmh_t${t}_load.json")
  fi
  if [[ -z "${SKIP_GEMM:-}" ]]; then
    say "JMH GemmBenchmark threads=$t"
    $P $J GemmBenchmark $JMH_ITERS -rf json -rff "$OUT/jmh_t${t}_gemm.json" > "$OUT/jmh_t${t}_gemm.log" 2>&1 || true
    jmh_args+=(--jmh "$t=$OUT/jmh_t${t}_gemm.json")
  fi

  # (d) Keras 3 JAX and numpy
  if [[ -z "${SKIP_KERAS:-}" ]]; then
    kcases=("${case_list[@]}")
    if [[ -z "${SKIP_GEMM:-}" ]]; then kcases+=(gemm_256 gemm_1024); fi
    for m in "${load_models[@]}"; do kcases+=("load_$m"); done
    say "Keras 3 JAX threads=$t: ${kcases[*]}"
    if [[ $t == 1 ]]; then
      taskset -c 0 env XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" \
        "$PY" benchmarks/keras_peers.py "${kcases[@]}" > "$OUT/keras_t$t.jsonl" 2> "$OUT/keras_t$t.log" || true
    else
      "$PY" benchmarks/keras_peers.py "${kcases[@]}" > "$OUT/keras_t$t.jsonl" 2> "$OUT/keras_t$t.log" || true
    fi
    grep -E '^#|Error|error' "$OUT/keras_t$t.log" | grep -v "cuInit\|cuda" >&2 || true
    keras_args+=(--keras "$t=$OUT/keras_t$t.jsonl")
  fi
  if [[ -z "${SKIP_GEMM:-}" ]]; then
    say "numpy sgemm threads=$t"
    $P env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" benchmarks/numpy_gemm.py "$t" >> "$OUT/numpy.jsonl" 2> "$OUT/numpy_t$t.log" || true
    cat "$OUT/numpy_t$t.log" >&2
  fi
  if [[ -n "${DL4J:-}" ]]; then
    say "DL4J threads=$t: ${case_list[*]}"
    THREADS=$t benchmarks/dl4j/run.sh "${case_list[@]}" > "$OUT/dl4j_t$t.jsonl" 2> "$OUT/dl4j_t$t.log" || true
    grep '^{' "$OUT/dl4j_t$t.jsonl" >&2 || true
    dl4j_args+=(--dl4j "$t=$OUT/dl4j_t$t.jsonl")
  fi
done

# (e) the table
say "table ($OUT/table.md)"
numpy_arg=()
if [[ -s "$OUT/numpy.jsonl" ]]; then numpy_arg=(--numpy "$OUT/numpy.jsonl"); fi
"$PY" benchmarks/peer_table.py "${jmh_args[@]}" "${keras_args[@]}" "${numpy_arg[@]}" "${dl4j_args[@]}" | tee "$OUT/table.md"
