#!/usr/bin/env bash
# Stage "test": compile the test program against this version's build and run it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_version VERSION

out="$(build_dir "$VERSION")"
[[ -f "$out/classes/HelloService.class" ]] \
  || die "no build of version $VERSION at ${out#"$HELLO_ROOT"/}/classes; run scripts/build.sh first"

step "compiling test/HelloServiceTest.java against ${out#"$HELLO_ROOT"/}/classes"
rm -rf "$out/test-classes"
javac --release 17 -cp "$out/classes" -d "$out/test-classes" "$HELLO_ROOT/test/HelloServiceTest.java"
step "running HelloServiceTest"
java -cp "$out/classes:$out/test-classes" HelloServiceTest
