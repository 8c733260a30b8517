#!/usr/bin/env bash
# The PostgreSQL store's benchmark: transitions per second through the store, COPY of 1,000,000 deployments, and
# deploy_history p50 at that size (goal ≤ 50 ms). Starts its own private PostgreSQL 15 (scripts/postgres.sh, run
# directory .cache/postgres-bench) and stops it at exit. Builds nothing: run `mvn -q package -DskipTests` first
# (the jar and mcp-server/target/test-classes, for StoreGenerator).
# usage: bench/store.sh [deployments]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/plugin/server/deployment-pipeline.jar
TEST_CLASSES=$ROOT/mcp-server/target/test-classes
[[ -f $JAR ]] || { echo "missing $JAR: run 'mvn -q package -DskipTests' first" >&2; exit 2; }
[[ -f $TEST_CLASSES/dev/deploypipeline/store/StoreGenerator.class ]] \
  || { echo "missing $TEST_CLASSES: run 'mvn -q package -DskipTests' first" >&2; exit 2; }
export POSTGRES_RUN_DIR=$ROOT/.cache/postgres-bench
bash "$ROOT/scripts/postgres.sh" stop
bash "$ROOT/scripts/postgres.sh" start >&2
trap 'bash "$ROOT/scripts/postgres.sh" stop' EXIT
set -a && . "$POSTGRES_RUN_DIR/postgres.env" && set +a
cd "$ROOT"
java -Xmx1g -cp "$JAR:$TEST_CLASSES" bench/StoreBench.java "$@"
