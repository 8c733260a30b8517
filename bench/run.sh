#!/usr/bin/env bash
# The benchmark suite: start-up, tool calls and memory against @modelcontextprotocol/server-everything, deploy_history
# at 100,000 deployments, engine overhead per stage, the compose corpus against dclint, and Claude Code's connect.
# Builds nothing: run `mvn -q -DskipTests package` first.
#
# usage: bench/run.sh [--quick] [--only=startup,first,history,engine,compose,claude,team] [--jar=PATH] [--before=JAR]
#        --before=JAR: an earlier build (with its .jsa and .answers beside it), interleaved with ours; a second table
#        team (MCP over HTTP, 20 clients, two instances on PostgreSQL) runs only when named in --only
#        env: BENCH_VARIANTS="name=-XX:flags ...;name2=..." adds `java <flags> -jar JAR` to the start-up comparison
# Prints a table on stdout (progress on stderr) and writes the raw figures to bench/results/<time>.json.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=$ROOT/bench/.cache/node
JAR=$ROOT/plugin/server/deployment-pipeline.jar
[[ -f $JAR ]] || { echo "missing $JAR: run 'mvn -q -DskipTests package' first" >&2; exit 2; }

# Pinned clients and the reference server, installed once into the git-ignored cache.
mkdir -p "$CACHE"
cat > "$CACHE/package.json.new" <<'JSON'
{"private": true, "dependencies": {"@modelcontextprotocol/sdk": "1.32.2",
  "@modelcontextprotocol/server-everything": "2026.8.31", "ajv": "8.20.0", "ajv-formats": "3.0.1"}}
JSON
if ! cmp -s "$CACHE/package.json.new" "$CACHE/package.json" || [[ ! -d $CACHE/node_modules ]]; then
  mv "$CACHE/package.json.new" "$CACHE/package.json"
  echo "installing the bench's npm packages into $CACHE" >&2
  npm install --silent --no-audit --no-fund --prefix "$CACHE" >&2
else
  rm -f "$CACHE/package.json.new"
fi
cp "$ROOT/bench/bench.mjs" "$ROOT/bench/stats.mjs" "$ROOT/bench/team.mjs" "$CACHE/"
# The team section drives e2e/team.mjs, which resolves the MCP client from e2e/node_modules.
if [[ " $* " == *--only=*team* && ! -d $ROOT/e2e/node_modules ]]; then
  (cd "$ROOT/e2e" && npm ci --silent --no-audit --no-fund >&2)
fi

source "$ROOT/scripts/claude-code.sh"   # CLAUDE_BIN: the pinned Claude Code CLI

mkdir -p "$ROOT/bench/results"
cd "$CACHE"
exec node bench.mjs --root="$ROOT" --json="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ).json" "$@"
