#!/usr/bin/env bash
# Stop every environment's hello-service process (demo and test cleanup).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

found=0
for dir in "$ENVS_DIR"/*/; do
  [[ -d "$dir" ]] || continue
  found=1
  stop_env "$(basename "$dir")"
done
(( found )) || step "no environments deployed under ${ENVS_DIR#"$HELLO_ROOT"/}"
step "done"
