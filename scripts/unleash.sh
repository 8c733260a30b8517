#!/usr/bin/env bash
# A private, real Unleash (open-source unleash-server, pinned in flags-server/package-lock.json) on a private,
# real PostgreSQL 15 cluster, both on 127.0.0.1 at ports picked now. The feature-flag tests use it.
#   scripts/unleash.sh start   installs the server into .cache/unleash/ (npm ci, once), starts both, and writes
#                              $UNLEASH_RUN_DIR/unleash.env (UNLEASH_TEST_URL, UNLEASH_TEST_ADMIN_TOKEN)
#   scripts/unleash.sh stop    stops both by the PIDs it recorded, and removes the run directory
# UNLEASH_RUN_DIR defaults to .cache/unleash-run. Nothing here reaches beyond loopback: version checks and
# telemetry are off.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$ROOT/.cache/unleash
RUN=${UNLEASH_RUN_DIR:-$ROOT/.cache/unleash-run}
. scripts/pg-common.sh

die() { echo "unleash.sh: $*" >&2; exit 1; }

install_server() {
  if ! cmp -s flags-server/package-lock.json "$CACHE/package-lock.json" || [[ ! -d $CACHE/node_modules ]]; then
    mkdir -p "$CACHE"
    cp flags-server/package.json flags-server/package-lock.json "$CACHE/"
    # --ignore-scripts: the server needs no install scripts, and one of them phones home
    (cd "$CACHE" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error) \
      || die "npm ci of unleash-server failed"
  fi
}

start() {
  command -v initdb >/dev/null || die "PostgreSQL 15 (initdb, pg_ctl) is not installed: apt-get install postgresql"
  # Absolute paths: su may reset PATH for the postgres user
  local initdb pg_ctl createdb
  initdb=$(command -v initdb) pg_ctl=$(command -v pg_ctl) createdb=$(command -v createdb)
  [[ ! -f $RUN/unleash.pid ]] || die "already running ($RUN/unleash.pid); run: scripts/unleash.sh stop"
  install_server
  rm -rf "$RUN" && mkdir -p "$RUN/pg"
  [[ $(id -u) != 0 ]] || chown postgres "$RUN/pg"
  chmod 700 "$RUN/pg"
  as_pg "$initdb -D '$RUN/pg' -A trust -U unleash --no-sync" >"$RUN/initdb.log" 2>&1 \
    || { cat "$RUN/initdb.log" >&2; die "initdb failed"; }
  local pg_port http_port token
  pg_port=$(free_port)
  as_pg "$pg_ctl -D '$RUN/pg' -w -l '$RUN/pg/server.log' \
          -o \"-c listen_addresses=127.0.0.1 -p $pg_port -k '$RUN/pg' -c fsync=off\" start" >/dev/null \
    || { cat "$RUN/pg/server.log" >&2; die "PostgreSQL did not start"; }
  echo "$RUN/pg" >"$RUN/postgres.datadir"
  echo "$pg_ctl" >"$RUN/postgres.pg_ctl"
  as_pg "$createdb -h 127.0.0.1 -p $pg_port -U unleash unleash" || die "createdb failed"

  http_port=$(free_port)
  token="*:*.$(node -e "console.log(require('crypto').randomBytes(24).toString('hex'))")"
  (
    export DATABASE_HOST=127.0.0.1 DATABASE_PORT=$pg_port DATABASE_USERNAME=unleash DATABASE_PASSWORD=unused \
      DATABASE_NAME=unleash DATABASE_SSL=false HTTP_HOST=127.0.0.1 HTTP_PORT=$http_port \
      UNLEASH_URL=http://127.0.0.1:$http_port INIT_ADMIN_API_TOKENS=$token CHECK_VERSION=false \
      SEND_TELEMETRY=false LOG_LEVEL=warn
    cd "$CACHE" && exec setsid node node_modules/unleash-server/dist/server.js >"$RUN/unleash.log" 2>&1
  ) &
  echo $! >"$RUN/unleash.pid"
  local url=http://127.0.0.1:$http_port i
  for ((i = 0; i < 600; i++)); do
    if UT="$token" node -e "fetch(process.argv[1],{headers:{Authorization:process.env.UT}})
        .then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$url/api/admin/projects"; then
      umask 077
      printf 'UNLEASH_TEST_URL=%s\nUNLEASH_TEST_ADMIN_TOKEN=%s\n' "$url" "$token" >"$RUN/unleash.env"
      echo "unleash.sh: Unleash $url ready (PostgreSQL on 127.0.0.1:$pg_port); env in $RUN/unleash.env"
      return 0
    fi
    kill -0 "$(cat "$RUN/unleash.pid")" 2>/dev/null || { tail -30 "$RUN/unleash.log" >&2; stop; die "Unleash exited"; }
    sleep 0.2
  done
  tail -30 "$RUN/unleash.log" >&2
  stop
  die "Unleash did not answer within 120 s"
}

stop() {
  if [[ -f $RUN/unleash.pid ]]; then
    local pid
    pid=$(cat "$RUN/unleash.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$RUN/unleash.pid"
  fi
  if [[ -f $RUN/postgres.datadir ]]; then
    as_pg "$(cat "$RUN/postgres.pg_ctl" 2>/dev/null || echo pg_ctl) -D '$(cat "$RUN/postgres.datadir")' -m fast -w stop >/dev/null" || true
  fi
  rm -rf "$RUN"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  *) die "usage: scripts/unleash.sh start|stop" ;;
esac
