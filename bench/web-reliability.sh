#!/usr/bin/env bash
# Reliability and throughput of `maturity serve`, on SQLite and on PostgreSQL (issue 6):
#   - 200 concurrent respondents save every page of their survey against a server on loopback,
#     through each page's form (hidden csrf and page, level:/dora: radios, the `goto` page
#     buttons or go=next, go=done on the last page); the page count is the form's page list;
#     the server is killed with SIGKILL once ~40% of the saves are acknowledged and restarted;
#     afterwards every acknowledged answer must be stored (0 lost);
#   - the results page of an assessment with 100 respondents under wrk at 50 connections
#     (targets on a 2-core machine: >= 2,000 requests/s, p99 < 50 ms).
# Bounded: each respondent run stops after --seconds (180 s), each wrk run after 15 s.
#
#   bench/web-reliability.sh [sqlite|postgres|both]      (default both)
#   MATURITY=/tmp/maturity-copy bench/web-reliability.sh sqlite   a prebuilt binary, no cargo
#
# MATURITY: a binary (absolute path) to run instead of building target/release/maturity.
# Needs python3, wrk (apt-get install wrk) and, for PostgreSQL, the postgresql package. Builds
# the release binary unless MATURITY is set. Prints one JSON line per backend (and a summary on
# stderr) and exits non-zero if an acknowledged answer was lost, a respondent saved fewer pages
# than the survey has, or the server was never killed.
set -euo pipefail
cd "$(dirname "$0")/.."
which_db=${1:-both}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
binary=${MATURITY:-}
if [ -z "$binary" ]; then
  cargo build --release --bin maturity >&2
  binary=$PWD/target/release/maturity
fi
work=$(mktemp -d /tmp/maturity-bench.XXXXXX)
chmod 755 "$work"   # the cluster runs as the postgres user, which must reach its folder
pg_dir=$work/pg
cleanup() {
  [ -d "$pg_dir/data" ] && bench/pg-cluster.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
status=0
run() {
  python3 bench/web_reliability.py --binary "$binary" --db "$1" --port "$(free_port)" --log "$work/server-$2.log" || {
    status=1
    echo "server log:" >&2
    tail -20 "$work/server-$2.log" >&2
  }
}
if [ "$which_db" = sqlite ] || [ "$which_db" = both ]; then
  run "sqlite://$work/bench.db" sqlite
fi
if [ "$which_db" = postgres ] || [ "$which_db" = both ]; then
  # Durable settings: the database keeps its defaults (fsync on); only the server is killed.
  base=$(bench/pg-cluster.sh start "$pg_dir" "$(free_port)" durable)
  psql "$base" -qc "CREATE DATABASE bench" >/dev/null
  run "${base%/postgres}/bench" postgres
fi
exit $status
