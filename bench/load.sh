#!/usr/bin/env bash
# Scale of `maturity serve` (issue 15): two servers over one PostgreSQL database.
#   - seeds SUBJECTS x ASSESSMENTS assessments of RESPONDENTS answered respondents each
#     (default 200 x 10 x 30: 60,000 respondents, 720,000 answers) through the product's
#     import, spread over both servers;
#   - measures the portfolio (`/portfolio` as an admin, `/api/v1/portfolio` with an
#     all-subjects token) from CLIENTS concurrent clients over both servers: the first request
#     of each server (cold) apart, then p50/p95/p99 of REQUESTS requests, and whether
#     p99 < 200 ms;
#   - creates assessments, saves survey answers and pushes deployments through both servers at
#     once, reads every acknowledged write back and prints lost=0 or what was lost.
#
#   bench/load.sh                                   full scale
#   SUBJECTS=20 ASSESSMENTS=3 RESPONDENTS=5 bench/load.sh   a quick run
#
# Other knobs: REQUESTS (400), CLIENTS (4), MATURITY (a binary to run instead of building
# target/release/maturity, to compare two builds). Needs python3 and the postgresql package.
# Prints one JSON line and a summary on stderr; exits non-zero if a write was lost or refused.
# Timings are reported, never asserted (docs/web.md, "Scale", has the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${MATURITY:-}
if [ -z "$binary" ]; then
  cargo build --release --bin maturity >&2
  binary=$PWD/target/release/maturity
fi
work=$(mktemp -d /tmp/maturity-load.XXXXXX)
chmod 755 "$work"   # the cluster runs as the postgres user, which must reach its folder
pg_dir=$work/pg
cleanup() {
  status=$?
  if [ $status != 0 ]; then
    for log in "$work"/server-*.log; do
      [ -f "$log" ] && { echo "$log:" >&2; tail -20 "$log" >&2; }
    done
  fi
  [ -d "$pg_dir/data" ] && bench/pg-cluster.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
base=$(bench/pg-cluster.sh start "$pg_dir" "$(free_port)")
psql "$base" -qc "CREATE DATABASE load" >/dev/null
python3 bench/load.py --binary "$binary" --db "${base%/postgres}/load" \
  --ports "$(free_port),$(free_port)" --log-dir "$work" \
  --subjects "${SUBJECTS:-200}" --assessments "${ASSESSMENTS:-10}" --respondents "${RESPONDENTS:-30}" \
  --requests "${REQUESTS:-400}" --clients "${CLIENTS:-4}"
