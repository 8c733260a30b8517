// Progressive delivery end to end (issue #13): the real jar over stdio through the official MCP TypeScript client
// and as a CLI, real Caddy and HAProxy processes started by the pipeline, real service instances
// (examples/progressive/Service.java), every port picked now. Traffic is checked through the proxy's own listen port.
//
// Project "canary" (Caddy in prod): recreate in dev, canary [10,25,50,100] with progress per step, a bad canary
// (fails 20 %) aborted by its analysis through the CLI, kill -9 of the server while a step pauses (the next server
// rolls it back at start-up), a step "untilApproved" refusing unverified approvals and taking a signed one.
// Project "bluegreen" (HAProxy): rolling in staging, blue-green in prod, rollback by environment as one switch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync,
  writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, connect, freePort, git, signingHome, until, JAR, ROOT } from './harness.mjs';

const CI = process.env.CI === 'true';
const has = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).error === undefined;
const missing = [['caddy', ['version']], ['haproxy', ['-v']], ['ssh-keygen', ['-?']]]
  .filter(([c, a]) => !has(c, a)).map(([c]) => c);
if (missing.length && CI) throw new Error(`progressive e2e needs ${missing.join(', ')} (apt-get install caddy haproxy openssh-client)`);
const skip = missing.length ? `${missing.join(', ')} not installed: skipped locally` : false;

const SERVICE = 'progressive-e2e';
const LONG = 240000;
let keys, policy;
const projects = [];
const conns = [];
const loads = [];

const base = (prod, extra = {}) => ({
  service: SERVICE,
  stages: { validate: { command: 'test -f Service.java', idempotent: true }, build: { skip: true }, test: { skip: true } },
  environments: { dev: { deploy: { skip: true } }, staging: { deploy: { skip: true } }, prod, ...extra },
});

/** Service.java and a config as their own git repository, one commit on main. */
function project(config) {
  const dir = mkdtempSync(join(tmpdir(), 'dp-progressive-'));
  projects.push(dir);
  copyFileSync(join(ROOT, 'examples', 'progressive', 'Service.java'), join(dir, 'Service.java'));
  mkdirSync(join(dir, '.claude'));
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify(config, null, 2));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'v1');
  return dir;
}

function recommit(dir, config, msg) {
  if (config) writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify(config, null, 2));
  git(dir, 'commit', '-q', '--allow-empty', '-am', msg);
  return git(dir, 'rev-parse', '--short=12', 'HEAD');
}

const serverEnv = () => ({ DEPLOY_PIPELINE_POLICY: policy });

async function server(dir, opts) {
  const c = await connect(dir, serverEnv(), opts);
  conns.push(c);
  return c;
}

/** The jar as a CLI process without a terminal. */
function cli(dir, args, extraEnv = {}) {
  const r = spawnSync('java', [`-Duser.home=${keys}`, '-jar', JAR, ...args, '--project', dir], { encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: LONG, env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'e2e@example.com',
      ...serverEnv(), ...extraEnv, ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same, asynchronously: spawnSync would freeze this process's load generator while the CLI deploys. */
function cliAsync(dir, args, extraEnv = {}) {
  const child = spawn('java', [`-Duser.home=${keys}`, '-jar', JAR, ...args, '--project', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'e2e@example.com',
      ...serverEnv(), ...extraEnv, ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), LONG);
  return new Promise((res) => child.on('exit', (code) => { clearTimeout(timer); res({ code, out, err }); }));
}

/** Constant background load on a proxy port, so the analysis has the router's counters to judge. */
function load(port, perSecond) {
  const stats = { ok: 0, e5xx: 0, failed: 0 };
  let running = true;
  const worker = async (offset) => {
    const every = 4000 / perSecond; // four workers
    let next = Date.now() + offset;
    while (running) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status >= 500) stats.e5xx++; else stats.ok++;
      } catch { stats.failed++; }
      next += every;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else next = Date.now();
    }
  };
  const done = Promise.all([0, 1, 2, 3].map((i) => worker(i * 4000 / perSecond / 4)));
  const l = { stats, stop: async () => { running = false; await done; } };
  loads.push(l);
  return l;
}

