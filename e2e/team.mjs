// Team mode as a team runs it, for e2e/team.e2e.test.mjs and bench/team.mjs: one PostgreSQL, a "platform"
// deploy repository checked out once per server instance, `serve --http` instances of the real jar on it, per-user
// bearer tokens, and MCP clients over Streamable HTTP (the official TypeScript client).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, JAR, ROOT } from './harness.mjs';

export const CI = process.env.CI === 'true';

/**
 * Each stage appends `begin` and `end` lines to $TEAM_SIDE_EFFECTS (one short write each, so appends from many
 * processes never interleave), naming the instance, deployment, service, stage and attempt: the stage runs are
 * counted from what the stages did, not from what the server says. The stage $TEAM_HOLD_STAGE of service
 * $TEAM_HOLD_SERVICE waits until the file $TEAM_RELEASE exists, so a test can stop an instance mid-stage.
 */
const STAGE_SH = `#!/usr/bin/env bash
set -eu
what="$STAGE \${ENVIRONMENT:-}"
line() { printf '%s %s %s %s %s %s\\n' "$1" "$TEAM_INSTANCE" "$DEPLOYMENT_ID" "$SERVICE" "$STAGE" "$ATTEMPT" >>"$TEAM_SIDE_EFFECTS"; }
line begin
if [ "$SERVICE" = "\${TEAM_HOLD_SERVICE:-}" ] && [ "$STAGE" = "\${TEAM_HOLD_STAGE:-}" ]; then
  while [ ! -e "$TEAM_RELEASE" ]; do sleep 0.05; done
fi
sleep "\${TEAM_STAGE_SECONDS:-0.05}"
line end
echo "$what of $SERVICE done"
`;

/**
 * The platform team's deploy repository: one config for every service (no "service" key, so any service name is
 * accepted and the stage commands get it as $SERVICE), local stages, prod behind the approval gate. A team keeps
 * one such repository and runs each server instance from its own checkout of it.
 */
export function platformRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'dp-team-platform-'));
  const stage = (idempotent, timeoutSeconds = 120) => ({ command: 'scripts/stage.sh', timeoutSeconds,
    ...(idempotent ? { idempotent: true } : {}) });
  const env = (extra = {}) => ({ deploy: stage(false), rollback: stage(false), ...extra });
  const config = {
    executor: 'local',
    passEnv: ['TEAM_*'],
    stages: { validate: stage(true), build: stage(true), test: stage(true) },
    environments: { dev: env(), staging: env(), prod: env({ requiresApproval: true }) },
    retry: { maxAttempts: 1, backoffMs: 100, backoffMultiplier: 2, retryableStates: ['validating'] },
  };
  mkdirSync(join(dir, '.claude'), { recursive: true });
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'scripts', 'stage.sh'), STAGE_SH);
  chmodSync(join(dir, 'scripts', 'stage.sh'), 0o755);
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\n.claude/deployment-tokens.json\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'platform pipeline');
  return dir;
}

/** A checkout of the platform repository for one server instance (its stage logs stay there). */
export function checkout(repo, name) {
  const dir = mkdtempSync(join(tmpdir(), `dp-team-${name}-`));
  execFileSync('git', ['clone', '-q', repo, dir]);
  return dir;
}

/** Parses the side-effect file into { phase, instance, id, service, stage, attempt } rows. */
export function stageRuns(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => {
    const [phase, instance, id, service, stage, attempt] = l.split(' ');
    return { phase, instance, id, service, stage, attempt: Number(attempt) };
  });
}

/**
 * The PostgreSQL to use: $DP_TEST_PG_URL (with _USER, _PASSWORD) when set, else a private cluster started now by
 * scripts/postgres.sh (stopped by stop()). Null when neither is available (the caller fails under CI, skips
 * locally).
 */
