#!/usr/bin/env bash
# Times `compose validate` over the whole compose corpus in ONE CLI process (JVM start included) against
# dclint 3.1.0 on the same files, also in one process, alternating the two for RUNS rounds, and prints the
# medians and their ratio. Builds nothing: run `mvn -q -DskipTests package` first.
#
# usage: bench/compose-corpus.sh [RUNS]     (env: JAR, CORPUS, JAVA, JAVA_OPTS)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/plugin/server/deployment-pipeline.jar}
CORPUS=${CORPUS:-$ROOT/../shared/compose-corpus}
RUNS=${1:-5}
JAVA=${JAVA:-java}
DCLINT_VERSION=3.1.0
DCLINT_DIR=$ROOT/bench/.cache/dclint
DCLINT=$DCLINT_DIR/node_modules/dclint/bin/dclint.cjs

[[ -f $JAR ]] || { echo "missing $JAR: run 'mvn -q -DskipTests package' first" >&2; exit 2; }
[[ -f $CORPUS/index.csv ]] || { echo "missing corpus at $CORPUS (set CORPUS=...)" >&2; exit 2; }
if [[ ! -f $DCLINT ]] || [[ $(node -p "require('$DCLINT_DIR/node_modules/dclint/package.json').version") != "$DCLINT_VERSION" ]]; then
  echo "installing dclint@$DCLINT_VERSION into $DCLINT_DIR" >&2
  mkdir -p "$DCLINT_DIR"
  npm install --silent --no-audit --no-fund --prefix "$DCLINT_DIR" "dclint@$DCLINT_VERSION" >&2
fi

cd "$CORPUS"
mapfile -t FILES < <(tr -d '\r' < index.csv | awk -F, 'NR > 1 && $4 != "" { print $4 }')

# Prefer the real top-level CLI once Main routes `compose`; until then call the picocli command directly.
if "$JAVA" -jar "$JAR" compose validate --help 2>&1 | grep -q -- '--env-file'; then
  OURS=("$JAVA" ${JAVA_OPTS:-} -jar "$JAR" compose validate --each)
else
  OURS=("$JAVA" ${JAVA_OPTS:-} -cp "$JAR" dev.deploypipeline.cli.ComposeCommand validate --each)
fi
THEIRS=(node "$DCLINT" -f json --color false)

now_ms() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ours_out=$(mktemp) theirs_out=$(mktemp)
trap 'rm -f "$ours_out" "$theirs_out"' EXIT
ours_ms=() theirs_ms=()
for ((i = 1; i <= RUNS; i++)); do
  t0=$(now_ms); "${OURS[@]}" "${FILES[@]}" > "$ours_out" 2>&1 || true; t1=$(now_ms)
  "${THEIRS[@]}" "${FILES[@]}" > "$theirs_out" 2>/dev/null || true; t2=$(now_ms)
  ours_ms+=($((t1 - t0))) theirs_ms+=($((t2 - t1)))
  echo "run $i: compose validate ${ours_ms[-1]} ms, dclint ${theirs_ms[-1]} ms" >&2
done

ours_med=$(printf '%s\n' "${ours_ms[@]}" | median)
theirs_med=$(printf '%s\n' "${theirs_ms[@]}" | median)
dclint_files=$(node -e "const r=JSON.parse(require('fs').readFileSync('$theirs_out','utf8'));console.log(r.length)" 2>/dev/null || echo "?")
echo "files:                  ${#FILES[@]} (dclint reported on $dclint_files)"
echo "ours (1 JVM process):   $(tail -n 1 "$ours_out")"
echo "median compose validate: ${ours_med} ms over $RUNS runs"
echo "median dclint $DCLINT_VERSION:    ${theirs_med} ms over $RUNS runs"
awk -v a="$theirs_med" -v b="$ours_med" 'BEGIN { printf "ratio dclint/ours:       %.1fx\n", a / b }'
