#!/usr/bin/env bash
# Stage "deploy-$ENVIRONMENT": replace the env's running release with $VERSION.
# The pipeline health-checks afterwards; this only makes sure the process did not die on start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_environment
require_version VERSION
require_var COMMIT
require_var DEPLOYMENT_ID

dir="$(env_dir "$ENVIRONMENT")"
mkdir -p "$dir"
[[ -f "$(build_dir "$VERSION")/classes/HelloService.class" ]] \
  || die "no build of version $VERSION; the build stage must run first"

current_version="$(read_field "$dir/current" version)"
if [[ -n "$current_version" && "$current_version" != "$VERSION" ]]; then
  # Keep the release we are replacing, so rollback knows where to go back to.
  cp "$dir/current" "$dir/previous"
  step "$ENVIRONMENT: previous release is $current_version (commit $(read_field "$dir/current" commit))"
elif [[ -n "$current_version" ]]; then
  step "$ENVIRONMENT: redeploying version $VERSION (previous release stays $(read_field "$dir/previous" version))"
else
  step "$ENVIRONMENT: first deployment, no previous release"
fi

stop_env "$ENVIRONMENT"
start_env "$ENVIRONMENT" "$VERSION" "$COMMIT" "$DEPLOYMENT_ID"
step "$ENVIRONMENT: now running $VERSION (commit $COMMIT, deployment $DEPLOYMENT_ID)"
