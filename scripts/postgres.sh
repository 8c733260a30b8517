#!/usr/bin/env bash
# A private, real PostgreSQL 15 cluster on 127.0.0.1 at a port picked now, for the PostgreSQL store's tests, the
# store bench and team mode on one machine.
#   scripts/postgres.sh start   initdb (as the postgres user when run as root), start, create database `deploy`, and
#                               write $POSTGRES_RUN_DIR/postgres.env: DP_TEST_PG_URL, DP_TEST_PG_USER,
#                               DP_TEST_PG_PASSWORD (empty: trust authentication, loopback only)
#   scripts/postgres.sh stop    stops the cluster by its postmaster PID and removes the run directory
# POSTGRES_RUN_DIR defaults to .cache/postgres-run. fsync is off: the data is throwaway.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=${POSTGRES_RUN_DIR:-$PWD/.cache/postgres-run}
. scripts/pg-common.sh

die() { echo "postgres.sh: $*" >&2; exit 1; }

start() {
  command -v initdb >/dev/null || die "PostgreSQL 15 (initdb, pg_ctl) is not installed: apt-get install postgresql"
  local initdb pg_ctl createdb port
  # Absolute paths: su may reset PATH for the postgres user
  initdb=$(command -v initdb) pg_ctl=$(command -v pg_ctl) createdb=$(command -v createdb)
  [[ ! -f $RUN/postgres.pid ]] || die "already running ($RUN/postgres.pid); run: scripts/postgres.sh stop"
  rm -rf "$RUN" && mkdir -p "$RUN/pg"
  [[ $(id -u) != 0 ]] || chown postgres "$RUN/pg"
  chmod 700 "$RUN/pg"
  as_pg "$initdb -D '$RUN/pg' -A trust -U deploy --no-sync" >"$RUN/initdb.log" 2>&1 \
    || { cat "$RUN/initdb.log" >&2; die "initdb failed"; }
  port=$(free_port)
  as_pg "$pg_ctl -D '$RUN/pg' -w -l '$RUN/pg/server.log' \
          -o \"-c listen_addresses=127.0.0.1 -p $port -k '$RUN/pg' -c fsync=off -c max_connections=200\" start" \
    >/dev/null || { cat "$RUN/pg/server.log" >&2; die "PostgreSQL did not start"; }
  head -1 "$RUN/pg/postmaster.pid" >"$RUN/postgres.pid"
  echo "$pg_ctl" >"$RUN/postgres.pg_ctl"
  as_pg "$createdb -h 127.0.0.1 -p $port -U deploy deploy" || { stop; die "createdb failed"; }
  umask 077
  printf 'DP_TEST_PG_URL=jdbc:postgresql://127.0.0.1:%s/deploy\nDP_TEST_PG_USER=deploy\nDP_TEST_PG_PASSWORD=\n' \
    "$port" >"$RUN/postgres.env"
  echo "postgres.sh: PostgreSQL on 127.0.0.1:$port (pid $(cat "$RUN/postgres.pid")); env in $RUN/postgres.env"
}

stop() {
  if [[ -f $RUN/postgres.pid ]]; then
    local pid
    pid=$(cat "$RUN/postgres.pid")
    # SIGINT is PostgreSQL's "fast" shutdown: it ends the sessions and stops cleanly
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$RUN"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  *) die "usage: scripts/postgres.sh start|stop" ;;
esac
