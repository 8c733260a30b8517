#!/usr/bin/env bash
# Router-level benchmark: real Caddy and HAProxy, two example services, a constant loopback load (default 250
# requests/s, at most 40,000 requests, about 25 s in all). Blue-green switches and a canary through each proxy.
# Builds nothing: run `mvn -q -DskipTests package` first (the classes come from the plugin jar).
# usage: bench/routers.sh [requests-per-second]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/plugin/server/deployment-pipeline.jar
[[ -f $JAR ]] || { echo "missing $JAR: run 'mvn -q -DskipTests package' first" >&2; exit 2; }
for t in /usr/bin/caddy /usr/sbin/haproxy; do
  [[ -x $t ]] || { echo "missing $t: apt-get install caddy haproxy" >&2; exit 2; }
done
cd "$ROOT"
exec java -cp "$JAR" bench/RouterBench.java "$@"
