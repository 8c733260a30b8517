#!/usr/bin/env bash
# Rollback of $ENVIRONMENT: bring back the previous release ($PREVIOUS_VERSION from the pipeline,
# else the release deploy.sh recorded as previous). With no previous release, stop the service.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_environment

dir="$(env_dir "$ENVIRONMENT")"
mkdir -p "$dir"
target="${PREVIOUS_VERSION:-}"
if [[ -n "$target" ]]; then
  commit="${PREVIOUS_COMMIT:-}"
  deployment="${PREVIOUS_DEPLOYMENT_ID:-}"
  step "$ENVIRONMENT: rolling back to $target (given by the pipeline)"
else
  target="$(read_field "$dir/previous" version)"
  commit="$(read_field "$dir/previous" commit)"
  deployment="$(read_field "$dir/previous" deploymentId)"
  if [[ -n "$target" ]]; then
    step "$ENVIRONMENT: rolling back to $target (recorded previous release)"
  fi
fi

if [[ -z "$target" ]]; then
  step "$ENVIRONMENT: there is no previous release to go back to; stopping the service"
  stop_env "$ENVIRONMENT"
  if [[ -f "$dir/current" ]]; then mv -f "$dir/current" "$dir/rolled-back-from"; fi
  step "$ENVIRONMENT: service stopped, nothing is deployed now"
  exit 0
fi

PREVIOUS_VERSION="$target" require_version PREVIOUS_VERSION
[[ -f "$(build_dir "$target")/classes/HelloService.class" ]] \
  || die "$ENVIRONMENT: no build of $target in .deploy/builds/$target; check out that commit and run VERSION=$target scripts/build.sh, then roll back again"
[[ -n "$commit" ]] || commit="$(read_field "$(build_dir "$target")/build-info" commit)"
[[ -n "$commit" ]] || commit="unknown"

# Already running the target (a repeated rollback): leave it alone.
if [[ "$(read_field "$dir/current" version)" == "$target" && -n "$(running_pid "$ENVIRONMENT")" ]]; then
  step "$ENVIRONMENT: $target is already running (pid $(running_pid "$ENVIRONMENT")), nothing to do"
  exit 0
fi

from="$(read_field "$dir/current" version)"
stop_env "$ENVIRONMENT"
if [[ -f "$dir/current" ]]; then cp "$dir/current" "$dir/rolled-back-from"; fi
start_env "$ENVIRONMENT" "$target" "$commit" "$deployment"
# The release we went back to has no recorded predecessor; another rollback without
# PREVIOUS_VERSION would stop the service rather than move forward again.
rm -f "$dir/previous"
step "$ENVIRONMENT: rolled back from ${from:-nothing} to $target (commit $commit)"
