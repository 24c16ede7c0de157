#!/usr/bin/env bash
# Speed and memory of `maturity flow --format json` on 1,000,000 generated work items (stage
# columns, bench/gen_flow.py, fixed seed) against two Python baselines computing the same
# cycle-time percentiles and ISO-week throughput in one run (bench/flow_baseline.py): the
# standard library's csv module, and pandas when it is installed. Prints wall time (best and
# median of RUNS runs) and peak RSS of each (/usr/bin/time -v), the ratios, and checks that all
# found the same percentiles.
#
#   bench/flow.sh                   # ITEMS=1000000 BENCH_DIR=/tmp/maturity-bench
#   ITEMS=100000 RUNS=1 bench/flow.sh   # a quick run
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
items=${ITEMS:-1000000}
work=${BENCH_DIR:-/tmp/maturity-bench}
runs=${RUNS:-5}
data="$work/flow-$items.csv"
mkdir -p "$work"
(cd "$root" && cargo build --release -q -p maturity --bin maturity)
bin="$root/target/release/maturity"
if [ ! -f "$data" ]; then
  echo "generating $items work items in $data" >&2
  python3 "$root/bench/gen_flow.py" --items "$items" > "$data.tmp" && mv "$data.tmp" "$data"
fi
echo "$(du -h "$data" | cut -f1) $data" >&2

# Runs a command RUNS times under /usr/bin/time -v; prints "best median max_rss_kb" (seconds,
# seconds, the median peak RSS) and keeps its stdout. Both, because on a shared virtual machine
# a run now and then pays a few hundred milliseconds for the host to back fresh memory: the
# best run is the program (as Python's timeit reports), the median what a user may meet.
measure() {
  local out=$1; shift
  local log; log=$(mktemp)
  local walls=() rsss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" > "$out" 2> "$log"
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
      awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')")
    rsss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")")
  done
  rm -f "$log"
  local median='{a[NR]=$1} END {print a[int((NR+1)/2)]}'
  echo "$(printf '%s\n' "${walls[@]}" | sort -g | head -1) \
$(printf '%s\n' "${walls[@]}" | sort -g | awk "$median") \
$(printf '%s\n' "${rsss[@]}" | sort -g | awk "$median")"
}

read -r rust_best rust_s rust_kb < <(measure "$work/flow-rust.json" "$bin" flow "$data" --format json)
engines=(csv)
python3 -c 'import pandas' 2>/dev/null && engines+=(pandas)
echo "best and median of $runs runs each"
printf '%-28s %8s %8s %12s %9s %9s %8s\n' "" "best s" "median s" "peak RSS MB" \
  "speed-up" "(median)" "memory"
printf '%-28s %8.2f %8.2f %12.1f\n' "maturity flow --format json" "$rust_best" "$rust_s" \
  "$(echo "$rust_kb / 1024" | bc -l)"
for engine in "${engines[@]}"; do
  read -r py_best py_s py_kb < <(measure "$work/flow-$engine.json" python3 "$root/bench/flow_baseline.py" "$data" "$engine")
  python3 - "$work/flow-rust.json" "$work/flow-$engine.json" <<PY
import json, sys
rust = json.load(open(sys.argv[1])); py = json.load(open(sys.argv[2]))
r = {k: rust["cycle_time"][k] for k in ("p50", "p70", "p85", "p95")}
assert r == py["cycle_time"], (r, py["cycle_time"])
assert rust["items"]["finished"] == py["finished"], (rust["items"], py["finished"])
PY
  printf '%-28s %8.2f %8.2f %12.1f %8.1fx %8.1fx %7.2fx\n' "python $engine" "$py_best" "$py_s" \
    "$(echo "$py_kb / 1024" | bc -l)" "$(echo "$py_best / $rust_best" | bc -l)" \
    "$(echo "$py_s / $rust_s" | bc -l)" "$(echo "$rust_kb / $py_kb" | bc -l)"
done
echo "same answer from all: cycle-time p50/p70/p85/p95 and finished items checked"