/** GETs / through the proxy n times; the X-Version of every answer, counted (connection errors under "failed"). */
async function versionsThrough(port, n) {
  const seen = {};
  for (let i = 0; i < n; i++) {
    let v;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(3000) });
      v = res.headers.get('x-version') ?? `HTTP ${res.status}`;
      await res.arrayBuffer();
    } catch { v = 'failed'; }
    seen[v] = (seen[v] ?? 0) + 1;
  }
  return seen;
}

async function allOn(port, version, n = 40) {
  const seen = await versionsThrough(port, n);
  assert.deepEqual(seen, { [version]: n }, `GET /version through 127.0.0.1:${port}: ${JSON.stringify(seen)}`);
}

const status = async (conn, id) => (await call(conn, 'deploy_status', { deploymentId: id })).structuredContent;
const audit = (dir, id) => JSON.parse(cli(dir, ['deploy', 'audit', id, '--json']).out).entries;
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** Every instance pid and every private proxy pid the pipeline recorded for this project. */
function recordedPids(dir) {
  const root = join(dir, '.claude', 'deployments');
  const instances = new Set();
  const proxies = new Set();
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) { walk(p); continue; }
      const text = readFileSync(p, 'utf8');
      for (const m of text.matchAll(/"pid"\s*:\s*(\d+)/g)) instances.add(Number(m[1]));
      for (const m of text.matchAll(/^pid=(\d+)/gm)) proxies.add(Number(m[1]));
    }
  };
  walk(root);
  return { instances: [...instances], proxies: [...proxies] };
}

async function deployWait(conn, extra = {}) {
  const progress = [];
  const r = await call(conn, 'deploy_start', { service: SERVICE, branch: 'main', wait: true, waitTimeoutSeconds: 200, ...extra },
    { timeout: LONG, resetTimeoutOnProgress: true, onprogress: (p) => progress.push(p) });
  assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
  return { s: r.structuredContent, progress };
}

before(() => {
  ({ keys, policy } = signingHome('dp-pd-keys-'));
});

