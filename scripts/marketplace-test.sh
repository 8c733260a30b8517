#!/usr/bin/env bash
# A marketplace install as a user gets it: a fresh clone with no build (so no plugin/server/), a throwaway HOME,
# `claude plugin marketplace add <clone>`, `claude plugin install deploy@deployment-pipeline`, then
# `claude mcp list` must show the server Connected. The plugin's launcher has to fetch the released jar: it is
# published here with `mvn deploy:deploy-file` (what a release does) into a temp Maven repository, which a
# loopback HTTP server serves in place of Maven Central. Also checked: later starts use the cache and fetch
# nothing; a copy of the plugin folder alone (what a GitHub install caches) works from a local Maven repository;
# a jar that does not match its checksum is refused; nothing found anywhere says what to run.
# Needs: the jar built (mvn package), git, node, the pinned Claude Code CLI (installed on first use).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/mcp-server/target/deployment-pipeline.jar
VERSION=$(sed -n 's/^VERSION=//p' "$ROOT/plugin/bin/deployment-pipeline")
ARTIFACT_DIR=dev/deploypipeline/deployment-pipeline/$VERSION

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo; echo "==> $*"; }
seconds() { node -e 'console.log(((Date.now() - Number(process.argv[1])) / 1000).toFixed(1))' "$1"; }
now() { node -e 'console.log(Date.now())'; }

[[ -f $JAR ]] || fail "no $JAR: run mvn -q -DskipTests package first"
source "$ROOT/scripts/claude-code.sh"
WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

step "publishing $JAR as dev.deploypipeline:deployment-pipeline:$VERSION into a temp Maven repository"
(cd "$WORK" && mvn -B -ntp -q org.apache.maven.plugins:maven-deploy-plugin:3.1.4:deploy-file -Dfile="$JAR" \
  -DgroupId=dev.deploypipeline -DartifactId=deployment-pipeline -Dversion="$VERSION" -Dpackaging=jar \
  -Durl="file://$WORK/repo") || fail "mvn deploy:deploy-file failed"
ls "$WORK/repo/$ARTIFACT_DIR"

# A static file server on a free loopback port; each request is logged to requests.log.
node - "$WORK/repo" "$WORK/requests.log" > "$WORK/port" <<'EOF' &
const http = require('http'), fs = require('fs'), path = require('path');
const [root, log] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  fs.appendFileSync(log, req.url + '\n');
  const file = path.join(root, path.normalize(decodeURIComponent(req.url)));
  if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-length': fs.statSync(file).size });
  fs.createReadStream(file).pipe(res);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
EOF
SERVER_PID=$!
for _ in $(seq 100); do [[ -s $WORK/port ]] && break; sleep 0.1; done
MAVEN_REPO=http://127.0.0.1:$(cat "$WORK/port")
touch "$WORK/requests.log"

step "a clean clone (committed HEAD, no build)"
git clone -q "$ROOT" "$WORK/clone"
[[ ! -e $WORK/clone/plugin/server ]] || fail "the clone has plugin/server/"
mkdir -p "$WORK/home" "$WORK/project" "$WORK/empty-m2"
export HOME=$WORK/home CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
export MAVEN_REPO_LOCAL=$WORK/empty-m2 DEPLOY_PIPELINE_MAVEN_REPO=$MAVEN_REPO
unset ANTHROPIC_API_KEY CLAUDE_CODE_OAUTH_TOKEN DEPLOY_PIPELINE_JAR DEPLOY_PIPELINE_CACHE XDG_CACHE_HOME || true
cd "$WORK/project"
claude() { "$CLAUDE_BIN" "$@"; }

step "claude plugin marketplace add <clone>; claude plugin install deploy@deployment-pipeline"
claude plugin marketplace add "$WORK/clone"
claude plugin install deploy@deployment-pipeline

mcp_list() {
  local out
  out=$(claude "$@" mcp list 2>&1) || true
  echo "$out"
  grep -q "plugin:deploy:pipeline: .*Connected" <<<"$out"
}

step "first start: claude mcp list (fetches the jar from $MAVEN_REPO, builds its start-up archive)"
t=$(now)
mcp_list || fail "not connected on the first start (server stderr: $(cat "$HOME"/.cache/claude-cli-nodejs/*/mcp-logs-plugin-deploy-pipeline/* 2>/dev/null | tail -c 2000))"
first=$(seconds "$t")
grep -q "$ARTIFACT_DIR/deployment-pipeline-$VERSION.jar$" "$WORK/requests.log" || fail "the jar was not fetched over HTTP"
grep -q "$ARTIFACT_DIR/deployment-pipeline-$VERSION.jar.sha" "$WORK/requests.log" || fail "no checksum was fetched"
cache=$HOME/.cache/deployment-pipeline/$VERSION
for f in jar jsa answers; do [[ -s $cache/deployment-pipeline-$VERSION.$f ]] || fail "cache lacks the .$f"; done
cmp -s "$JAR" "$cache/deployment-pipeline-$VERSION.jar" || fail "the cached jar differs from the published one"

step "later start: claude mcp list (cache only)"
requests=$(wc -l < "$WORK/requests.log")
t=$(now)
mcp_list || fail "not connected on a later start"
later=$(seconds "$t")
[[ $(wc -l < "$WORK/requests.log") == "$requests" ]] || fail "a later start went to the network"

step "the plugin folder alone, from a local Maven repository (remote unreachable)"
cp -r "$WORK/clone/plugin" "$WORK/plugin-copy"
DEPLOY_PIPELINE_CACHE=$WORK/cache2 MAVEN_REPO_LOCAL=$WORK/repo DEPLOY_PIPELINE_MAVEN_REPO=http://127.0.0.1:9 \
  mcp_list --plugin-dir "$WORK/plugin-copy" || fail "the copied plugin folder did not connect"
[[ -s $WORK/cache2/$VERSION/deployment-pipeline-$VERSION.jsa ]] || fail "no start-up archive from the local repository"

launcher() { sh "$WORK/clone/plugin/bin/deployment-pipeline" --version 2>&1; }

step "a jar that does not match its checksum is refused"
cp -r "$WORK/repo" "$WORK/bad-repo"
echo "0000000000000000000000000000000000000000" > "$WORK/bad-repo/$ARTIFACT_DIR/deployment-pipeline-$VERSION.jar.sha1"
if out=$(DEPLOY_PIPELINE_CACHE=$WORK/cache3 DEPLOY_PIPELINE_MAVEN_REPO=file://$WORK/bad-repo launcher); then
  fail "a tampered download was accepted: $out"; fi
echo "$out"
grep -q "does not match its .sha1" <<<"$out" || fail "no checksum message"
[[ ! -e $WORK/cache3/$VERSION/deployment-pipeline-$VERSION.jar ]] || fail "the refused jar was cached"

step "nothing anywhere: the message says what to run"
if out=$(DEPLOY_PIPELINE_CACHE=$WORK/cache4 DEPLOY_PIPELINE_MAVEN_REPO=file://$WORK/nowhere launcher); then
  fail "started without a jar: $out"; fi
echo "$out"
grep -q "next: .*mvn -q -DskipTests install.*sh $WORK/clone/plugin/bin/deployment-pipeline --version" <<<"$out" \
  || fail "the failure does not say what to run"

echo
echo "OK: marketplace install connected; first start (fetch + archive + connect) ${first} s, later start ${later} s"
