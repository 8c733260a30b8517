#!/usr/bin/env bash
# The self-hosted example end to end, in a scratch copy of this directory with its own git history:
#   1. deploy v1 with the Compose target (the build stage builds selfhosted-web and selfhosted-worker at the
#      release's version; dev runs them with docker-compose, waits for their healthchecks, checks /health)
#   2. start Caddy in front of web (the Caddyfile here) and fetch the site through it
#   3. deploy v2 (a new page), then roll back to v1 by name, fetching the site through Caddy after each
# then stops Caddy and removes the containers. Needs JDK 17+, the built jar (mvn -q -DskipTests package), git,
# caddy, docker-compose and a Docker daemon: $DOCKER_HOST, or the private one `scripts/dockerd.sh start` runs
# (its local busybox image is used as the base image, since it needs no registry).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
JAR="${DEPLOYMENT_PIPELINE_JAR:-$REPO/plugin/server/deployment-pipeline.jar}"

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ndemo: FAILED: %s\n' "$*" >&2; exit 1; }
show() { printf '+'; printf ' %q' "$@"; printf '\n'; }
cli() { show deployment-pipeline "$@"; java -jar "$JAR" "$@" --project "$WORK"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

[[ -f "$JAR" ]] || fail "no jar at $JAR; build it first: (cd $REPO && mvn -q -DskipTests package)"
for tool in java git caddy docker-compose python3; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH (Debian: apt-get install default-jdk git caddy docker-compose python3)"
done
if [[ -z "${DOCKER_HOST:-}" && -f "$REPO/.cache/dockerd-run/dockerd.env" ]]; then
  set -a; . "$REPO/.cache/dockerd-run/dockerd.env"; set +a
fi
# The private daemon has no registry: build on the busybox image it was given
[[ -z "${DP_TEST_IMAGE:-}" ]] || export BASE_IMAGE="${BASE_IMAGE:-$DP_TEST_IMAGE}"
docker info >/dev/null 2>&1 || fail "no Docker daemon answers (set DOCKER_HOST, or run: sudo bash scripts/dockerd.sh start)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/selfhosted-demo.XXXXXX")"
caddy_pid=""
cleanup() {
  [[ -n "$caddy_pid" ]] && kill "$caddy_pid" 2>/dev/null && wait "$caddy_pid" 2>/dev/null
  (cd "$WORK" && TAG=none docker-compose -p selfhosted-dev down -t 2 >/dev/null 2>&1) || true
  rm -rf "$WORK"
}
trap cleanup EXIT

say "A scratch copy of examples/self-hosted in $WORK, with .env from .env.example and ports picked now"
cp -r "$HERE/." "$WORK/"
rm -rf "$WORK/.claude/deployments" "$WORK/.deploy" "$WORK/.env"
export WEB_PORT="$(free_port)" SITE_PORT="$(free_port)" CADDY_ADMIN_PORT="$(free_port)"
sed -e "s/^WEB_PORT=.*/WEB_PORT=$WEB_PORT/" -e "s/^SITE_PORT=.*/SITE_PORT=$SITE_PORT/" "$WORK/.env.example" >"$WORK/.env"
git -C "$WORK" init -q -b main
git -C "$WORK" add -A
git -C "$WORK" -c user.email=demo@example.com -c user.name=Demo commit -q -m "v1"
v1="$(git -C "$WORK" rev-parse --short=12 HEAD)"

say "Deploy v1 ($v1): validate, build the images, test, then dev through the Compose target"
cli deploy start selfhosted main || fail "the v1 deployment failed; see deploy status above"
[[ "$(curl -fsS "http://127.0.0.1:$WEB_PORT/version")" == "$v1" ]] || fail "web does not serve $v1"

say "Caddy in front of web: http://127.0.0.1:$SITE_PORT (admin API on 127.0.0.1:$CADDY_ADMIN_PORT)"
caddy validate --adapter caddyfile --config "$WORK/Caddyfile" >/dev/null 2>&1 || fail "caddy validate rejected the Caddyfile"
(cd "$WORK" && exec caddy run --adapter caddyfile --config Caddyfile >"$WORK/.caddy.log" 2>&1) &
caddy_pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$SITE_PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
show curl "http://127.0.0.1:$SITE_PORT/version"
[[ "$(curl -fsS "http://127.0.0.1:$SITE_PORT/version")" == "$v1" ]] || fail "Caddy does not serve $v1: $(tail -5 "$WORK/.caddy.log")"
echo "$v1 (through Caddy)"

say "v2: a new front page, deployed the same way"
printf '<!doctype html>\n<h1>Hello again: this is v2</h1>\n' >"$WORK/web/www/index.html"
git -C "$WORK" -c user.email=demo@example.com -c user.name=Demo commit -q -am "v2: new front page"
v2="$(git -C "$WORK" rev-parse --short=12 HEAD)"
cli deploy start selfhosted main || fail "the v2 deployment failed"
[[ "$(curl -fsS "http://127.0.0.1:$SITE_PORT/version")" == "$v2" ]] || fail "Caddy does not serve $v2"
echo "$v2 (through Caddy)"

say "Roll dev back to v1 by name"
cli deploy rollback --env dev --to-version "$v1" -r "demo: back to v1" || fail "the rollback failed"
[[ "$(curl -fsS "http://127.0.0.1:$SITE_PORT/version")" == "$v1" ]] || fail "Caddy does not serve $v1 after the rollback"
echo "$v1 (through Caddy)"

say "History of dev"
cli deploy history --env dev || true
say "Done: v1 → v2 → rollback to v1, served through Caddy the whole time. Cleaning up."
