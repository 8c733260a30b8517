#!/usr/bin/env bash
# One command, three deploys through a real proxy: v1 (first deploy), a good v2 rolled out by the strategy, then a
# bad v3 (20 % of its requests fail) that the analysis catches and rolls back on its own. With blue-green it also
# rolls v2 back by one router switch and prints how long the switch took.
#
#   examples/progressive/demo.sh            # canary through Caddy
#   examples/progressive/demo.sh blue-green # blue-green through HAProxy
#
# Needs JDK 17+, git, caddy or haproxy, and the built jar (mvn -q -DskipTests package). Everything listens on
# 127.0.0.1 only, on a port picked now; the work happens in a temporary copy of this directory.
set -euo pipefail

STRATEGY="${1:-canary}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
JAR="$REPO/plugin/server/deployment-pipeline.jar"
case "$STRATEGY" in
  canary) CONFIG="$HERE/deployment-config.canary.json"; PROXY=caddy ;;
  blue-green|bluegreen) STRATEGY=blue-green; CONFIG="$HERE/deployment-config.bluegreen.json"; PROXY=haproxy ;;
  *) echo "usage: $0 [canary|blue-green]" >&2; exit 2 ;;
esac

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ndemo: FAILED: %s\n' "$*" >&2; exit 1; }
cli() { java -jar "$JAR" "$@" --project "$WORK"; }

[[ -f "$JAR" ]] || fail "no jar at $JAR; build it first: (cd $REPO && mvn -q -DskipTests package)"
for tool in java git "$PROXY"; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH (Debian: apt-get install $tool)"
done

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  fail "no free port found"
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/progressive-demo.XXXXXX")"
PORT="$(free_port)"
LOAD_PID=""
cleanup() {
  [[ -n "$LOAD_PID" ]] && kill "$LOAD_PID" 2>/dev/null || true
  # Stop every instance the pipeline recorded (each runs in its own process group).
  grep -rhoE '"pid" *: *[0-9]+' "$WORK/.claude/deployments" 2>/dev/null | grep -oE '[0-9]+$' | sort -u |
    while read -r pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  # And the private proxy the pipeline started for prod (it outlives the CLI by design).
  grep -rhoE '^pid=[0-9]+' "$WORK/.claude/deployments/proxies" 2>/dev/null | cut -d= -f2 |
    while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done
  echo "work directory kept for inspection: $WORK"
}
trap cleanup EXIT

say "Project copy in $WORK, $STRATEGY through $PROXY on 127.0.0.1:$PORT"
cp "$HERE/Service.java" "$WORK/"
mkdir -p "$WORK/.claude"
sed "s/\"listen\": 18090/\"listen\": $PORT/" "$CONFIG" > "$WORK/.claude/deployment-config.json"
git -C "$WORK" init -q -b main
git -C "$WORK" -c user.email=demo@example.com -c user.name=demo add -A
git -C "$WORK" -c user.email=demo@example.com -c user.name=demo commit -qm "v1"

commit() { git -C "$WORK" -c user.email=demo@example.com -c user.name=demo commit -q --allow-empty -m "$1"; }

deploy() { # prints the deployment id; the pipeline's own progress goes to stderr
  local id rc=0
  id="$(cli deploy start progressive-demo main --quiet)" || rc=$?
  id="$(printf '%s\n' "$id" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
  [[ -n "$id" ]] || fail "deploy start printed no id (exit $rc)"
  echo "$id"
}

show_rollout() {
  cli deploy status "$1" --json | java "$HERE/ShowRollout.java"
}

say "Constant load on http://127.0.0.1:$PORT/ from now on (refused until the proxy starts with v1): 200 requests/s"
java "$HERE/Load.java" "http://127.0.0.1:$PORT/" 200 900 &
LOAD_PID=$!

say "1. First deploy (v1): nothing to shift from, so it starts and is verified at 100 %"
v1="$(deploy)"; show_rollout "$v1"

say "2. A good v2, rolled out $STRATEGY"
commit "v2"; v2="$(deploy)"; show_rollout "$v2"

if [[ "$STRATEGY" == blue-green ]]; then
  say "3. Roll v2 back: the old colour is still warm, so it is one router switch"
  cli deploy rollback --env prod --reason "demo: switch back" --json >/dev/null
  show_rollout "$v2"
  commit "v2 again"; deploy >/dev/null
fi

say "4. A bad v3: 20 % of its requests fail; the analysis aborts it and stable gets all traffic back"
commit "v3 (bad)"; v3="$(DEMO_FAIL_RATE=0.2 deploy)"; show_rollout "$v3"
cli deploy status "$v3" --json | grep -q '"rolled-back"' || fail "$v3 was not rolled back"

say "Audit trail of $v3"
cli deploy audit "$v3" | tail -n 25
say "Done: $v1 and $v2 completed, $v3 rolled back by its analysis"
