#!/usr/bin/env bash
# The main job, end to end: deploy hello-service from branch main through validate, build, test, dev, staging,
# stop at the approval gate, approve (at a terminal by typing the id, otherwise signed by a demo key), deploy prod, then prove prod runs main's commit
# and print the audit trail. Needs JDK 17+ and the built jar (mvn -q -DskipTests package).
# usage: demo.sh [--dashboard]   --dashboard also starts the web dashboard first (serve --http on 127.0.0.1) and
#        prints its URL with the login token, so you can watch the deployment live; it stays up until you press
#        Enter (or stdin closes). DEMO_DASHBOARD_PORT picks its port (default: a free one).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
JAR="${DEPLOYMENT_PIPELINE_JAR:-$REPO/plugin/server/deployment-pipeline.jar}"
BRANCH="${DEMO_BRANCH:-main}"
PROD_PORT="${HELLO_PROD_PORT:-18083}"

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ndemo: FAILED: %s\n' "$*" >&2; exit 1; }
# Echo a command exactly as it runs (shell-quoted), so the reader can copy it.
show() { printf '+'; printf ' %q' "$@"; printf '\n'; }
cli() { java -jar "$JAR" "$@"; }

dashboard=false
for arg in "$@"; do
  case "$arg" in
    --dashboard) dashboard=true ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) fail "unknown argument '$arg'; usage: demo.sh [--dashboard]" ;;
  esac
done

[[ -f "$JAR" ]] || fail "no jar at $JAR; build it first: (cd $REPO && mvn -q -DskipTests package)"
command -v java >/dev/null || fail "java is not on PATH; install a JDK 17+"

dashboard_pid=""
dashboard_url=""
stop_dashboard() {
  [[ -n "$dashboard_pid" ]] || return 0
  kill "$dashboard_pid" 2>/dev/null || true   # SIGTERM: the server finishes in-flight requests and exits
  wait "$dashboard_pid" 2>/dev/null || true
  dashboard_pid=""
}
# The server prints its address with a fresh random token on stderr; its log holds the token, so only we read it.
start_dashboard() {
  local log="$HERE/.deploy/dashboard.log"
  mkdir -p "$HERE/.deploy"
  (umask 077 && : >"$log")
  (cd "$HERE" && DEPLOY_PROJECT_DIR="$HERE" exec java -jar "$JAR" serve --http --port "${DEMO_DASHBOARD_PORT:-0}" \
    </dev/null >/dev/null 2>"$log") &
  dashboard_pid=$!
  trap stop_dashboard EXIT
  local i
  for ((i = 0; i < 600; i++)); do
    dashboard_url="$(sed -n 's/.*Dashboard: \(http[^[:space:]]*\).*/\1/p' "$log" | head -n 1)"
    [[ -n "$dashboard_url" ]] && break
    kill -0 "$dashboard_pid" 2>/dev/null || { dashboard_pid=""; fail "the dashboard did not start: $(tail -n 5 "$log")"; }
    sleep 0.1
  done
  [[ -n "$dashboard_url" ]] || fail "the dashboard printed no URL within 60 s; see $log"
  say "Dashboard: open this URL to watch the deployment live (the token in it logs you in)"
  echo "Dashboard: $dashboard_url"
}
if $dashboard; then start_dashboard; fi
expected_commit="$(git -C "$HERE" rev-parse --verify --quiet "$BRANCH^{commit}")" \
  || fail "no branch '$BRANCH' in $(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || echo "$HERE")"

