#!/usr/bin/env bash
# Optional DL4J peer (see ../README.md). From anywhere:
#   benchmarks/dl4j/run.sh [CASE ...]            THREADS=1 (default: pinned with taskset -c 0) or THREADS=2
# Needs benchmarks/models/NAME_tfkeras.h5: KERAS_BACKEND=jax /work/venv/bin/python benchmarks/peer_models.py --h5 NAME
# Prints JSON lines (one per case) on stdout; ND4J's log goes to stderr.
set -euo pipefail
cd "$(dirname "$0")"
THREADS=${THREADS:-1}
[[ $# -gt 0 ]] || set -- mlp_b256 mlp_b1 resnet50_b1 mobilenetv2_b1 lstm_b32 lstm_b1 gru_b32 video_b8 transformer_b8 td_conv_b32
mvn -B -q -o compile >&2
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt >&2
P=""
[[ $THREADS == 1 ]] && P="taskset -c 0"
OMP_NUM_THREADS=$THREADS $P java -Djkeras.models=../models -cp "target/classes:$(cat target/cp.txt)" dev.jkeras.bench.dl4j.Dl4jPeer "$@"
