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

/**
 * The store settings for one run: that server, a schema of its own (the store creates it), so runs never see each
 * other's deployments.
 */
export function freshStore(pg, prefix = 'team') {
  return { DEPLOY_PIPELINE_STORE_URL: pg.url, DEPLOY_PIPELINE_STORE_USER: pg.user,
    DEPLOY_PIPELINE_STORE_PASSWORD: pg.password, DEPLOY_PIPELINE_STORE_SCHEMA: `${prefix}_${randomBytes(4).toString('hex')}` };
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

// ---------- the team scenario, shared by the e2e test (which asserts) and the bench (which prints figures) ----------

/** The stages every deployment of the platform pipeline runs, in order, and the states its audit trail passes. */
export const STAGES = ['validating', 'building', 'testing', 'deploying-dev', 'deploying-staging', 'deploying-prod'];
export const PIPELINE = ['pending', 'validating', 'building', 'testing', 'deploying-dev', 'deploying-staging',
  'awaiting-approval', 'deploying-prod', 'completed'];

/** Every engineer approves what the gate's form shows them, commenting with their name. */
export const approveAll = (user) => async () => ({ action: 'accept', content: { decision: 'approve', comment: `ok from ${user}` } });

const stateOf = async (conn, id) => (await tool(conn, 'deploy_status', { deploymentId: id })).data.state;

/**
 * 2 × services engineers, two per service (conns[s] and conns[s + services], on different instances): each round
 * both start their service at the same moment; the one refused watches the winner's deployment to the gate through
 * their own instance, reads the history, and approves it in their own session (the gate's form goes to them).
 * Returns what happened; judging it is verifyRun's.
 */
export async function raceRounds(conns, users, { services, rounds, timeoutMs = 180000 }) {
  const won = [];
  const starts = [];
  const problems = [];
  await Promise.all(Array.from({ length: services }, async (_, s) => {
    const service = `svc-${s}`;
    const pair = [s, s + services];
    for (let round = 0; round < rounds; round++) {
      const r = await Promise.all(pair.map((i) => tool(conns[i], 'deploy_start', { service, branch: 'main' })));
      const winners = pair.filter((_, k) => r[k].ok);
      starts.push({ service, round, winners: winners.length, refusals: r.filter((x) => !x.ok).map((x) => x.text) });
      if (winners.length !== 1) {
        problems.push(`${service} round ${round}: ${winners.length} starts won: ${r.map((x) => x.text).join(' | ')}`);
        return;
      }
      const w = winners[0];
      const other = pair.find((i) => i !== w);
      const id = r[pair.indexOf(w)].data.deploymentId;
      won.push({ id, service, starter: users[w], approver: users[other], round });
      await until(async () => {
        const [x, y] = await Promise.all([stateOf(conns[w], id), stateOf(conns[other], id)]);
        if (x === 'failed') {
          const s = (await tool(conns[w], 'deploy_status', { deploymentId: id })).data;
          throw new Error(`${id} failed: ${s.error}\n${s.logTail ?? ''}`);
        }
        return x === 'awaiting-approval' && y === 'awaiting-approval';
      }, `${id} at the gate`, timeoutMs, 150);
      await tool(conns[other], 'deploy_history', { service, limit: 5 });
      const asked = conns[other].elicitations.length;
      const approved = await tool(conns[other], 'deploy_approve', { deploymentId: id, decision: 'approve' });
      if (!approved.ok) problems.push(`${id}: approve refused: ${approved.text}`);
      if (conns[other].elicitations.length !== asked + 1) problems.push(`${id}: the approver was not asked in their session`);
      await until(async () => (await stateOf(conns[w], id)) === 'completed', `${id} completed`, timeoutMs, 150);
    }
  }));
  return { won, starts, problems };
}

/** GET one deployment's audit entries and the chain's verification over the REST API (the instance's admin token). */
export async function restAudit(instance, id) {
  const r = await fetch(`${instance.origin}/api/v1/deployments/${id}/audit`,
    { headers: { Authorization: `Bearer ${instance.adminToken}` } });
  if (r.status !== 200) throw new Error(`GET audit of ${id}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

/**
 * Judges a race: lost updates (a deployment's trail is not one unbroken path pending → completed, or the chain
 * does not verify), overlaps (two deployments of one service active at once), wrong actors (the audit's actor is
 * not the token's user), duplicate or missing stage runs (from the side-effect file). Each list empty is the goal.
 */
export async function verifyRun(instance, won, sideEffects) {
  const out = { chainValid: true, lostUpdates: [], overlaps: [], wrongActors: [], duplicateStageRuns: [],
    missingStageRuns: [], stageRuns: 0 };
  const byService = {};
  for (const d of won) {
    const { entries, chain } = await restAudit(instance, d.id);
    if (!chain.valid) out.chainValid = false;
    const moves = entries.filter((e) => e.to);
    const path = moves.map((e) => e.to);
    const broken = moves.slice(1).some((e, k) => e.from !== moves[k].to);
    if (broken || JSON.stringify(path) !== JSON.stringify(PIPELINE)) {
      out.lostUpdates.push(`${d.id}: ${moves.map((e) => `${e.event}:${e.from}->${e.to}`).join(' ')}`);
    }
    if (moves[0]?.actor !== d.starter) out.wrongActors.push(`${d.id} started by ${moves[0]?.actor}, not ${d.starter}`);
    const approval = entries.find((e) => e.event === 'APPROVED');
    if (approval?.actor !== d.approver) out.wrongActors.push(`${d.id} approved by ${approval?.actor}, not ${d.approver}`);
    (byService[d.service] ??= []).push({ id: d.id, from: Date.parse(moves[0].at), to: Date.parse(moves.at(-1).at) });
  }
  for (const [service, list] of Object.entries(byService)) {
    list.sort((x, y) => x.from - y.from);
    list.slice(1).forEach((d, k) => {
      if (d.from < list[k].to) out.overlaps.push(`${service}: ${d.id} began before ${list[k].id} ended`);
    });
  }
  const ids = new Set(won.map((d) => d.id));
  const runs = stageRuns(sideEffects).filter((r) => ids.has(r.id));
  for (const d of won) {
    for (const stage of STAGES) {
      const ends = runs.filter((r) => r.id === d.id && r.stage === stage && r.phase === 'end').length;
      const begins = runs.filter((r) => r.id === d.id && r.stage === stage && r.phase === 'begin').length;
      if (ends > 1 || begins > 1) out.duplicateStageRuns.push(`${d.id} ${stage}: ${begins} begun, ${ends} ended`);
      if (ends < 1) out.missingStageRuns.push(`${d.id} ${stage}: never ended`);
    }
  }
  out.stageRuns = runs.filter((r) => r.phase === 'end').length;
  out.stageRunsByInstance = Object.fromEntries([...new Set(runs.map((r) => r.instance))].sort()
    .map((n) => [n, runs.filter((r) => r.phase === 'end' && r.instance === n).length]));
  return out;
}

/**
 * Starts `service` on instance `victim` through `starter`, waits until its held stage has begun there, kills the
 * victim's whole process group with SIGKILL, releases the stage, and follows the deployment through `watcher` (on
 * the surviving instance) until the survivor has taken it over. Returns the id, the time from the kill to the
 * takeover seen, and the status at that moment.
 */
export async function killMidStage({ starter, watcher, victim, service, stage, sideEffects, release }) {
  const started = await tool(starter, 'deploy_start', { service, branch: 'main' });
  if (!started.ok) throw new Error(`deploy_start ${service}: ${started.text}`);
  const id = started.data.deploymentId;
  await until(() => stageRuns(sideEffects).some((r) => r.id === id && r.stage === stage && r.phase === 'begin'),
    `${id} ${stage} under way`, 60000, 50);
  const before = (await tool(watcher, 'deploy_status', { deploymentId: id })).data;
  const killedAt = Date.now();
  const exit = await victim.kill9();
  writeFileSync(release, '');
  const after = await until(async () => {
    const s = (await tool(watcher, 'deploy_status', { deploymentId: id })).data;
    return (s.driver && s.driver !== before.driver) || s.state !== before.state ? s : null;
  }, `${id} taken over`, 60000, 100);
  return { id, before, after, exit, takeoverMs: Date.now() - killedAt };
}
