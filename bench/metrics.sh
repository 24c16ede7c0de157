#!/usr/bin/env bash
# Speed of `maturity metrics` on a large generated history, against git itself.
#
# Generates (once, cached) a history with `git fast-import`: about 200,000 commits with merges,
# 1,000 release tags, ~3,000 paths, fixed seed (bench/gen_history.py). Then compares, in one
# hyperfine run (or a timing loop without hyperfine):
#   - git log --format='%H %P %at %ct' --all      reading every commit: the floor (also on
#                                                  the commit-graph copy, for reference)
#   - metrics, no commit-graph                     commit-level metrics (no silos)
#   - metrics, with a commit-graph                 same, on a copy with `git commit-graph write`
#   - per-tag git CLI                              rev-list TAG --not EARLIER_TAGS, per tag
#   - git log --name-only --all                    the floor for per-directory silos
#   - metrics with silos                           everything, silos at depth 1
#
#   bench/metrics.sh                 # COMMITS=200000 TAGS=1000 BENCH_DIR=/tmp/maturity-bench
#   COMMITS=20000 TAGS=100 bench/metrics.sh   # a quick run
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
commits=${COMMITS:-200000}
tags=${TAGS:-1000}
work=${BENCH_DIR:-/tmp/maturity-bench}
seed=${SEED:-42}
repo="$work/repo-$commits-$tags-$seed"
repo_cg="$repo-commit-graph"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# The real binary, as users run it: `maturity metrics PATH …`.
(cd "$root" && cargo build --release -q -p maturity --bin maturity)
bin="$root/target/release/maturity metrics"

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
if [ ! -f "$repo_cg/.generated" ]; then
  rm -rf "$repo_cg"
  cp -r "$repo" "$repo_cg"
  git -C "$repo_cg" commit-graph write --reachable --no-progress
fi

echo "history: $(git -C "$repo" rev-list --all --count) commits," \
  "$(git -C "$repo" tag | wc -l) tags, $(git -C "$repo" ls-tree -r --name-only HEAD | wc -l) paths" >&2
$bin "$repo" --format json --timings > /dev/null

floor="git -C $repo log --format='%H %P %at %ct' --all"
floor_cg="git -C $repo_cg log --format='%H %P %at %ct' --all"
ours="$bin $repo --no-silos --format json"
ours_cg="$bin $repo_cg --no-silos --format json"
per_tag="bash $root/bench/per_tag_rev_list.sh $repo"
names_floor="git -C $repo log --name-only --format=%H --all"
ours_silos="$bin $repo --format json"

if command -v hyperfine > /dev/null; then
  hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic \
    --export-markdown "$work/metrics-bench.md" --export-json "$work/metrics-bench.json" \
    -n "git log (floor)" "$floor" \
    -n "git log, commit-graph" "$floor_cg" \
    -n "metrics, no commit-graph" "$ours" \
    -n "metrics, commit-graph" "$ours_cg" \
    -n "git log --name-only (silos floor)" "$names_floor" \
    -n "metrics with silos" "$ours_silos" \
    > /dev/null
  hyperfine --runs 1 --style basic --export-markdown "$work/metrics-bench-per-tag.md" \
    -n "per-tag git rev-list" "$per_tag" > /dev/null
  cat "$work/metrics-bench.md"
  tail -n +3 "$work/metrics-bench-per-tag.md"
  # CPU time (user + system) per run: what the machine's other load cannot inflate.
  python3 - "$work/metrics-bench.json" <<'PY'
import json, sys
print("\n| Command | CPU user+sys [s] |\n|:---|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| `{r['command']}` | {r['user'] + r['system']:.3f} |")
PY
else
  for cmd in "$floor" "$floor_cg" "$ours" "$ours_cg" "$names_floor" "$ours_silos" "$per_tag"; do
    start=$(date +%s.%N)
    bash -c "$cmd" > /dev/null
    end=$(date +%s.%N)
    printf '%8.3f s  %s\n' "$(echo "$end - $start" | bc)" "$cmd"
  done
fi
echo "stage timings (silos run):" >&2
$bin "$repo" --format json --timings 2>&1 > /dev/null | tail -1 >&2
$bin "$repo_cg" --no-silos --format json --timings 2>&1 > /dev/null | tail -1 >&2
