#!/usr/bin/env bash
# The command on PATH as the README installs it: bin/install.sh into a temp prefix, then, in a fresh git project
# with a pom.xml, `deployment-pipeline init` writes a config that `deployment-pipeline deploy validate` accepts at
# once, and a second init changes nothing. Also: the repo's own bin/deployment-pipeline runs. Needs the jar built.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -f $ROOT/plugin/server/deployment-pipeline.jar ]] || fail "no plugin/server/deployment-pipeline.jar: run mvn -q -DskipTests package first"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$ROOT/bin/deployment-pipeline" --version | grep -qx "$(sed -n 's/^VERSION=//p' "$ROOT/plugin/bin/deployment-pipeline")" \
  || fail "bin/deployment-pipeline --version does not print the launcher's version"

bash "$ROOT/bin/install.sh" --prefix "$WORK/prefix"
export PATH=$WORK/prefix/bin:$PATH
[[ $(command -v deployment-pipeline) == "$WORK/prefix/bin/deployment-pipeline" ]] || fail "not on PATH"
[[ -s $WORK/prefix/lib/deployment-pipeline/server/deployment-pipeline.jsa ]] || fail "no start-up archive installed"

mkdir "$WORK/shop" && cd "$WORK/shop"
git init -q -b main && echo '<project/>' > pom.xml
git add pom.xml && git -c user.email=t@example.com -c user.name=t commit -qm start
deployment-pipeline init | tee "$WORK/init.out"
grep -qx "next: deployment-pipeline deploy validate shop --env dev" "$WORK/init.out" || fail "init printed no next step"
# The config and git checks must pass; the advisory health check has nothing to probe.
out=$(deployment-pipeline deploy validate shop --env dev) || fail "the starter config is not ready: $out"
echo "$out"
grep -q "^ok   config" <<<"$out" || fail "config check did not pass"
deployment-pipeline init | grep -q "already is the starter config" || fail "a second init was not a no-op"
echo "OK: bin/install.sh puts deployment-pipeline on PATH; init writes a config that validates at once"
