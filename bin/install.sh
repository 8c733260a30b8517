#!/usr/bin/env bash
# Installs the `deployment-pipeline` command: bin/install.sh [--prefix DIR]   (default prefix: ~/.local)
#   DIR/lib/deployment-pipeline/   the launcher (plugin/bin/deployment-pipeline and plugin/launcher/Launcher.java)
#                                  and, from a built clone, the jar (mvn -q -DskipTests package) with its start-up
#                                  archive; without a built jar the command fetches the release from Maven on first use
#   DIR/bin/deployment-pipeline    a link to the launcher
# Re-run it after rebuilding to install the new jar. Uninstall: rm -r DIR/lib/deployment-pipeline DIR/bin/deployment-pipeline
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=$HOME/.local
while [[ $# -gt 0 ]]; do
  case $1 in
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift 2 ;;
    --prefix=*) PREFIX=${1#--prefix=}; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (usage: bin/install.sh [--prefix DIR])" >&2; exit 2 ;;
  esac
done
command -v java >/dev/null || { echo "error: no java on PATH; install a JDK 17 or newer first" >&2; exit 2; }
mkdir -p "$PREFIX/bin"
PREFIX=$(cd "$PREFIX" && pwd)
LIB=$PREFIX/lib/deployment-pipeline

rm -rf "$LIB.new"
mkdir -p "$LIB.new/bin" "$LIB.new/launcher"
cp "$ROOT/plugin/bin/deployment-pipeline" "$LIB.new/bin/"
cp "$ROOT/plugin/launcher/Launcher.java" "$LIB.new/launcher/"
chmod +x "$LIB.new/bin/deployment-pipeline"
if [[ -f $ROOT/plugin/server/deployment-pipeline.jar ]]; then
  mkdir -p "$LIB.new/server"
  cp "$ROOT/plugin/server/deployment-pipeline.jar" "$LIB.new/server/"
fi
rm -rf "$LIB"
mv "$LIB.new" "$LIB"
# The start-up archive matches one jar at one path, so it is made here, for the installed copy.
if [[ -f $LIB/server/deployment-pipeline.jar ]]; then
  java "$LIB/launcher/Launcher.java" train "$LIB/server/deployment-pipeline.jar"
  echo "installed the jar built in $ROOT"
else
  echo "no built jar in $ROOT/plugin/server: the command fetches the release from Maven on first use"
fi
ln -sfn "$LIB/bin/deployment-pipeline" "$PREFIX/bin/deployment-pipeline"
echo "installed $PREFIX/bin/deployment-pipeline ($("$PREFIX/bin/deployment-pipeline" --version 2>/dev/null || echo 'not fetched yet'))"
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "note: $PREFIX/bin is not on your PATH; add it, e.g. echo 'export PATH=\"$PREFIX/bin:\$PATH\"' >> ~/.bashrc" ;;
esac