id=""
# An earlier run may have left a deployment at the approval gate (answered "no"), or one may still be running:
# a new start would be refused while it is active, so say what it is and offer to finish it first.
overview="$(cli deploy status --project "$HERE" --json)" || fail "deploy status failed; see the error above"
active_block="$(sed -n '/"active"/,/"latestPerService"/p' <<<"$overview")"
active_id="$(sed -n 's/.*"deploymentId" : "\([^"]*\)".*/\1/p' <<<"$active_block" | head -n 1)"
if [[ -n "$active_id" ]]; then
  active_state="$(sed -n 's/.*"state" : "\([^"]*\)".*/\1/p' <<<"$active_block" | head -n 1)"
  say "An earlier deployment is still active: $active_id ($active_state)"
  cli deploy status "$active_id" --project "$HERE" || true
  if [[ "$active_state" == "awaiting-approval" && -t 0 ]]; then
    read -r -p "[a]pprove $active_id for prod, [r]eject it and start a new one, or [q]uit? " choice
    case "$choice" in
      [Aa]*) id="$active_id" ;;
      [Rr]*) show java -jar "$JAR" deploy reject "$active_id" --project "$HERE" -m "superseded by a new demo run"
             cli deploy reject "$active_id" --project "$HERE" -m "superseded by a new demo run" >/dev/null \
               || fail "deploy reject exited $? for $active_id" ;;
      *) exit 1 ;;
    esac
  else
    echo "A new start is refused while it is active. Finish it first, then run this demo again:"
    if [[ "$active_state" == "awaiting-approval" ]]; then
      echo "  approve:  java -jar $JAR deploy approve $active_id --project $HERE"
      echo "  reject:   java -jar $JAR deploy reject $active_id --project $HERE -m \"why\""
      echo "  undo dev and staging:  java -jar $JAR deploy rollback $active_id --project $HERE -r \"why\""
    else
      echo "  follow it:  java -jar $JAR deploy status $active_id --project $HERE"
      echo "  if its process is gone, take it over:  java -jar $JAR deploy resume $active_id --project $HERE"
    fi
    exit 1
  fi
fi

if [[ -n "${id:-}" ]]; then
  say "Continuing with $active_id at the approval gate"
else
  say "Starting the pipeline: hello-service @ $BRANCH ($expected_commit)"
  show java -jar "$JAR" deploy start hello-service "$BRANCH" --project "$HERE" --quiet
  rc=0
  id="$(cli deploy start hello-service "$BRANCH" --project "$HERE" --quiet)" || rc=$?
  if (( rc != 0 )); then
    [[ -n "${id:-}" ]] && cli deploy status "$id" --project "$HERE" || true
    fail "deploy start exited $rc (1 = a stage failed, 2 = bad input or config); see the progress lines above"
  fi
  id="$(printf '%s\n' "$id" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')"
  [[ "$id" =~ ^[A-Za-z0-9._:-]+$ ]] || fail "deploy start printed no deployment id (stdout: '$id')"
  echo "deployment id: $id"
fi

say "Status of $id"
cli deploy status "$id" --project "$HERE"
status_json="$(cli deploy status "$id" --project "$HERE" --json)" || fail "deploy status --json failed for $id"

if grep -q '"awaiting-approval"' <<<"$status_json"; then
  say "Approval gate: prod needs an explicit approval by a verified human"
  if [[ -t 0 ]]; then
    # deploy approve shows what reaches prod and asks you to type the deployment id (as terraform asks for 'yes').
    approve_cmd=(java -jar "$JAR" deploy approve "$id" --project "$HERE" --comment "approved at the terminal (examples/hello-service/demo.sh)")
    show "${approve_cmd[@]}"
    if ! "${approve_cmd[@]}"; then
      echo "Not approved. $id keeps waiting at the gate. Later, approve or reject it with:"
      echo "  java -jar $JAR deploy approve $id --project $HERE"
      echo "  java -jar $JAR deploy reject $id --project $HERE --comment \"why\""
      echo "Stop the services with: $HERE/scripts/stop-all.sh"
      exit 1
    fi
  else
    # No terminal: nobody can confirm, so the demo signs with a demo key of its own and lists it in a demo user
    # policy. The approval goes through the same verification as a real signed approval.
    demo="$HERE/.deploy/demo-approver"
    mkdir -p "$demo"
    [[ -f "$demo/id_ed25519" ]] || ssh-keygen -q -t ed25519 -N '' -C demo-approver -f "$demo/id_ed25519" \
      || fail "ssh-keygen is needed for a non-interactive demo (apt-get install openssh-client)"
    printf 'demo-approver@hello-service %s\n' "$(cut -d' ' -f1,2 "$demo/id_ed25519.pub")" >"$demo/allowed_signers"
    printf '{"allowedSignersFile": "allowed_signers"}\n' >"$demo/policy.json"
    export DEPLOY_PIPELINE_POLICY="$demo/policy.json"
    echo "stdin is not a terminal: approving with a signature by a demo key ($demo/id_ed25519),"
    echo "listed in a demo allowed-signers file through DEPLOY_PIPELINE_POLICY=$DEPLOY_PIPELINE_POLICY"
    approve_cmd=(java -jar "$JAR" deploy approve "$id" --project "$HERE" --sign "$demo/id_ed25519" --comment "signed by the demo key (examples/hello-service/demo.sh)")
    show "${approve_cmd[@]}"
    "${approve_cmd[@]}" </dev/null || fail "deploy approve exited $? for $id; see 'java -jar $JAR deploy status $id --project $HERE'"
  fi
elif grep -q '"completed"' <<<"$status_json"; then
  say "No approval gate was configured; $id already completed"
else
  fail "expected $id to wait at the approval gate before prod; its status is shown above"
fi

say "Checking prod: GET http://127.0.0.1:$PROD_PORT/version"
version_json="$("$HERE/scripts/http-get.sh" "http://127.0.0.1:$PROD_PORT/version")" \
  || fail "prod does not answer on port $PROD_PORT"
echo "$version_json"
prod_commit="$(sed -n 's/.*"commit":"\([^"]*\)".*/\1/p' <<<"$version_json")"
[[ "$prod_commit" == "$expected_commit" ]] \
  || fail "prod runs commit '$prod_commit' but $BRANCH is $expected_commit"
echo "prod runs $BRANCH's commit $expected_commit"

say "Audit trail of $id"
cli deploy audit "$id" --project "$HERE"

say "Done: $id completed and prod (127.0.0.1:$PROD_PORT) serves $expected_commit."
echo "Roll it back with:  java -jar $JAR deploy rollback $id --project $HERE --reason \"...\""
echo "Stop the services:  $HERE/scripts/stop-all.sh"
if [[ -n "$dashboard_pid" ]]; then
  say "The dashboard stays up at $dashboard_url"
  echo "Press Enter to stop it (it also stops when stdin closes)."
  read -r _ || true
  stop_dashboard
fi
