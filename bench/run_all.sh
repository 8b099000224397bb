#!/usr/bin/env bash
# Run every benchmark, one after another, printing JSON lines on stdout.
#   bash bench/run_all.sh [--quick]
# Env: PY (default $HOME/bench-venv/bin/python), CANDLE_BIN (default
#   $HOME/bench-rust/candle-w2/target/release/candle-w2; skipped if absent),
#   EXTRA_BINS (space-separated extra binaries that print the same JSON lines,
#   e.g. the Rust AD library's bench, run with the same args), PEERS (the Python
#   scripts to run, default all), BENCH_THREADS (default 2).
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for every command so that
# OpenBLAS picks its own kernel (record is in the "meta" lines).
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="${PY:-$HOME/bench-venv/bin/python}"
CANDLE_BIN="${CANDLE_BIN:-$HOME/bench-rust/candle-w2/target/release/candle-w2}"
# BENCH_THREADS=1 pins every system, ours included, to one thread (default 2).
T="${BENCH_THREADS:-2}"
export BENCH_THREADS="$T"
export OMP_NUM_THREADS="$T" OPENBLAS_NUM_THREADS="$T" MKL_NUM_THREADS="$T" RAYON_NUM_THREADS="$T"
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=$T"
E="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE"
# PEERS chooses the Python peers (default all four), e.g. PEERS=bench_torch.
for s in ${PEERS:-bench_numpy bench_autograd bench_jax bench_torch}; do
  if [ "$s" = bench_torch ] && ! $E "$PY" -c 'import torch' 2>/dev/null; then
    echo "# torch not importable, skipping" >&2; continue
  fi
  $E "$PY" "$HERE/$s.py" "$@" || echo "# $s failed rc=$?" >&2
done
if [ -x "$CANDLE_BIN" ]; then
  $E "$CANDLE_BIN" "$@" || echo "# candle failed rc=$?" >&2
else
  echo "# candle binary not found at $CANDLE_BIN (see README to build), skipping" >&2
fi
for b in ${EXTRA_BINS:-}; do $E "$b" "$@" || echo "# $b failed rc=$?" >&2; done