export function postgres() {
  if (process.env.DP_TEST_PG_URL) {
    return { url: process.env.DP_TEST_PG_URL, user: process.env.DP_TEST_PG_USER ?? '',
      password: process.env.DP_TEST_PG_PASSWORD ?? '', stop() {} };
  }
  const script = join(ROOT, 'scripts', 'postgres.sh');
  if (!existsSync(script)) return null;
  const run = mkdtempSync(join(tmpdir(), 'dp-team-pg-'));
  chmodSync(run, 0o755);
  const env = { ...process.env, POSTGRES_RUN_DIR: run };
  const r = spawnSync('bash', [script, 'start'], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/postgres.sh start failed (${r.status}):\n${r.stdout}${r.stderr}`);
  const file = [join(run, 'postgres.env'), join(ROOT, '.cache', 'postgres-run', 'postgres.env')].find(existsSync);
  if (!file) throw new Error(`scripts/postgres.sh start wrote no postgres.env:\n${r.stdout}${r.stderr}`);
  const vars = Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { url: vars.DP_TEST_PG_URL, user: vars.DP_TEST_PG_USER ?? '', password: vars.DP_TEST_PG_PASSWORD ?? '',
    stop() { spawnSync('bash', [script, 'stop'], { env, stdio: 'ignore' }); } };
}

/** A fresh database on that server for one run, so runs never see each other's deployments; returns its JDBC URL. */
export function freshDatabase(pg, prefix = 'team') {
  const u = new URL(pg.url.replace(/^jdbc:/, ''));
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const r = spawnSync('psql', ['-h', u.hostname, '-p', u.port, '-U', pg.user || 'postgres', '-d',
    u.pathname.slice(1) || 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`],
  { encoding: 'utf8', env: { ...process.env, PGPASSWORD: pg.password } });
  if (r.status !== 0) throw new Error(`psql CREATE DATABASE ${name} failed: ${r.stderr}${r.error ?? ''}`);
  u.pathname = `/${name}`;
  return `jdbc:${u.toString()}`;
}

/** The jar as a CLI process (token issue, deploy audit …). */
export function jar(args, env = {}) {
  const r = spawnSync('java', ['-jar', JAR, ...args], { encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}), ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Issues one bearer token per user into `tokensFile` with `token issue`; returns { user: token }. */
export function issueTokens(tokensFile, users) {
  const out = {};
  for (const user of users) {
    const r = jar(['token', 'issue', '--user', user, '--tokens-file', tokensFile]);
    if (r.code !== 0) throw new Error(`token issue --user ${user}: exit ${r.code}\n${r.err}`);
    out[user] = r.out.trim().split('\n').at(-1).trim();
  }
  return out;
}

/**
 * Starts `serve --http` from `dir` as its own process group (a kill of the group is a machine or container
 * dying: the server and its stage processes at once). Resolves when it prints its REST API line.
 */
export function serveInstance(dir, env, { tokensFile, name } = {}) {
  const args = ['-jar', JAR, 'serve', '--http', '--project', dir];
  if (tokensFile) args.push('--tokens-file', tokensFile);
  const proc = spawn('java', args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
      DEPLOY_PIPELINE_USER: `server-${name}`, ...env } });
  let stderr = '';
  let exited = null;
  const exit = new Promise((res) => proc.on('exit', (code, signal) => { exited = { code, signal }; res(exited); }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no REST API line within 90 s; stderr:\n${stderr}`)),
      90000);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited ${code} before serving:\n${stderr}`)); });
    proc.stderr.on('data', (d) => {
      stderr += d;
      const rest = stderr.match(/REST API: (http:\/\/\S+?)\/api\/v1 \(Authorization: Bearer (\S+)\)/);
      if (rest) {
        clearTimeout(timer);
        resolve({ name, proc, pid: proc.pid, origin: rest[1], adminToken: rest[2], stderr: () => stderr,
          exited: () => exited,
          /** SIGKILL to the whole group: nothing of this instance gets to clean up. */
          async kill9() { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } return exit; },
          async stop() {
            if (exited) return exited;
            try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* gone */ }
            const t = setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 15000);
            const e = await exit;
            clearTimeout(t);
            return e;
          } });
      }
    });
  });
}

/**
 * One engineer's Claude Code, played by the official client over Streamable HTTP with their bearer token. With
 * `onElicit` the client declares elicitation and answers each form as that human would.
 */
export async function mcpClient(origin, token, { name = 'dp-team', onElicit } = {}) {
  const transport = new StreamableHTTPClientTransport(new URL(`${origin}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const elicitations = [];
  const client = new Client({ name, version: '1.0.0' }, onElicit ? { capabilities: { elicitation: {} } } : undefined);
  if (onElicit) {
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      elicitations.push(req.params);
      return onElicit(req.params);
    });
  }
  await client.connect(transport);
  return { client, transport, elicitations, async close() { await client.close().catch(() => {}); } };
}

/** tools/call, returning { ok, data (structuredContent), text }; a tool error is a value, not a throw. */
export async function tool(conn, name, args) {
  const r = await conn.client.callTool({ name, arguments: args });
  return { ok: !r.isError, data: r.structuredContent ?? {}, text: r.content?.map((c) => c.text).join('\n') ?? '' };
}

/** Polls `fn` until it returns a truthy value or the deadline passes (no fixed sleeps: a short poll interval). */
export async function until(fn, what, timeoutMs = 60000, everyMs = 100) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Percentile (nearest rank) of a numeric array. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
