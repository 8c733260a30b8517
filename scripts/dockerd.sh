#!/usr/bin/env bash
# A private, real Docker daemon for the Compose tests: no bridge, no iptables rules, its own data root and socket,
# so it never touches the host's networking or another daemon. Containers use network_mode: host on 127.0.0.1.
# No registry is reachable, so the base image is made here from busybox-static (docker import).
#   scripts/dockerd.sh start   starts dockerd, imports the image dp-busybox:1, and writes $DOCKERD_RUN_DIR/dockerd.env
#                              (DOCKER_HOST=unix://..., DP_TEST_IMAGE=dp-busybox:1)
#   scripts/dockerd.sh stop    stops the daemon by the PID it recorded (containers first), removes the run directory
# DOCKERD_RUN_DIR defaults to .cache/dockerd-run. Needs root (dockerd does) and the Debian packages docker.io,
# docker-compose and busybox-static.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=${DOCKERD_RUN_DIR:-$PWD/.cache/dockerd-run}
# Debian's client matches the 20.10 daemon; a newer client in /usr/local/bin may refuse its API version.
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=$(command -v docker || true)

die() { echo "dockerd.sh: $*" >&2; exit 1; }

start() {
  command -v dockerd >/dev/null || die "dockerd is not installed: apt-get install docker.io docker-compose busybox-static"
  [[ -n $DOCKER ]] || die "the docker client is not installed: apt-get install docker.io"
  [[ -x /bin/busybox ]] || die "busybox is not installed: apt-get install busybox-static"
  [[ $(id -u) == 0 ]] || die "dockerd needs root"
  [[ ! -f $RUN/dockerd.pid ]] || die "already running ($RUN/dockerd.pid); run: scripts/dockerd.sh stop"
  rm -rf "$RUN" && mkdir -p "$RUN/data" "$RUN/exec" "$RUN/sock"
  local sock=$RUN/sock/docker.sock
  dockerd --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
    --data-root "$RUN/data" --exec-root "$RUN/exec" --pidfile "$RUN/exec/docker.pid" \
    -H "unix://$sock" >"$RUN/dockerd.log" 2>&1 &
  echo $! >"$RUN/dockerd.pid"
  export DOCKER_HOST=unix://$sock
  local i
  for i in $(seq 1 150); do
    "$DOCKER" info >/dev/null 2>&1 && break
    kill -0 "$(cat "$RUN/dockerd.pid")" 2>/dev/null || { tail -20 "$RUN/dockerd.log" >&2; die "dockerd exited"; }
    sleep 0.2
  done
  "$DOCKER" info >/dev/null 2>&1 || { tail -20 "$RUN/dockerd.log" >&2; stop; die "dockerd not ready after 30 s"; }
  local root=$RUN/rootfs
  mkdir -p "$root/bin" "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for tool in sh wget nc httpd sleep echo cat ls env true false kill ps; do ln -sf busybox "$root/bin/$tool"; done
  tar -C "$root" -c . | "$DOCKER" import -c 'CMD ["/bin/sh"]' - dp-busybox:1 >/dev/null || die "docker import failed"
  printf 'DOCKER_HOST=%s\nDP_TEST_IMAGE=dp-busybox:1\n' "$DOCKER_HOST" >"$RUN/dockerd.env"
  echo "dockerd.sh: dockerd $(cat "$RUN/dockerd.pid") on $DOCKER_HOST; image dp-busybox:1; env in $RUN/dockerd.env" >&2
}

stop() {
  [[ -f $RUN/dockerd.pid ]] || return 0
  local pid
  pid=$(cat "$RUN/dockerd.pid")
  if kill -0 "$pid" 2>/dev/null; then
    export DOCKER_HOST=unix://$RUN/sock/docker.sock
    local ids
    ids=$("$DOCKER" ps -aq 2>/dev/null || true)
    [[ -z $ids ]] || "$DOCKER" rm -f $ids >/dev/null 2>&1 || true
    kill "$pid"
    local i
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" || true
  fi
  # dockerd unmounts its layers on a clean stop; after a kill -9 some may stay mounted
  grep -o " $RUN/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$RUN"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: scripts/dockerd.sh start|stop" >&2; exit 2 ;;
esac
