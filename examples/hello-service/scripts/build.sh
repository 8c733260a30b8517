#!/usr/bin/env bash
# Stage "build": compile src/ into .deploy/builds/$VERSION/classes. Re-running it is a no-op.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_version VERSION

out="$(build_dir "$VERSION")"
hash="$(sources_hash)"
if [[ -f "$out/classes/HelloService.class" && "$(read_field "$out/build-info" sourcesSha256)" == "$hash" ]]; then
  step "version $VERSION already built from the same sources (${out#"$HELLO_ROOT"/}), nothing to do"
  exit 0
fi

# Compile into a scratch directory and rename it into place, so a half-finished build is never picked up.
mkdir -p "$BUILDS_DIR"
tmp="$(mktemp -d "$BUILDS_DIR/.tmp-$VERSION-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
step "compiling src/HelloService.java (javac --release 17)"
javac --release 17 -Xlint:all -Werror -d "$tmp/classes" "$HELLO_ROOT/src/HelloService.java"
printf 'version=%s\ncommit=%s\nsourcesSha256=%s\nbuiltAt=%s\n' "$VERSION" "${COMMIT:-unknown}" "$hash" \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$tmp/build-info"
if [[ -d "$out" ]]; then
  step "replacing an older build of $VERSION whose sources differ"
  rm -rf "$out"
fi
mv "$tmp" "$out"
step "built version $VERSION into ${out#"$HELLO_ROOT"/}/classes"
