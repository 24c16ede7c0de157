#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback, for tests and benchmarks (never for production).
#
#   bench/pg-cluster.sh start DIR PORT [durable]   initdb DIR/data if needed, start on 127.0.0.1:PORT
#   bench/pg-cluster.sh stop DIR                     stop it (fast shutdown)
#
# Prints the DATABASE_URL on start. initdb refuses to run as root, so as root the cluster runs
# as the postgres user (runuser). fsync is off unless the fourth argument is `durable`: the
# reliability benchmark kills the *server* (not the database), so either is honest there, but
# a durability test of the database itself must keep the default.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?a folder for the cluster}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL is not installed: apt-get install -y postgresql (.ci/run does it)" >&2
  exit 1
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    port=${3:?a port}
    fsync=off
    [ "${4:-}" = durable ] && fsync=on
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$pgbin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=trust \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    fi
    if ! as_owner "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=$fsync -c max_connections=300" >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start DIR PORT [durable] | stop DIR" >&2
    exit 2
    ;;
esac
