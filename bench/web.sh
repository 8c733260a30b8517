#!/usr/bin/env bash
# Dashboard and REST benchmarks at 100,000 deployments: the overview page's time to first byte and fully loaded
# time in headless Chromium, GET /api/v1/deployments p50, and the SSE latency from a store transition to the
# browser. Starts the real jar (`serve --http`) in a temporary project on 127.0.0.1 with a port it picks; stops
# every process it started. Builds nothing: run `mvn -q -DskipTests package` first (it also compiles the test
# classes that hold StoreGenerator).
# usage: bench/web.sh [--quick] [--deployments=100000] [--no-files] [--service=noop] [--jar=PATH]
# Prints a table on stdout (progress on stderr) and writes the raw figures to bench/results/web-<time>.json.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=$ROOT/bench/.cache/web
[[ -f $ROOT/plugin/server/deployment-pipeline.jar ]] \
  || { echo "missing the jar: run 'mvn -q -DskipTests package' first" >&2; exit 2; }
[[ -f $ROOT/mcp-server/target/test-classes/dev/deploypipeline/store/StoreGenerator.class ]] \
  || { echo "missing StoreGenerator: run 'mvn -q -DskipTests package' first" >&2; exit 2; }
for t in chromium node java git; do
  command -v "$t" >/dev/null || { echo "missing $t (Debian: apt-get install chromium nodejs)" >&2; exit 2; }
done

# playwright-core drives Debian's Chromium (it downloads no browser of its own); pinned, installed once into the
# git-ignored cache.
mkdir -p "$CACHE"
printf '{"private": true, "dependencies": {"playwright-core": "1.64.1"}}\n' > "$CACHE/package.json.new"
if ! cmp -s "$CACHE/package.json.new" "$CACHE/package.json" || [[ ! -d $CACHE/node_modules ]]; then
  mv "$CACHE/package.json.new" "$CACHE/package.json"
  echo "installing playwright-core into $CACHE" >&2
  npm install --silent --no-audit --no-fund --prefix "$CACHE" >&2
else
  rm -f "$CACHE/package.json.new"
fi
cp "$ROOT/bench/web.mjs" "$ROOT/bench/stats.mjs" "$CACHE/"
mkdir -p "$ROOT/bench/results"
cd "$CACHE"
exec node web.mjs --root="$ROOT" --json="$ROOT/bench/results/web-$(date -u +%Y%m%dT%H%M%SZ).json" "$@"
