#!/usr/bin/env bash
# Rollout-engine benchmark: a bad canary through Caddy aborted by its analysis, and blue-green rollback by a switch
# against a rollback that redeploys, through HAProxy, under a constant open-loop loopback load (default 250
# requests/s, at most 60,000 requests per load; each run takes about 2 minutes and stops by itself).
# Everything runs in temporary projects on 127.0.0.1 with ports picked now; every process started is stopped.
# Build first: mvn -q -DskipTests package.
# usage: bench/progressive.sh [runs=3] [requests-per-second=250]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[[ -f $ROOT/plugin/server/deployment-pipeline.jar ]] || { echo "missing the jar: run 'mvn -q -DskipTests package' first" >&2; exit 2; }
for t in caddy haproxy node java git; do
  command -v "$t" >/dev/null || { echo "missing $t (Debian: apt-get install caddy haproxy nodejs)" >&2; exit 2; }
done
exec node "$ROOT/bench/progressive.mjs" "$@"