after(async () => {
  for (const l of loads) await l.stop();
  for (const c of conns) await c.client.close().catch(() => {});
  for (const dir of projects) {
    const { instances, proxies } = recordedPids(dir);
    for (const pid of instances) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
    for (const pid of proxies) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    rmSync(dir, { recursive: true, force: true });
  }
  if (keys) rmSync(keys, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// Caddy: recreate, canary, bad canary, kill -9, untilApproved
let cdir, caddyPort, cconn, cload, stableV;
const canaryAnalysis = { interval: '1s', count: 2, minRequests: 5, maxErrorRate: 0.05 };
const canaryProd = (steps, approvers) => ({
  requiresApproval: false, ...(approvers ? { approvers } : {}),
  target: { type: 'process', command: 'FAIL_RATE=${E2E_FAIL_RATE:-0} java Service.java', instances: 1 },
  router: { type: 'caddy', listen: caddyPort },
  strategy: { type: 'canary', steps, analysis: canaryAnalysis },
});
const canaryConfig = (steps, approvers) => base(canaryProd(steps, approvers), {
  dev: { target: { type: 'process', command: 'java Service.java', instances: 1 },
    strategy: { type: 'recreate', analysis: { interval: '500ms', count: 1 } } },
});
const STEPS = [{ weight: 10 }, { weight: 25 }, { weight: 50 }, { weight: 100 }];

test('recreate in dev, then a canary [10,25,50,100] through Caddy with progress per step', { skip, timeout: LONG }, async () => {
  caddyPort = await freePort();
  cdir = project(canaryConfig(STEPS));
  const v1 = git(cdir, 'rev-parse', '--short=12', 'HEAD');
  cconn = await server(cdir);
  // the analysis judges real traffic from the first deploy on; 120/s leaves a 10 % canary ~12 answers per 1 s
  // interval against minRequests 5, with room for a slow machine
  cload = load(caddyPort, 120);
  const first = (await deployWait(cconn)).s;
  assert.equal(first.state, 'completed', JSON.stringify(first));
  await allOn(caddyPort, v1);
  stableV = v1;

  const v2 = recommit(cdir, null, 'v2');
  const { s, progress } = await deployWait(cconn);
  assert.equal(s.state, 'completed', JSON.stringify(s));
  const r = s.rollout;
  assert.equal(r.environment, 'prod');
  assert.equal(r.strategy, 'canary');
  assert.equal(r.phase, 'promoted');
  assert.equal(r.steps, 4);
  assert.equal(r.step, 4);
  assert.equal(r.newPercent, 100);
  assert.equal(r.newVersion, v2);
  assert.deepEqual(r.verdicts.map((v) => [v.at, v.verdict]),
    [['step-1@10%', 'successful'], ['step-2@25%', 'successful'], ['step-3@50%', 'successful'], ['step-4@100%', 'successful']]);
  assert.ok(r.weights.length >= 1 && r.weights.every((w) => typeof w.address === 'string' && w.weight >= 1));
  const er = r.verdicts[0].metrics.find((m) => m.name === 'error-rate');
  assert.ok(er.measured.responses >= 5, JSON.stringify(er));
  // dev went through recreate with its own rollout
  assert.equal(s.environments.find((e) => e.environment === 'dev').strategy, 'recreate');
  // one progress notification per rollout step, at least
  const stepNotes = progress.filter((p) => /step/i.test(p.message ?? ''));
  assert.ok(stepNotes.length >= 4, `progress during wait: ${JSON.stringify(progress.map((p) => p.message))}`);
  assert.ok(progress.every((p, i) => i === 0 || p.progress >= progress[i - 1].progress), 'progress went backwards');
  await allOn(caddyPort, v2);
  stableV = v2;
  // every routed step is in the audit with the weights the proxy reported
  const routed = audit(cdir, s.deploymentId).filter((e) => e.event === 'ROLLOUT_ROUTED');
  assert.ok(routed.length >= 4, JSON.stringify(routed));
});

test('a bad canary (20 % failures) started from the CLI is aborted by analysis; all traffic back on stable',
  { skip, timeout: LONG }, async () => {
    assert.ok(stableV, 'the canary test left a stable release');
    const v3 = recommit(cdir, null, 'v3 (bad)');
    const r = await cliAsync(cdir, ['deploy', 'start', SERVICE, 'main', '--quiet'], { E2E_FAIL_RATE: '0.2' });
    const id = r.out.trim().split('\n').at(-1).trim();
    assert.match(id, /^d-\d+$/, r.out + r.err);
    const s = await status(cconn, id);
    assert.equal(s.state, 'rolled-back', JSON.stringify(s));
    assert.equal(s.rollout.phase, 'aborted');
    assert.equal(s.rollout.newVersion, v3);
    assert.equal(s.rollout.newPercent, 0);
    const failed = s.rollout.verdicts.find((v) => v.verdict === 'failed');
    assert.ok(failed, JSON.stringify(s.rollout.verdicts));
    assert.equal(failed.failingCheck, 'error-rate');
    const m = failed.metrics.find((x) => x.name === 'error-rate').measured;
    assert.ok(m.errorRate > 0.05 && m.errors5xx >= 1 && m.responses >= 5, JSON.stringify(m));
    assert.match(s.rollout.reason ?? s.rollbackReason ?? '', /error-rate/);
    const line = audit(cdir, id).find((e) => e.event === 'ROLLBACK');
    assert.equal(line.details.failingCheck, 'error-rate');
    assert.equal(Number(line.details['error-rate.errorRate']), m.errorRate);
    assert.equal(line.details.stableVersion, stableV);
    await allOn(caddyPort, stableV, 60);
    for (const i of s.rollout.instances.filter((x) => x.version === v3)) assert.equal(alive(i.pid), false);
  });

test('kill -9 of the server while a canary step pauses: the next server rolls it back, no split left without an owner',
  { skip, timeout: LONG }, async () => {
    assert.ok(stableV, 'the canary test left a stable release');
    const v4 = recommit(cdir, canaryConfig([{ weight: 25, pause: '10m' }, { weight: 100 }]), 'v4, paused long');
    const started = await call(cconn, 'deploy_start', { service: SERVICE, branch: 'main' });
    const id = started.structuredContent.deploymentId;
    const paused = await until(async () => {
      const s = await status(cconn, id);
      assert.ok(!['failed', 'rolled-back', 'completed'].includes(s.state), JSON.stringify(s));
      return s.rollout?.environment === 'prod' && s.rollout.phase === 'paused' ? s : null;
    }, 'the canary to pause at step 1', 150000);
    assert.equal(paused.rollout.newPercent, 25);
    assert.equal(paused.rollout.step, 1);
    const canary = paused.rollout.instances.filter((i) => i.version === v4);
    assert.ok(canary.length >= 1);
    // the weights as the proxy reported them: the canary's entries are a quarter of the total
    const total = paused.rollout.weights.reduce((n, w) => n + w.weight, 0);
    const onCanary = paused.rollout.weights.filter((w) => canary.some((i) => i.address === w.address))
      .reduce((n, w) => n + w.weight, 0);
    assert.equal(onCanary / total, 0.25, JSON.stringify(paused.rollout.weights));
    // the split is real: both versions answer through the proxy
    const split = await versionsThrough(caddyPort, 40);
    assert.ok(split[v4] >= 1 && split[stableV] >= 1, JSON.stringify(split));

    const pid = cconn.transport.pid;
    assert.ok(pid > 0);
    process.kill(pid, 'SIGKILL');
    await until(() => !alive(pid), 'the server to die', 20000);
    assert.ok(canary.every((i) => alive(i.pid)), 'instances must outlive the server');

    // a new server process: start-up recovery finds the unfinished rollout and rolls it back
    cconn = await server(cdir);
    const done = await until(async () => {
      const s = await status(cconn, id);
      return s.state === 'rolled-back' ? s : null;
    }, 'the new server to roll the orphaned canary back', 120000);
    assert.equal(done.rollout.phase, 'aborted');
    assert.equal(done.rollout.newPercent, 0);
    await allOn(caddyPort, stableV, 60);
    await until(() => canary.every((i) => !alive(i.pid)), 'the canary instances to stop', 20000);
    const lines = audit(cdir, id);
    assert.ok(lines.some((e) => e.event === 'ROLLOUT_ABORT'), JSON.stringify(lines.map((e) => e.event)));
  });

test('a canary step "untilApproved" refuses unverified approvals and goes on with a signed one',
  { skip, timeout: LONG }, async () => {
    assert.ok(stableV, 'the canary test left a stable release');
    const lead = join(keys, 'lead');
    assert.equal(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lead', '-f', lead]).status, 0);
    const [type, body] = readFileSync(`${lead}.pub`, 'utf8').trim().split(' ');
    appendFileSync(join(keys, 'allowed_signers'), `lead@example.com ${type} ${body}\n`);
    const v5 = recommit(cdir, canaryConfig([{ weight: 50, pause: 'untilApproved' }, { weight: 100 }],
      ['lead@example.com']), 'v5, step needs a human');
    const human = await server(cdir, { onElicit: () => ({ action: 'accept',
      content: { decision: 'approve', approver: 'lead@example.com' } }) });
    const id = (await call(human, 'deploy_start', { service: SERVICE, branch: 'main' })).structuredContent.deploymentId;
    const parked = await until(async () => {
      const s = await status(human, id);
      assert.ok(!['failed', 'rolled-back', 'completed'].includes(s.state), JSON.stringify(s));
      return s.rollout?.environment === 'prod' && s.rollout.phase === 'paused' && s.rollout.waitingFor ? s : null;
    }, 'the step to park for a human', 150000);
    assert.equal(parked.rollout.newPercent, 50);

    const m = await call(human, 'deploy_approve', { deploymentId: id, decision: 'approve' });
    assert.equal(m.isError, true, JSON.stringify(m.structuredContent));
    assert.match(m.structuredContent.nextStep, new RegExp(`deploy approve ${id} --sign`));
    let r = cli(cdir, ['deploy', 'approve', id], { DEPLOY_PIPELINE_USER: 'lead@example.com' });
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /verified human/);
    assert.equal((await status(human, id)).rollout.phase, 'paused');
    const refused = audit(cdir, id);
    assert.ok(!refused.some((e) => e.event === 'STEP_DECIDED'), 'the step was decided without a verified human');
    assert.ok(refused.some((e) => e.event === 'REFUSED'), JSON.stringify(refused.map((e) => e.event)));

    r = await cliAsync(cdir, ['deploy', 'approve', id, '--sign', lead]);
    assert.equal(r.code, 0, r.out + r.err);
    const done = await until(async () => {
      const s = await status(human, id);
      return ['completed', 'rolled-back', 'failed'].includes(s.state) ? s : null;
    }, 'the rollout to finish after the signed approval', 150000);
    assert.equal(done.state, 'completed', JSON.stringify(done));
    const decided = audit(cdir, id).find((e) => e.event === 'STEP_DECIDED');
    assert.equal(decided.actor, 'lead@example.com');
    assert.equal(decided.details.verifiedBy, 'ssh-signature');
    assert.equal(decided.details.environment, 'prod');
    await allOn(caddyPort, v5);
    stableV = v5;
  });

// ---------------------------------------------------------------------------------------------------------------
// HAProxy: rolling, blue-green, rollback by a switch
test('rolling in staging and blue-green in prod through HAProxy; rollback by environment is one switch',
  { skip, timeout: LONG }, async () => {
    const stagingPort = await freePort();
    const prodPort = await freePort();
    const analysis = { interval: '1s', count: 2, minRequests: 5, maxErrorRate: 0.05 };
    const dir = project(base({
      requiresApproval: false,
      target: { type: 'process', command: 'java Service.java', instances: 1 },
      router: { type: 'haproxy', listen: prodPort },
      strategy: { type: 'blue-green', keepOldFor: '10m', analysis },
    }, {
      staging: { target: { type: 'process', command: 'java Service.java', instances: 2 },
        router: { type: 'haproxy', listen: stagingPort },
        strategy: { type: 'rolling', batchSize: 1, maxUnavailable: 0, analysis } },
    }));
    const v1 = git(dir, 'rev-parse', '--short=12', 'HEAD');
    const conn = await server(dir);
    const l1 = load(stagingPort, 40);
    const l2 = load(prodPort, 40);
    const first = (await deployWait(conn)).s;
    assert.equal(first.state, 'completed', JSON.stringify(first));
    await allOn(stagingPort, v1);
    await allOn(prodPort, v1);

    const before2 = { ...l2.stats };
    const v2 = recommit(dir, null, 'v2');
    const { s, progress } = await deployWait(conn);
    assert.equal(s.state, 'completed', JSON.stringify(s));
    assert.ok(progress.length >= 2, 'no progress while waiting');
    assert.equal(s.rollout.strategy, 'blue-green');
    assert.equal(s.rollout.phase, 'promoted');
    assert.equal(s.rollout.newVersion, v2);
    assert.ok(s.rollout.warmUntil, 'the old colour is kept warm');
    assert.ok(s.rollout.verdicts.length >= 2 && s.rollout.verdicts.every((v) => v.verdict === 'successful'),
      JSON.stringify(s.rollout.verdicts));
    assert.equal(s.environments.find((e) => e.environment === 'staging').strategy, 'rolling');
    const rollingAudit = audit(dir, s.deploymentId).filter((e) => e.details?.environment === 'staging'
      && e.event === 'ROLLOUT_ROUTED');
    assert.ok(rollingAudit.length >= 2, 'rolling routes batch by batch');
    await allOn(stagingPort, v2);
    await allOn(prodPort, v2);

    const rb = await call(conn, 'deploy_rollback', { environment: 'prod', reason: 'e2e: switch back' }, { timeout: LONG });
    assert.equal(rb.isError, false, JSON.stringify(rb.structuredContent));
    assert.equal(rb.structuredContent.rollout.rollback.kind, 'switch');
    assert.ok(Number.isInteger(rb.structuredContent.rollout.rollback.durationMs));
    assert.match(rb.content[0].text, /by a switch back to the warm colour in \d+ ms/);
    await allOn(prodPort, v1);
    await l1.stop();
    await l2.stop();
    // from v1 serving onwards: no 5xx through HAProxy across the blue-green deploy and the switch back
    assert.equal(l2.stats.e5xx - before2.e5xx, 0, JSON.stringify(l2.stats));
  });
