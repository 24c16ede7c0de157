#!/usr/bin/env bash
# Fuzzes every reader of untrusted text (docs/fuzzing.md): builds the cargo-fuzz targets under
# fuzz/ on the nightly toolchain, runs each in turn for SECONDS (default 600; --smoke: 20),
# seeded from fuzz/seeds/<target>, and prints executions and crashes per target.
#
#   bench/fuzz.sh [SECONDS | --smoke] [TARGET ...]
#
# One fuzzer process at a time, nice'd. A crash, timeout (> 10 s for one input) or OOM
# (> 2048 MB) ends libFuzzer's run; the input is kept under fuzz/artifacts/<target>/ and the
# target runs on for the rest of its time. The working corpus grows under fuzz/corpus/<target>
# (ignored by git). Not part of .ci/run: it needs nightly and takes minutes per target.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
fuzz=$root/fuzz
seconds=600
case "${1:-}" in
  --smoke) seconds=20; shift ;;
  ''|-*) ;;
  *) seconds=$1; shift ;;
esac
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "usage: bench/fuzz.sh [SECONDS | --smoke] [TARGET ...]" >&2; exit 2; }

cd "$fuzz"
# No sanitizer: the workspace forbids unsafe code, so what fuzzing finds here is panics,
# overflows (debug assertions are on), hangs and memory blow-ups, and without ASan each
# target runs about twice as many inputs. Pass FUZZ_SANITIZER=address to use it anyway.
sanitizer=${FUZZ_SANITIZER:-none}
echo "building fuzz targets (cargo +nightly fuzz build -s $sanitizer -a)…" >&2
CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2} nice -n 10 cargo +nightly fuzz build -s "$sanitizer" -a >&2
bin=$fuzz/target/x86_64-unknown-linux-gnu/release

if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi

artifacts_of() { find "$fuzz/artifacts/$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) 2>/dev/null | wc -l; }

rows=()
for target in "${targets[@]}"; do
  corpus=$fuzz/corpus/$target
  artifacts=$fuzz/artifacts/$target
  log=$fuzz/logs/$target.log
  mkdir -p "$corpus" "$artifacts" "$fuzz/logs"
  : > "$log"
  before=$(artifacts_of "$target")
  start=$(date +%s)
  execs=0 runs=0
  while :; do
    elapsed=$(( $(date +%s) - start ))
    left=$(( seconds - elapsed ))
    [ $left -gt 0 ] && [ $runs -lt 50 ] || break
    runs=$((runs + 1))
    run_log=$(mktemp)
    set +e
    nice -n 10 "$bin/$target" "$corpus" "$fuzz/seeds/$target" \
      -max_total_time=$left -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" > "$run_log" 2>&1
    status=$?
    set -e
    cat "$run_log" >> "$log"
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run_log" | tail -1)
    [ -n "$n" ] || n=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$run_log" | tail -1)
    execs=$(( execs + ${n:-0} ))
    rm -f "$run_log"
    [ $status -eq 0 ] && break
    echo "$target: libFuzzer exited $status (see $log); going on" >&2
  done
  elapsed=$(( $(date +%s) - start ))
  crashes=$(( $(artifacts_of "$target") - before ))
  rate=$(( execs / (elapsed > 0 ? elapsed : 1) ))
  row=$(printf '%-18s %12s %8s %7s %8s' "$target" "$execs" "$rate" "$elapsed" "$crashes")
  echo "$row" >&2
  rows+=("$row")
done

printf '%-18s %12s %8s %7s %8s\n' target executions exec/s seconds crashes
printf '%s\n' "${rows[@]}"
