// Shared helpers for the end-to-end tests: a real project in a temp dir, the real jar over stdio through the
// official MCP TypeScript client, and schema checks with Ajv.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import Ajv from 'ajv';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const JAR = process.env.DP_JAR ?? join(ROOT, 'plugin', 'server', 'deployment-pipeline.jar');

export function git(dir, ...args) {
  return execFileSync('git', ['-C', dir, '-c', 'user.email=e2e@example.com', '-c', 'user.name=E2E', ...args],
    { encoding: 'utf8' }).trim();
}

/** A copy of examples/hello-service as its own git repository with one commit on main. */
export function helloProject() {
  const dir = mkdtempSync(join(tmpdir(), 'dp-e2e-'));
  cpSync(join(ROOT, 'examples', 'hello-service'), dir, {
    recursive: true,
    filter: (src) => !/[/\\](\.deploy|deployments)([/\\]|$)/.test(src),
  });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'hello v1');
  return dir;
}

/** helloProject() whose committed config lets only lead@example.com approve prod, and never its starter. */
export function leadGatedProject() {
  const dir = helloProject();
  const cfgPath = join(dir, '.claude', 'deployment-config.json');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
  Object.assign(cfg.environments.prod, { approvers: ['lead@example.com'], preventSelfApproval: true });
  writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));
  git(dir, 'commit', '-q', '-am', 'prod needs lead');
  return dir;
}

/** Every file under root, recursively (for secret scans). */
export function filesUnder(root) {
  const out = [];
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

export async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

export async function ports() {
  return { HELLO_DEV_PORT: String(await freePort()), HELLO_STAGING_PORT: String(await freePort()),
    HELLO_PROD_PORT: String(await freePort()) };
}

/**
 * Connects the official client to the real jar; returns the client, its transport and the tool schemas. With
 * `onElicit` the client declares the elicitation capability and answers every form with onElicit(params), like a
 * human in Claude Code would; the requests are collected in `elicitations`.
 */
export async function connect(projectDir, extraEnv = {}, { onElicit } = {}) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PROJECT_DIR: projectDir,
    DEPLOY_PIPELINE_USER: 'e2e@example.com', ...extraEnv };
  if (process.env.JAVA_HOME) env.JAVA_HOME = process.env.JAVA_HOME;
  const transport = new StdioClientTransport({ command: 'java', args: ['-jar', JAR], env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => { stderr += d; });
  const elicitations = [];
  const client = new Client({ name: 'dp-e2e', version: '1.0.0' },
    onElicit ? { capabilities: { elicitation: {} } } : undefined);
  if (onElicit) {
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      elicitations.push(req.params);
      return onElicit(req.params);
    });
  }
  await client.connect(transport);
  const { tools } = await client.listTools();
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validators = Object.fromEntries(tools.map((t) => [t.name, ajv.compile(t.outputSchema)]));
  return { client, transport, tools, validators, elicitations, stderr: () => stderr };
}

/** Calls a tool and checks its structuredContent against the tool's outputSchema, success or error. */
export async function call(conn, name, args, opts = {}) {
  const r = await conn.client.callTool({ name, arguments: args }, undefined, opts);
  const v = conn.validators[name];
  if (!r.structuredContent) throw new Error(`${name}: no structuredContent`);
  if (!v(r.structuredContent)) {
    throw new Error(`${name}: structuredContent does not match outputSchema: ${JSON.stringify(v.errors)}`);
  }
  return r;
}

export async function httpJson(port, path) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  if (!res.ok) throw new Error(`GET ${path} on ${port}: HTTP ${res.status}`);
  return res.json();
}

export async function until(fn, what, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function cleanup(dir) {
  try { execFileSync(join(dir, 'scripts', 'stop-all.sh'), { cwd: dir, stdio: 'ignore' }); } catch { /* none ran */ }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A test home for signed approvals: `keys` (run the jar with -Duser.home=keys) holds an empty allowed_signers file
 * that both its home policy and `policy` (for DEPLOY_PIPELINE_POLICY) name. An approvers list counts only the home
 * policy's signers; a file named by DEPLOY_PIPELINE_POLICY alone cannot vouch for one.
 */
export function signingHome(prefix) {
  const keys = mkdtempSync(join(tmpdir(), prefix));
  const policy = join(keys, 'policy.json');
  writeFileSync(policy, JSON.stringify({ allowedSignersFile: 'allowed_signers' }));
  writeFileSync(join(keys, 'allowed_signers'), '');
  mkdirSync(join(keys, '.config', 'deployment-pipeline'), { recursive: true });
  writeFileSync(join(keys, '.config', 'deployment-pipeline', 'policy.json'),
    JSON.stringify({ allowedSignersFile: join(keys, 'allowed_signers') }));
  return { keys, policy };
}

/** A loopback emulator of a SaaS API: {@code handle(req, res, body)} gets each request with its whole body. */
export async function emulate(handle) {
  const server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => handle(req, res, body));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, baseUrl: `http://127.0.0.1:${server.address().port}` };
}

/**
 * Starts `serve --http` on `dir` (MCP at /mcp, the REST API, the dashboard); resolves once its MCP line is printed
 * with the endpoint URL, the server's own token, the process, and `stop()` (SIGTERM, then waits for the exit).
 */
export function serveMcpHttp(dir, env = {}) {
  const proc = spawn('java', ['-jar', JAR, 'serve', '--http', '--project', dir], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'server@example.com', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((r) => proc.once('exit', r));
  const stop = async () => { proc.kill('SIGTERM'); await exited; };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`no MCP line within 60 s; stderr:\n${stderr}`)); },
      60000);
    proc.on('exit', (code) => reject(new Error(`exited ${code} before serving; stderr:\n${stderr}`)));
    proc.stderr.on('data', (d) => {
      stderr += d;
      const m = stderr.match(/MCP \(Streamable HTTP\): (http:\/\/\S+) \(Authorization: Bearer (\S+),/);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, mcp: new URL(m[1]), admin: m[2], stop, stderr: () => stderr });
      }
    });
  });
}

/**
 * The CLI as a real process on `dir` (`--project` goes before any `--`), with `home` as HOME (age keys live
 * there); a value, when there is one, goes only on standard input.
 */
export function projectCli(dir, home) {
  return (args, { input, env = {} } = {}) => {
    const cut = args.includes('--') ? args.indexOf('--') : args.length;
    const full = [...args.slice(0, cut), '--project', dir, ...args.slice(cut)];
    const r = spawnSync('java', ['-jar', JAR, ...full], { input, encoding: 'utf8', timeout: 120000,
      env: { PATH: process.env.PATH, HOME: home, DEPLOY_PIPELINE_USER: 'e2e@example.com', ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}

/** Starts hello-service on main through `conn` and waits (failing on `failed`) until it waits at the prod gate. */
export async function toGate(conn, service = 'hello-service') {
  const started = await call(conn, 'deploy_start', { service, branch: 'main' });
  assert.equal(started.isError, false, JSON.stringify(started.structuredContent));
  const id = started.structuredContent.deploymentId;
  await until(async () => {
    const s = (await call(conn, 'deploy_status', { deploymentId: id })).structuredContent;
    assert.notEqual(s.state, 'failed', `deployment failed: ${s.error}`);
    return s.state === 'awaiting-approval';
  }, 'awaiting-approval', 120000);
  return id;
}
