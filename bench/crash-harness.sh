#!/usr/bin/env bash
# The long crash run (README, Reliability): SIGKILLs CLI and MCP server processes of the built jar at random
# moments, resumes, and checks every invariant. Prints the figures as JSON; exit 1 if any invariant failed.
#   bench/crash-harness.sh [--kills 200] [--seed 2026]
#   bench/crash-harness.sh --concurrency [--transitions 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f plugin/server/deployment-pipeline.jar ] || mvn -B -ntp -q -DskipTests package
[ -d e2e/node_modules ] || npm ci --prefix e2e --no-audit --no-fund --loglevel=error
exec node e2e/crash-harness.mjs "$@"
