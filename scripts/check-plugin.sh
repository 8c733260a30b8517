#!/usr/bin/env bash
# The plugin as Claude Code sees it, checked with the real CLI (version pinned in scripts/claude-code.version):
#   1. `claude plugin validate --strict` on plugin/ and on the marketplace (the marketplace run does not read the
#      plugin's commands, agents or skills, so both are needed);
#   2. the names agree: marketplace entry = plugin.json name (so validate's `/plugin install deploy --marketplace`
#      advice works), one version in plugin.json, the marketplace entry, the launcher and the Maven build;
#   3. what the plugin provides: commands, agents, the MCP server key;
#   4. the MCP server connects through the plugin's own launch line (`claude --plugin-dir plugin mcp list`), and a
#      headless session lists its tools. Needs the jar built (`mvn package`) for this step; SKIP_MCP=1 skips it.
# No API key and no network needed once the CLI is installed.
# Env: EXPECTED_COMMANDS, EXPECTED_AGENTS, EXPECTED_MCP_TOOLS (space-separated), CLAUDE_BIN (use that binary).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PLUGIN_NAME=deploy     # plugin.json name: the /deploy:* prefix and the mcp__plugin_deploy_pipeline__* tool names
SERVER_KEY=pipeline    # the key in plugin/.mcp.json
EXPECTED_COMMANDS=${EXPECTED_COMMANDS-start status approve rollback history validate}
EXPECTED_AGENTS=${EXPECTED_AGENTS-deployment-orchestrator deployment-validator deploy-validator deploy-planner rollback-specialist}
EXPECTED_MCP_TOOLS=${EXPECTED_MCP_TOOLS-deploy_start deploy_status deploy_approve deploy_rollback deploy_history}

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo; echo "==> $*"; }

source "$ROOT/scripts/claude-code.sh"
# A throwaway HOME keeps the developer's ~/.claude (settings, plugins, login) out of the check.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
unset ANTHROPIC_API_KEY CLAUDE_CODE_OAUTH_TOKEN || true
claude() { "$CLAUDE_BIN" "$@"; }
step "claude $(claude --version)"

step "claude plugin validate --strict plugin"
claude plugin validate --strict "$ROOT/plugin" || fail "plugin validation failed"
step "claude plugin validate --strict . (marketplace)"
claude plugin validate --strict "$ROOT" || fail "marketplace validation failed"

step "names, versions and provided components"
claude plugin validate --json "$ROOT/plugin" > "$WORK/validate.json" || fail "validate --json failed"
node - "$ROOT" "$WORK/validate.json" "$PLUGIN_NAME" "$SERVER_KEY" "$EXPECTED_COMMANDS" "$EXPECTED_AGENTS" <<'EOF'
const fs = require('fs');
const [root, report, name, key, cmds, agents] = process.argv.slice(2);
const read = (p) => fs.readFileSync(`${root}/${p}`, 'utf8');
const plugin = JSON.parse(read('plugin/.claude-plugin/plugin.json'));
const market = JSON.parse(read('.claude-plugin/marketplace.json'));
const entry = market.plugins.find((p) => p.source === './plugin');
const launcher = /^VERSION=(\S+)$/m.exec(read('plugin/bin/deployment-pipeline'))?.[1];
const pom = /<artifactId>deployment-pipeline-parent<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(read('pom.xml'))?.[1];
const bad = [];
if (plugin.name !== name) bad.push(`plugin.json name is ${plugin.name}, expected ${name}`);
if (!entry || entry.name !== plugin.name) bad.push(`marketplace entry for ./plugin is named ${entry?.name}, plugin.json says ${plugin.name}`);
const versions = { 'plugin.json': plugin.version, 'marketplace entry': entry?.version, 'plugin/bin/deployment-pipeline': launcher, 'pom.xml': pom };
if (new Set(Object.values(versions)).size !== 1) bad.push('versions differ: ' + JSON.stringify(versions));
const r = JSON.parse(fs.readFileSync(report, 'utf8'));
for (const a of r.advice || []) if (a.installLine && !a.installLine.includes(` ${entry?.name} `)) bad.push(`validate advises "${a.installLine}", which does not name the marketplace entry ${entry?.name}`);
const p = r.provides || {};
const have = new Set([...(p.commands || []), ...(p.skills || [])]);
for (const c of cmds.split(/\s+/).filter(Boolean)) if (!have.has(`${name}:${c}`)) bad.push(`command ${name}:${c} missing`);
for (const a of agents.split(/\s+/).filter(Boolean)) if (!(p.agents || []).includes(`${name}:${a}`)) bad.push(`agent ${name}:${a} missing`);
if (!(p.mcpServers || []).some((s) => s.name === key)) bad.push(`mcp server ${key} missing`);
console.log(`install name ${entry?.name}@${market.name}, version ${plugin.version}`);
console.log('commands:', p.commands, '\nagents:', p.agents, '\nmcpServers:', (p.mcpServers || []).map((s) => s.name));
if (bad.length) { console.error(bad.join('\n')); process.exit(1); }
EOF

if [[ ${SKIP_MCP:-0} == 1 ]]; then echo; echo "OK (MCP checks skipped: SKIP_MCP=1)"; exit 0; fi
[[ -f $ROOT/plugin/server/deployment-pipeline.jar ]] || fail "no plugin/server/deployment-pipeline.jar: run mvn -q -DskipTests package first"

# `mcp list` exits 0 even when a server fails, so its output is what counts.
step "claude --plugin-dir plugin mcp list"
out=$(cd "$WORK" && claude --plugin-dir "$ROOT/plugin" mcp list 2>&1) || true
echo "$out"
grep -q "plugin:$PLUGIN_NAME:$SERVER_KEY: .*Connected" <<<"$out" || fail "the MCP server did not connect"

# '/help' runs locally, so a headless session needs no API key; its first line (system/init) lists the
# commands, agents and MCP tools as the model would get them.
step "headless session: slash commands, agents and MCP tools"
(cd "$WORK" && MCP_CONNECTION_NONBLOCKING=false claude -p --output-format stream-json --verbose \
  --plugin-dir "$ROOT/plugin" "/help" > "$WORK/init.jsonl" 2>&1) || true
node - "$WORK/init.jsonl" "$PLUGIN_NAME" "$SERVER_KEY" "$EXPECTED_MCP_TOOLS" <<'EOF'
const fs = require('fs');
const [file, name, key, tools] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const line = text.split('\n').find((l) => l.includes('"subtype":"init"'));
if (!line) { console.error('no system/init message; the session printed:\n' + text); process.exit(1); }
const init = JSON.parse(line);
const prefix = `mcp__plugin_${name}_${key}__`;
const mine = init.tools.filter((t) => t.startsWith(prefix));
const server = init.mcp_servers.find((s) => s.name === `plugin:${name}:${key}`);
console.log('slash commands:', init.slash_commands.filter((s) => s.startsWith(name + ':')));
console.log('mcp server:', server, '\nmcp tools:', mine);
const bad = [];
if (server?.status !== 'connected') bad.push('MCP server not connected');
for (const t of tools.split(/\s+/).filter(Boolean)) if (!mine.includes(prefix + t)) bad.push('missing tool ' + prefix + t);
if (bad.length) { console.error(bad.join('; ')); process.exit(1); }
EOF

echo; echo "OK: plugin and marketplace valid, names agree, MCP server connects with every expected tool"
