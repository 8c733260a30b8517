# Shared helpers for the hello-service pipeline scripts. Sourced, not run.
# Every path is derived from this file's location, so the example works wherever it is copied.

HELLO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPLOY_DIR="$HELLO_ROOT/.deploy"
BUILDS_DIR="$DEPLOY_DIR/builds"
ENVS_DIR="$DEPLOY_DIR/envs"
# Small heap and a quick-starting JIT: three copies run side by side on a developer machine.
HELLO_JAVA_OPTS="${HELLO_JAVA_OPTS:--Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"

step() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*"; }
# die MESSAGE [EXIT_CODE]: 1 = failed, 2 = bad input (fix the environment, a retry will not help).
die() { printf '[%s] ERROR: %s\n' "$(basename "$0" .sh)" "$1" >&2; exit "${2:-1}"; }

require_var() {
  local name="$1" hint="${2:-}"
  if [[ -z "${!name:-}" ]]; then
    die "environment variable $name is not set${hint:+ ($hint)}" 2
  fi
}

# VERSION becomes a directory name, so keep it to a safe alphabet.
require_version() {
  local name="${1:-VERSION}"
  require_var "$name" "the pipeline sets it, e.g. the short commit"
  [[ "${!name}" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] \
    || die "$name='${!name}' must be 1-64 letters, digits, '.', '_' or '-' (it names a build directory)" 2
}

require_environment() {
  require_var ENVIRONMENT "one of dev, staging, prod"
  case "$ENVIRONMENT" in
    dev|staging|prod) ;;
    *) die "ENVIRONMENT='$ENVIRONMENT' must be one of dev, staging, prod" 2 ;;
  esac
}

env_port() {
  local port
  case "$1" in
    dev) port="${HELLO_DEV_PORT:-18081}" ;;
    staging) port="${HELLO_STAGING_PORT:-18082}" ;;
    prod) port="${HELLO_PROD_PORT:-18083}" ;;
  esac
  [[ "$port" =~ ^[0-9]+$ ]] && (( port > 0 && port < 65536 )) \
    || die "port for $1 is '$port'; set HELLO_${1^^}_PORT to a number 1-65535" 2
  echo "$port"
}

build_dir() { echo "$BUILDS_DIR/$1"; }
env_dir() { echo "$ENVS_DIR/$1"; }

# read_field FILE KEY -> value of a key=value line (files are read, never sourced).
read_field() {
  [[ -f "$1" ]] || return 0
  sed -n "s/^$2=//p" "$1" | head -n 1
}

sources_hash() {
  sha256sum < "$HELLO_ROOT/src/HelloService.java" | cut -d' ' -f1
}

# The pid in the env's pid file, but only if that process is still our service (pids get reused).
running_pid() {
  local pidfile pid
  pidfile="$(env_dir "$1")/pid"
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'HelloService'; then
    echo "$pid"
  fi
}

# Stop the env's process: SIGTERM, wait up to 10 s, then SIGKILL, wait up to 5 s more.
stop_env() {
  local env="$1" pid i
  pid="$(running_pid "$env")"
  if [[ -z "$pid" ]]; then
    step "$env: no running process"
    rm -f "$(env_dir "$env")/pid"
    return 0
  fi
  step "$env: stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    step "$env: pid $pid still running after 10 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then die "$env: pid $pid did not exit after SIGKILL"; fi
  fi
  step "$env: pid $pid stopped"
  rm -f "$(env_dir "$env")/pid"
}

# start_env ENV VERSION COMMIT DEPLOYMENT_ID: start the build detached and record it as the env's current release.
start_env() {
  local env="$1" version="$2" commit="$3" deployment_id="$4"
  local dir classes port log pidfile pid i from
  dir="$(env_dir "$env")"
  classes="$(build_dir "$version")/classes"
  [[ -f "$classes/HelloService.class" ]] \
    || die "no build of version $version at $classes; run VERSION=$version scripts/build.sh first"
  port="$(env_port "$env")"
  mkdir -p "$dir"
  log="$dir/service.log"
  pidfile="$dir/pid"
  rm -f "$pidfile.new"
  printf '\n=== %s starting version %s (commit %s, deployment %s) on port %s\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$version" "$commit" "$deployment_id" "$port" >> "$log"
  from=$(( $(wc -l < "$log") + 1 ))
  step "$env: starting version $version on http://127.0.0.1:$port (log: ${log#"$HELLO_ROOT"/})"
  # setsid: own session, so the pipeline's process-group cleanup does not take the service down with the script.
  # The child writes its own pid before exec'ing java, so the pid is right even if setsid has to fork.
  # stdin/stdout/stderr are all redirected: an inherited pipe would keep the pipeline waiting for EOF.
  # shellcheck disable=SC2086
  setsid nohup bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile.new" \
    java $HELLO_JAVA_OPTS -cp "$classes" HelloService \
    --port "$port" --version "$version" --commit "$commit" \
    --deployment-id "$deployment_id" --environment "$env" \
    < /dev/null >> "$log" 2>&1 &
  # Fail fast: wait (bounded) until the service logs that it listens, or dies (e.g. the port is taken).
  for ((i = 0; i < 100; i++)); do
    pid="$(cat "$pidfile.new" 2>/dev/null || true)"
    if [[ -n "$pid" ]]; then
      if ! kill -0 "$pid" 2>/dev/null; then
        tail -n "+$from" "$log" | tail -n 5 | sed 's/^/    /' >&2
        die "$env: version $version exited right after starting (see ${log#"$HELLO_ROOT"/})"
      fi
      tail -n "+$from" "$log" | grep -q "listening on http://127.0.0.1:$port " && break
    fi
    sleep 0.1
  done
  [[ -n "$pid" ]] || die "$env: the service process did not report its pid"
  mv -f "$pidfile.new" "$pidfile"
  if (( i == 100 )); then
    step "$env: pid $pid is up but has not logged 'listening' yet; the health check will decide"
  else
    step "$env: pid $pid listening on port $port"
  fi
  write_release "$dir/current" "$version" "$commit" "$deployment_id"
  printf 'pid=%s\nport=%s\n' "$pid" "$port" >> "$dir/current"
}

write_release() {
  local file="$1"
  printf 'version=%s\ncommit=%s\ndeploymentId=%s\nrecordedAt=%s\n' "$2" "$3" "$4" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$file.tmp"
  mv -f "$file.tmp" "$file"
}
