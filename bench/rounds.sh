#!/usr/bin/env bash
# Interleaved rounds: ROUNDS (default 2) passes of run_all.sh, one after another, so that each
# system is timed in every round (torch, ours, torch, ours with PEERS=bench_torch). Every line
# is tagged with its round, and each round starts with a line recording the machine's load, so
# summarize.py can take the median over rounds and show how far they spread.
#   ROUNDS=2 PEERS=bench_torch EXTRA_BINS=target/release/examples/bench \
#     bash bench/rounds.sh --only W1,W2 > out.jsonl
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
for r in $(seq 1 "${ROUNDS:-2}"); do
  load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
  echo "{\"workload\": \"meta\", \"system\": \"rounds\", \"round\": $r, \"loadavg\": \"$load\"}"
  bash "$HERE/run_all.sh" "$@" | sed "s/^{/{\"round\": $r, /"
done
