# Sourced by the scripts that drive the real Claude Code CLI: sets CLAUDE_BIN to the version pinned in
# scripts/claude-code.version, installed from npm into <repo>/.cache/claude-code-<version>/ on first use (about
# 360 MB; npm warns EBADENGINE on Node 20, which is harmless: the CLI is a native binary). A CLAUDE_BIN that is
# already set wins.
CLAUDE_CODE_VERSION=$(tr -d '[:space:]' < "$(dirname "${BASH_SOURCE[0]}")/claude-code.version")
if [[ -z ${CLAUDE_BIN:-} ]]; then
  _claude_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cache/claude-code-$CLAUDE_CODE_VERSION
  if [[ ! -x $_claude_dir/node_modules/.bin/claude ]]; then
    echo "installing @anthropic-ai/claude-code@$CLAUDE_CODE_VERSION into $_claude_dir" >&2
    mkdir -p "$_claude_dir"
    npm install --prefix "$_claude_dir" --no-save --no-audit --no-fund --loglevel=error \
      "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" >/dev/null
  fi
  CLAUDE_BIN=$_claude_dir/node_modules/.bin/claude
fi
export CLAUDE_BIN
