// The real Claude Code CLI connected to `serve --http` over Streamable HTTP with a user's token, as a team member
// would: `claude mcp add --transport http ... --header "Authorization: Bearer …"`, `claude mcp list` shows it
// Connected, and a headless run against a loopback mock of the Messages API whose "model" lists the tools, calls
// deploy_status, then deploy_start. The deployment it starts is audited under the token's user.
// Needs the CLI: CLAUDE_BIN, or <repo>/.cache/claude-code-<scripts/claude-code.version> (scripts/check-plugin.sh installs it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, ROOT, cleanup, helloProject, ports, serveMcpHttp } from './harness.mjs';
import { mockModel, toolResults } from './mock-model.mjs';

const CLAUDE_VERSION = readFileSync(join(ROOT, 'scripts', 'claude-code.version'), 'utf8').trim();
const CLAUDE = process.env.CLAUDE_BIN
  || join(ROOT, '.cache', `claude-code-${CLAUDE_VERSION}`, 'node_modules', '.bin', 'claude');
// Skipped only outside CI: under CI=true a missing CLI fails the test instead.
const skip = existsSync(CLAUDE) || process.env.CI === 'true' ? false : `Claude Code CLI not found at ${CLAUDE} (set CLAUDE_BIN)`;
// A server added with `claude mcp add` (not a plugin's): its tools are mcp__<name>__<tool>.
const STATUS = 'mcp__deploy__deploy_status';
const START = 'mcp__deploy__deploy_start';

let dir, env, server, api, home, token, firstId;
const requests = [];
const results = {};

function cli(...args) {
  return execFileSync('java', ['-jar', JAR, ...args, '--project', dir], { encoding: 'utf8',
    env: { ...process.env, ...env, DEPLOY_PIPELINE_USER: 'dev@example.com' } });
}

function claudeEnv() {
  return { PATH: process.env.PATH, HOME: home, ANTHROPIC_BASE_URL: `http://127.0.0.1:${api.address().port}`,
    ANTHROPIC_API_KEY: 'sk-ant-test-mock', ENABLE_TOOL_SEARCH: 'false', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    MCP_CONNECTION_NONBLOCKING: 'false', DISABLE_AUTOUPDATER: '1' };
}

function claude(args, timeoutMs = 120000) {
  return new Promise((resolve) => {
    const p = spawn(CLAUDE, args, { cwd: dir, env: claudeEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

/** The "model": deploy_status first, then deploy_start, then it ends the turn; records each tool_result. */
function turn(r) {
  requests.push({ tools: (r.tools || []).map((t) => t.name) });
  for (const c of toolResults(r)) results[c.tool_use_id] = c;
  const has = (name) => (r.tools || []).some((t) => t.name === name);
  if (!results.toolu_status && has(STATUS)) {
    return { blocks: [{ type: 'tool_use', id: 'toolu_status', name: STATUS, input: { deploymentId: firstId } }],
      stop: 'tool_use' };
  }
  if (results.toolu_status && !results.toolu_start && has(START)) {
    return { blocks: [{ type: 'tool_use', id: 'toolu_start', name: START,
      input: { service: 'hello-service', branch: 'main' } }], stop: 'tool_use' };
  }
  return { blocks: [{ type: 'text', text: 'done' }], stop: 'end_turn' };
}

before(async () => {
  if (skip) return;
  dir = helloProject();
  env = await ports();
  firstId = cli('deploy', 'start', 'hello-service', 'main', '--quiet').trim();
  // Rejected at the gate, so it no longer holds the service for the deploy_start below.
  cli('deploy', 'reject', firstId, '-m', 'make room');
  token = cli('token', 'issue', '--user', 'alice@example.com').trim();
  server = await serveMcpHttp(dir, env);
  api = await mockModel(turn);
  home = mkdtempSync(join(tmpdir(), 'dp-claude-http-home-'));
});

after(async () => {
  api?.close();
  await server?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
  if (dir) cleanup(dir);
});

test('claude mcp add --transport http with a bearer header; claude mcp list shows it Connected',
  { skip, timeout: 120000 }, async () => {
    const added = await claude(['mcp', 'add', '--transport', 'http', 'deploy', server.mcp.href,
      '--header', `Authorization: Bearer ${token}`]);
    assert.equal(added.code, 0, added.out);
    assert.match(added.out, /Added HTTP MCP server deploy/);
    assert.ok(!added.out.includes(token), 'claude mcp add redacts the header');
    const listed = await claude(['mcp', 'list']);
    // mcp list exits 0 whether or not it connected: the line says which.
    assert.match(listed.out, new RegExp(`deploy: ${server.mcp.href.replace(/[.]/g, '\\.')} \\(HTTP\\) - ✔ Connected`),
      listed.out);
  });

test('claude -p over HTTP lists the tools, calls deploy_status, and deploy_start is audited as the token user',
  { skip, timeout: 180000 }, async () => {
    const { out } = await claude(['-p', '--output-format', 'stream-json', '--verbose',
      '--allowedTools', `${STATUS},${START}`, '--', 'what is deploying? then deploy hello-service from main']);
    const init = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
      .find((m) => m.type === 'system' && m.subtype === 'init');
    assert.ok(init, `no init line:\n${out.slice(-3000)}`);
    assert.equal(init.mcp_servers.find((s) => s.name === 'deploy')?.status, 'connected', JSON.stringify(init.mcp_servers));
    const offered = requests.find((r) => r.tools.includes(STATUS))?.tools.filter((t) => t.startsWith('mcp__deploy__'));
    assert.ok(offered, `the model never saw the tools:\n${out.slice(-3000)}`);
    for (const t of ['deploy_start', 'deploy_status', 'deploy_approve', 'deploy_history', 'deploy_rollback']) {
      assert.ok(offered.includes(`mcp__deploy__${t}`), `${t} missing from ${offered}`);
    }

    const status = results.toolu_status;
    assert.ok(status, `no deploy_status result:\n${out.slice(-3000)}`);
    const statusText = JSON.stringify(status.content);
    console.log(`deploy_status over HTTP: ${statusText.slice(0, 300)}`);
    assert.notEqual(status.is_error, true, statusText);
    assert.match(statusText, new RegExp(`deploymentId.{0,6}${firstId}.*state.{0,6}failed`), statusText);

    const started = results.toolu_start;
    assert.ok(started, `no deploy_start result:\n${out.slice(-3000)}`);
    const startText = JSON.stringify(started.content);
    assert.notEqual(started.is_error, true, startText);
    const id = startText.match(/d-\d+/)[0];
    assert.notEqual(id, firstId);
    const created = JSON.parse(cli('deploy', 'audit', id, '--json')).entries.find((e) => e.event === 'CREATED');
    assert.equal(created.actor, 'alice@example.com');
    assert.equal(created.details.channel, 'mcp');
  });
