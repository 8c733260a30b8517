// The real Claude Code CLI in headless mode (-p) against a loopback mock of the Anthropic Messages API whose
// "model" tries to approve prod with deploy_approve. Whatever Claude Code does with the call (deny the permission,
// or run it and answer the server's confirmation form with cancel, as print mode does), prod must not be
// approved: the tool_result the model gets back is a refusal, and the deployment stays at the gate.
// Observed with 2.1.330: in every mode, including --allowedTools and bypassPermissions, Claude Code itself refuses
// ("MCPTool requires permission.") because deploy_approve carries _meta anthropic/requiresUserInteraction and -p
// cannot prompt; the server's own elicitation refusal (cancel) is covered by gate.e2e.test.mjs.
// Needs the CLI: CLAUDE_BIN, or <repo>/.cache/claude-code-<scripts/claude-code.version> (scripts/check-plugin.sh installs it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, ROOT, cleanup, helloProject, ports } from './harness.mjs';
import { mockModel, toolResults } from './mock-model.mjs';

const CLAUDE_VERSION = readFileSync(join(ROOT, 'scripts', 'claude-code.version'), 'utf8').trim();
const CLAUDE = process.env.CLAUDE_BIN
  || join(ROOT, '.cache', `claude-code-${CLAUDE_VERSION}`, 'node_modules', '.bin', 'claude');
const TOOL = 'mcp__plugin_deploy_pipeline__deploy_approve';
// Skipped only outside CI: under CI=true a missing CLI fails the test instead.
const skip = existsSync(CLAUDE) || process.env.CI === 'true' ? false : `Claude Code CLI not found at ${CLAUDE} (set CLAUDE_BIN)`;

let dir, env, api, id;
const returned = [];
const requests = [];

/** The "model": asks to approve as soon as it has the tool, records what comes back, then ends the turn. */
function turn(r) {
  requests.push({ tools: (r.tools || []).map((t) => t.name) });
  const results = toolResults(r).filter((c) => c.tool_use_id === 'toolu_gate_1');
  if (results.length) {
    returned.push(...results);
  } else if ((r.tools || []).some((t) => t.name === TOOL)) {
    return { blocks: [{ type: 'tool_use', id: 'toolu_gate_1', name: TOOL, input: { deploymentId: id, decision: 'approve' } }],
      stop: 'tool_use' };
  }
  return { blocks: [{ type: 'text', text: 'done' }], stop: 'end_turn' };
}

function cli(...args) {
  return execFileSync('java', ['-jar', JAR, ...args, '--project', dir], { encoding: 'utf8',
    env: { ...process.env, ...env, DEPLOY_PIPELINE_USER: 'dev@example.com' } });
}

function runClaude(extraArgs) {
  const home = mkdtempSync(join(tmpdir(), 'dp-claude-home-'));
  const childEnv = { PATH: process.env.PATH, HOME: home, ...env, DEPLOY_PROJECT_DIR: dir,
    DEPLOY_PIPELINE_USER: 'dev@example.com', ANTHROPIC_BASE_URL: `http://127.0.0.1:${api.address().port}`,
    ANTHROPIC_API_KEY: 'sk-ant-test-mock', ENABLE_TOOL_SEARCH: 'false', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    MCP_CONNECTION_NONBLOCKING: 'false', DISABLE_AUTOUPDATER: '1',
    // bypassPermissions is refused to root unless Claude Code is told it runs in a sandbox (this test's HOME is)
    ...(extraArgs.includes('bypassPermissions') ? { IS_SANDBOX: '1' } : {}) };
  if (process.env.JAVA_HOME) childEnv.JAVA_HOME = process.env.JAVA_HOME;
  return new Promise((resolve) => {
    const p = spawn(CLAUDE, ['-p', '--output-format', 'stream-json', '--verbose', '--plugin-dir', join(ROOT, 'plugin'),
      ...extraArgs, '--', `approve deployment ${id} for prod`], { cwd: dir, env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), 120000);
    p.on('close', (code) => { clearTimeout(timer); rmSync(home, { recursive: true, force: true }); resolve({ code, out }); });
  });
}

before(async () => {
  if (skip) return;
  dir = helloProject();
  env = await ports();
  id = cli('deploy', 'start', 'hello-service', 'main', '--quiet').trim();
  api = await mockModel(turn);
});

after(() => {
  api?.close();
  if (dir) cleanup(dir);
});

for (const [name, extra] of [['default permissions', []], ['the tool explicitly allowed', ['--allowedTools', TOOL]],
  ['permissions bypassed', ['--permission-mode', 'bypassPermissions']]]) {
  test(`claude -p with ${name}: an attempt to approve prod is refused`, { skip, timeout: 180000 }, async () => {
    returned.length = 0;
    const { out } = await runClaude(extra);
    assert.ok(requests.some((r) => r.tools.includes(TOOL)), `the model never saw ${TOOL}:\n${out.slice(-3000)}`);
    assert.equal(returned.length, 1, `no tool_result came back:\n${out.slice(-3000)}`);
    const result = returned[0];
    const text = JSON.stringify(result.content);
    console.log(`[${name}] tool_result is_error=${result.is_error}: ${text.slice(0, 400)}`);
    assert.equal(result.is_error, true, text);
    assert.match(text, /haven't granted|permission|not approved|cancel|deploy approve/i);
    const audit = JSON.parse(cli('deploy', 'audit', id, '--json')).entries;
    assert.ok(!audit.some((e) => e.event === 'APPROVED'), 'prod was approved');
    const status = JSON.parse(cli('deploy', 'status', id, '--json'));
    assert.equal(status.state, 'awaiting-approval');
  });
}
