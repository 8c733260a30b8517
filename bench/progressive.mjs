// Rollout-engine benchmark (issue #13): the real jar as a CLI, private Caddy/HAProxy started by it, real
// examples/progressive/Service.java instances, an open-loop loopback load that records every request.
//  (a) bad canary through Caddy (v2 fails 20 %): when the analysis fails, how long until 100 % of requests get
//      stable, and how many requests failed against the canary's share of the window;
//  (b) blue-green through HAProxy: rollback by a switch to the warm colour against a rollback that redeploys.
// usage: node bench/progressive.mjs [runs=3] [requests-per-second=250]   (bench/progressive.sh wraps it)
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JAR = join(ROOT, 'plugin', 'server', 'deployment-pipeline.jar');
const RUNS = Number(process.argv[2] ?? 3);
const RPS = Number(process.argv[3] ?? 250);
const MAX_REQUESTS = 60000; // bound: the load stops by itself at this count or when the run ends
const dirs = [];

const freePort = () => new Promise((res, rej) => {
  const s = createServer();
  s.once('error', rej);
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});
const git = (dir, ...a) => execFileSync('git', ['-C', dir, '-c', 'user.email=b@example.com', '-c', 'user.name=bench', ...a],
  { encoding: 'utf8' }).trim();

function cli(dir, args, extraEnv = {}) {
  const child = spawn('java', ['-jar', JAR, ...args, '--project', dir], { stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'bench@example.com', ...extraEnv } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  return new Promise((res, rej) => child.on('exit', (code) => (code === 0 || args.includes('status') || args.includes('audit')
    ? res(out) : rej(new Error(`${args.join(' ')}: exit ${code}\n${err}`)))));
}

function project(prod) {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-progressive-'));
  dirs.push(dir);
  copyFileSync(join(ROOT, 'examples', 'progressive', 'Service.java'), join(dir, 'Service.java'));
  mkdirSync(join(dir, '.claude'));
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify({
    service: 'bench',
    stages: { validate: { command: 'true', idempotent: true }, build: { skip: true }, test: { skip: true } },
    environments: { dev: { deploy: { skip: true } }, staging: { deploy: { skip: true } }, prod },
  }));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'v1');
  return dir;
}

/** Open loop: one request every 1000/RPS ms whatever the answers do; every request recorded. */
function load(port) {
  const log = [];
  let running = true;
  const period = 1000 / RPS;
  const t0 = Date.now();
  let sent = 0;
  const one = () => {
    const rec = { at: Date.now(), status: 0, version: null };
    log.push(rec);
    fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) })
      .then(async (r) => { rec.status = r.status; rec.version = r.headers.get('x-version'); await r.arrayBuffer(); })
      .catch((e) => { rec.error = e.cause?.code ?? e.name; });
  };
  const tick = () => {
    if (!running) return;
    const due = Math.floor((Date.now() - t0) / period);
    while (sent < due && sent < MAX_REQUESTS) { one(); sent++; }
    if (sent >= MAX_REQUESTS) { running = false; return; }
    setTimeout(tick, 2);
  };
  tick();
  return { log, stop: () => { running = false; } };
}

const auditOf = async (dir, id) => JSON.parse(await cli(dir, ['deploy', 'audit', id, '--json'])).entries;
const statusOf = async (dir, id) => JSON.parse(await cli(dir, ['deploy', 'status', id, '--json']));
const deploy = async (dir, env = {}) => (await cli(dir, ['deploy', 'start', 'bench', 'main', '--quiet'], env)).trim().split('\n').at(-1).trim();
const ms = (iso) => Date.parse(iso) + Number((iso.match(/\.\d{3}(\d+)Z$/)?.[1] ?? '0').padEnd(6, '0').slice(0, 3)) / 1000;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const sleep = (t) => new Promise((r) => setTimeout(r, t));

async function badCanary() {
  const port = await freePort();
  const dir = project({
    requiresApproval: false,
    target: { type: 'process', command: 'FAIL_RATE=${BENCH_FAIL_RATE:-0} java Service.java', instances: 2 },
    router: { type: 'caddy', listen: port },
    strategy: { type: 'canary', steps: [{ weight: 10 }, { weight: 25 }, { weight: 50 }, { weight: 100 }],
      analysis: { interval: '2s', count: 3, minRequests: 20, maxErrorRate: 0.05 } },
  });
  const l = load(port);
  await deploy(dir);
  const stable = git(dir, 'rev-parse', '--short=12', 'HEAD');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'v2 (bad)');
  const id = await deploy(dir, { BENCH_FAIL_RATE: '0.2' });
  await sleep(1500);
  l.stop();
  const s = await statusOf(dir, id);
  const a = await auditOf(dir, id);
  const step = a.find((e) => e.event === 'ROLLOUT_ROUTED' && /step 1/.test(e.details.why));
  const verdict = a.find((e) => e.event === 'ROLLOUT_ANALYSIS_FAILED');
  const back = a.find((e) => e.event === 'ROLLOUT_ROUTED' && /abort/.test(e.details.why));
  if (s.state !== 'rolled-back' || !verdict || !back) throw new Error(`bad canary not aborted: ${s.state}`);
  const tStep = ms(step.at ?? step.timestamp ?? step.time);
  const tVerdict = ms(verdict.at ?? verdict.timestamp ?? verdict.time);
  const tBack = ms(back.at ?? back.timestamp ?? back.time);
  // the first send time after which every answered request came from stable
  const after = l.log.filter((r) => r.at >= tVerdict);
  let lastCanary = tVerdict;
  for (const r of after) if (r.version && r.version !== stable) lastCanary = r.at;
  const window = l.log.filter((r) => r.at >= tStep && r.at <= tVerdict);
  const failed = window.filter((r) => r.status !== 200).length;
  return {
    windowMs: Math.round(tVerdict - tStep),
    verdictToRoutedMs: Math.round(tBack - tVerdict),
    verdictToAllStableMs: Math.round(lastCanary - tVerdict),
    windowRequests: window.length,
    windowFailed: failed,
    canaryShare: Math.round(window.length * 0.10),
    canaryAnswered: window.filter((r) => r.version && r.version !== stable).length,
    measured: s.rollout.verdicts.find((v) => v.verdict === 'failed').metrics.find((m) => m.name === 'error-rate').measured,
    afterStable: after.filter((r) => r.at > lastCanary).length,
    loadFailedOutright: l.log.filter((r) => r.error && r.at >= tStep).length,
  };
}

