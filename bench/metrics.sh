#!/usr/bin/env bash
# Speed and memory of `maturity metrics` on a large generated history, against git itself.
#
# Generates (once, cached) a history with `git fast-import`: about 200,000 commits with merges,
# 1,000 release tags, ~3,000 paths, fixed seed (bench/gen_history.py). Then runs each command
# RUNS times under GNU time and prints one table: median wall time, CPU time and peak RSS of
# each, and ours as ratios of git's on the same work (time ÷ git, peak RSS ÷ git):
#   - git log --format='%H %P %at %ct' --all      reading every commit: the floor (also on
#                                                  the commit-graph copy)
#   - metrics --no-silos                           commit-level metrics, against the floor
#   - metrics --no-silos, commit-graph             same on a copy with `git commit-graph
#                                                  write`, against the floor on that copy
#   - git log --no-merges --name-only --all        the floor for per-directory silos
#   - metrics with silos                           everything, silos at depth 1, against it
#   - per-tag git CLI                              rev-list TAG --not EARLIER_TAGS, per tag,
#                                                  one run (PER_TAG=0 skips it)
# A warm-up run of each comes first, so every command reads a pack already in the page cache.
#
#   bench/metrics.sh                 # COMMITS=200000 TAGS=1000 RUNS=5 BENCH_DIR=/tmp/maturity-bench
#   COMMITS=20000 TAGS=100 bench/metrics.sh   # a quick run
#   MATURITY=/tmp/maturity-before PER_TAG=0 bench/metrics.sh   # an earlier build
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
commits=${COMMITS:-200000}
tags=${TAGS:-1000}
work=${BENCH_DIR:-/tmp/maturity-bench}
seed=${SEED:-42}
repo="$work/repo-$commits-$tags-$seed"
repo_cg="$repo-commit-graph"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# The real binary, as users run it: `maturity metrics PATH …`; MATURITY=/path/to/maturity
# measures another build (the one before a change) instead.
if [ -z "${MATURITY:-}" ]; then
  (cd "$root" && cargo build --release -q -p maturity --bin maturity)
fi
bin="${MATURITY:-$root/target/release/maturity} metrics"

if [ ! -f "$repo/.generated" ]; then
  rm -rf "$repo" "$repo_cg"
  git init -q -b main "$repo"
  echo "generating $commits commits, $tags tags in $repo" >&2
  python3 "$root/bench/gen_history.py" --commits "$commits" --tags "$tags" --seed "$seed" \
    | git -C "$repo" fast-import --quiet
  git -C "$repo" symbolic-ref HEAD refs/heads/main
  # No commit-graph in the plain copy: that is the case we measure "without".
  rm -f "$repo/.git/objects/info/commit-graph"
  rm -rf "$repo/.git/objects/info/commit-graphs"
  touch "$repo/.generated"
fi
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

echo "history: $(git -C "$repo" rev-list --all --count) commits," \
  "$(git -C "$repo" tag | wc -l) tags, $(git -C "$repo" ls-tree -r --name-only HEAD | wc -l) paths" >&2

runs=${RUNS:-5}
results="$work/metrics-bench.tsv"
: > "$results"
# measure NAME COMMAND [RUNS]: a warm-up, then a line per run: name, wall s, CPU s, peak RSS KiB.
measure() {
  local name=$1 cmd=$2 n=${3:-$runs} wall user sys rss
  bash -c "$cmd" > /dev/null
  for _ in $(seq "$n"); do
    read -r wall user sys rss < <(/usr/bin/time -f '%e %U %S %M' bash -c "exec $cmd" 2>&1 > /dev/null | tail -1)
    printf '%s\t%s\t%s\t%s\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >> "$results"
  done
}

measure "git log (floor)" "git -C $repo log --format='%H %P %at %ct' --all"
measure "metrics --no-silos" "$bin $repo --no-silos --format json"
measure "git log, commit-graph (floor)" "git -C $repo_cg log --format='%H %P %at %ct' --all"
measure "metrics --no-silos, commit-graph" "$bin $repo_cg --no-silos --format json"
measure "git log --no-merges --name-only (silos floor)" \
  "git -C $repo log --no-merges --name-only --format=%H --all"
measure "metrics with silos" "$bin $repo --format json"
[ "${PER_TAG:-1}" = 0 ] || measure "per-tag git rev-list" "bash $root/bench/per_tag_rev_list.sh $repo" 1

# Medians of each command; ours as ratios of the floor that reads the same commits.
python3 - "$results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, wall, cpu, rss = line.rstrip("\n").split("\t")
    runs.setdefault(name, []).append((float(wall), float(cpu), int(rss)))
median = {n: [statistics.median(r[i] for r in rs) for i in range(3)] for n, rs in runs.items()}
floor = {
    "metrics --no-silos": "git log (floor)",
    "metrics --no-silos, commit-graph": "git log, commit-graph (floor)",
    "metrics with silos": "git log --no-merges --name-only (silos floor)",
}
print("| command | wall [s] | CPU [s] | peak RSS [MiB] | time ÷ git | peak RSS ÷ git |")
print("|:---|---:|---:|---:|---:|---:|")
for name, (wall, cpu, rss) in median.items():
    ratios = ["", ""]
    if name in floor:
        git = median[floor[name]]
        ratios = [f"{wall / git[0]:.2f}×", f"{rss / git[2]:.2f}×"]
    print(f"| {name} | {wall:.3f} | {cpu:.3f} | {rss / 1024:.0f} | {ratios[0]} | {ratios[1]} |")
PY
echo "stage timings:" >&2
$bin "$repo" --format json --timings 2>&1 > /dev/null | tail -1 >&2
$bin "$repo_cg" --no-silos --format json --timings 2>&1 > /dev/null | tail -1 >&2
