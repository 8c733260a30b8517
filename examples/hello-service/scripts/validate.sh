#!/usr/bin/env bash
# Stage "validate": is everything the later stages need in place?
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for f in src/HelloService.java test/HelloServiceTest.java; do
  [[ -f "$HELLO_ROOT/$f" ]] || die "missing source file $f"
done
step "sources present: src/HelloService.java, test/HelloServiceTest.java"

command -v javac >/dev/null || die "javac is not on PATH; install a JDK 17+ (a JRE is not enough)"
command -v java >/dev/null || die "java is not on PATH; install a JDK 17+"
java_major="$(javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')"
[[ -n "$java_major" && "$java_major" -ge 17 ]] \
  || die "javac is '$(javac -version 2>&1)'; hello-service needs JDK 17 or newer"
step "javac $java_major found at $(command -v javac)"

for v in DEPLOYMENT_ID SERVICE BRANCH COMMIT VERSION; do
  require_var "$v" "the pipeline passes it to every stage"
done
require_version VERSION
[[ "$SERVICE" == "hello-service" ]] || die "SERVICE='$SERVICE' but this project is hello-service" 2
step "pipeline context: deployment $DEPLOYMENT_ID, $SERVICE $BRANCH@$COMMIT, version $VERSION"

for env in dev staging prod; do
  port="$(env_port "$env")"
  step "$env will listen on 127.0.0.1:$port"
done
step "ok"