async function blueGreenRollback() {
  const port = await freePort();
  const dir = project({
    requiresApproval: false,
    target: { type: 'process', command: 'java Service.java', instances: 2 },
    router: { type: 'haproxy', listen: port },
    strategy: { type: 'blue-green', keepOldFor: '10m', analysis: { interval: '1s', count: 2, minRequests: 20, maxErrorRate: 0.05 } },
  });
  const l = load(port);
  await deploy(dir);
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'v2');
  await deploy(dir);
  const v2 = git(dir, 'rev-parse', '--short=12', 'HEAD');
  const t0 = Date.now();
  const sw = JSON.parse(await cli(dir, ['deploy', 'rollback', '--env', 'prod', '--reason', 'bench: switch', '--json']));
  const switchWall = Date.now() - t0;
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'v3');
  await deploy(dir); // v3 replaces v1, which stays warm; v2 runs nowhere, so going back to it is a redeploy
  const t1 = Date.now();
  const rd = JSON.parse(await cli(dir, ['deploy', 'rollback', '--env', 'prod', '--to-version', v2, '--reason', 'bench: redeploy', '--json']));
  const redeployWall = Date.now() - t1;
  await sleep(1000);
  l.stop();
  return {
    switch: { kind: sw.rollout.rollback.kind, durationMs: sw.rollout.rollback.durationMs, cliWallMs: switchWall },
    redeploy: { kind: rd.rollout.rollback.kind, durationMs: rd.rollout.rollback.durationMs, cliWallMs: redeployWall },
    non200DuringSwitch: l.log.filter((r) => r.status !== 200 && r.at > t0 && r.at < t0 + switchWall).length,
    non200DuringRedeploy: l.log.filter((r) => r.status !== 200 && r.at > t1 && r.at < t1 + redeployWall).length,
  };
}

function cleanupAll() {
  for (const dir of dirs.splice(0)) {
    const root = join(dir, '.claude', 'deployments');
    const walk = (d) => existsSync(d) && readdirSync(d, { withFileTypes: true }).forEach((e) => {
      const p = join(d, e.name);
      if (e.isDirectory()) return walk(p);
      const text = readFileSync(p, 'utf8');
      for (const m of text.matchAll(/"pid"\s*:\s*(\d+)/g)) { try { process.kill(-Number(m[1]), 'SIGTERM'); } catch { /* gone */ } }
      for (const m of text.matchAll(/^pid=(\d+)/gm)) { try { process.kill(Number(m[1]), 'SIGTERM'); } catch { /* gone */ } }
    });
    walk(root);
    rmSync(dir, { recursive: true, force: true });
  }
}
process.on('SIGINT', () => { cleanupAll(); process.exit(130); });

try {
  console.log(`rate ${RPS} requests/s on 127.0.0.1, ${RUNS} run(s), at most ${MAX_REQUESTS} requests per load`);
  const bad = [];
  const bg = [];
  for (let i = 1; i <= RUNS; i++) {
    const b = await badCanary();
    cleanupAll(); // stop this scenario's proxy and instances before the next one loads the machine
    bad.push(b);
    console.log(`run ${i} bad canary: ${JSON.stringify(b)}`);
    const g = await blueGreenRollback();
    cleanupAll();
    bg.push(g);
    console.log(`run ${i} rollback: ${JSON.stringify(g)}`);
  }
  const med = (f, xs) => median(xs.map(f));
  console.log('medians:');
  console.log(`  bad canary: analysis window ${med((b) => b.windowMs, bad)} ms; verdict → abort routed ${med((b) => b.verdictToRoutedMs, bad)} ms; `
    + `verdict → 100 % stable ${med((b) => b.verdictToAllStableMs, bad)} ms; failed ${med((b) => b.windowFailed, bad)} of ${med((b) => b.windowRequests, bad)} `
    + `requests in the window (canary share ${med((b) => b.canaryShare, bad)})`);
  console.log(`  rollback: switch ${med((g) => g.switch.durationMs, bg)} ms (CLI wall ${med((g) => g.switch.cliWallMs, bg)} ms); `
    + `redeploy ${med((g) => g.redeploy.durationMs, bg)} ms (CLI wall ${med((g) => g.redeploy.cliWallMs, bg)} ms)`);
} finally {
  cleanupAll();
}
