// bench/run.sh --only=team: team mode's figures. Two `serve --http` instances of the jar on one PostgreSQL
// (scripts/postgres.sh, or $DP_TEST_PG_URL), each from its own checkout of a platform deploy repository, and 20
// engineers' MCP clients over Streamable HTTP with their own tokens:
//   - tools/call p50/p95 of `deploy_status {}` with the 20 clients calling at once (10 per instance), next to one
//     stdio client calling alone, on the same PostgreSQL and on the file store (the solo set-up);
//   - one race round (10 services, two engineers per service starting it at once, the other approving), judged as
//     the e2e test judges it: lost updates, overlapping deployments of a service, duplicate stage runs, actors;
//   - kill -9 of one instance mid-stage and the time until the other has taken the deployment over.
// Every figure is the median over RUNS runs, each with fresh servers and a fresh database. The scenario code is
// e2e/team.mjs (run `cd e2e && npm ci` once; run.sh does it).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { med, ms, q } from './stats.mjs';

const SERVICES = 10;
const CLIENTS = 20;
const EXPIRY_S = 5;

async function timedCalls(call, n) {
  const lat = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call();
    lat.push(performance.now() - t);
  }
  return lat;
}

/** One stdio client, alone, on `dir` with `env` (the store): `calls` sequential deploy_status {} after a warm-up. */
async function stdio(jar, dir, env, calls) {
  const transport = new StdioClientTransport({ command: 'java', args: ['-jar', jar], stderr: 'ignore',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PROJECT_DIR: dir, DEPLOY_PIPELINE_USER: 'solo@example.com',
      ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}), ...env } });
  const client = new Client({ name: 'dp-bench-team', version: '1.0.0' });
  await client.connect(transport);
  try {
    const call = () => client.callTool({ name: 'deploy_status', arguments: {} });
    await timedCalls(call, Math.min(100, calls));
    const lat = await timedCalls(call, calls);
    return { p50Ms: q(lat, 0.5), p95Ms: q(lat, 0.95) };
  } finally {
    await client.close();
  }
}

async function oneRun(t, pg, { jar, calls, log }) {
  const work = mkdtempSync(join(tmpdir(), 'dp-bench-team-'));
  const sideEffects = join(work, 'side-effects.log');
  const release = join(work, 'release');
  const repo = t.platformRepo();
  const dirs = { a: t.checkout(repo, 'a'), b: t.checkout(repo, 'b'), solo: t.checkout(repo, 'solo') };
  const store = t.freshStore(pg, 'bench');
  const common = { ...store, DEPLOY_PIPELINE_LEASE_HEARTBEAT: '1s', DEPLOY_PIPELINE_LEASE_EXPIRY: `${EXPIRY_S}s`,
    TEAM_SIDE_EFFECTS: sideEffects, TEAM_RELEASE: release, TEAM_HOLD_SERVICE: 'svc-kill', TEAM_HOLD_STAGE: 'building' };
  const instances = {};
  const conns = [];
  const out = {};
  try {
    [instances.a, instances.b] = await Promise.all(['a', 'b'].map((n) => t.serveInstance(dirs[n],
      { ...common, DEPLOY_PIPELINE_HOST: `team-${n}`, TEAM_INSTANCE: n }, { tokensFile: t.tokensFile, name: n })));
    conns.push(...await Promise.all(t.users.map((u, i) => t.mcpClient(i < SERVICES ? instances.a.origin
      : instances.b.origin, t.tokens[u], { name: u, onElicit: t.approveAll(u) }))));

    // One client alone first (the transport's own cost, next to stdio's), then 20 calling at once, each `calls`
    // times in a row, after a warm-up of 20 calls each.
    const call = (c) => () => c.client.callTool({ name: 'deploy_status', arguments: {} });
    await Promise.all(conns.map((c) => timedCalls(call(c), 20)));
    const alone = await timedCalls(call(conns[0]), calls * 5);
    out.httpAlone = { p50Ms: q(alone, 0.5), p95Ms: q(alone, 0.95) };
    const t0 = performance.now();
    const lat = (await Promise.all(conns.map((c) => timedCalls(call(c), calls)))).flat();
    const wall = performance.now() - t0;
    out.http = { p50Ms: q(lat, 0.5), p95Ms: q(lat, 0.95), callsPerSecond: lat.length / (wall / 1000) };
    log(`  http: 1 client alone p50 ${ms(out.httpAlone.p50Ms, 2)} ms; ${CLIENTS} clients × ${calls} calls: p50 ${ms(out.http.p50Ms, 2)} ms, p95 ${ms(out.http.p95Ms, 2)} ms, `
      + `${ms(out.http.callsPerSecond, 0)} calls/s`);

    const r0 = performance.now();
    const race = await t.raceRounds(conns, t.users, { services: SERVICES, rounds: 1 });
    const raceS = (performance.now() - r0) / 1000;
    const v = await t.verifyRun(instances.b, race.won, sideEffects);
    out.race = { deployments: race.won.length, seconds: raceS, problems: race.problems.length,
      winnersPerStart: race.starts.map((s) => s.winners), chainValid: v.chainValid, lostUpdates: v.lostUpdates.length,
      overlaps: v.overlaps.length, wrongActors: v.wrongActors.length, duplicateStageRuns: v.duplicateStageRuns.length,
      missingStageRuns: v.missingStageRuns.length, stageRuns: v.stageRuns };
    log(`  race: ${JSON.stringify(out.race)}`);

    const k = await t.killMidStage({ starter: conns[0], watcher: conns[SERVICES], victim: instances.a,
      service: 'svc-kill', stage: 'building', sideEffects, release });
    out.takeover = { ms: k.takeoverMs, by: k.after.driver ?? k.after.state };
    log(`  kill -9: taken over after ${k.takeoverMs} ms (${out.takeover.by})`);
  } finally {
    await Promise.all(conns.map((c) => c.close()));
    await Promise.all(Object.values(instances).map((i) => i.stop()));
  }
  // The same call from one stdio client alone: on the same database, then on the file store (solo mode).
  out.stdioPg = await stdio(jar, dirs.solo, store, calls * 5);
  dirs.file = t.checkout(repo, 'file');
  out.stdioFile = await stdio(jar, dirs.file, {}, calls * 5);
  log(`  stdio: postgres p50 ${ms(out.stdioPg.p50Ms, 2)} ms, file store p50 ${ms(out.stdioFile.p50Ms, 2)} ms`);
  for (const d of [work, repo, ...Object.values(dirs)]) rmSync(d, { recursive: true, force: true });
  return out;
}

export async function team({ root, jar, quick, log }) {
  // A plain object: the run's users and tokens go next to the scenario's functions.
  const t = { ...await import(pathToFileURL(join(root, 'e2e', 'team.mjs')).href) };
  const pg = t.postgres();
  if (!pg) throw new Error('--only=team needs PostgreSQL: set DP_TEST_PG_URL, or provide scripts/postgres.sh');
  const runs = Math.max(3, +(process.env.BENCH_TEAM_RUNS ?? 3));
  const calls = quick ? 50 : 200;
  const tokensDir = mkdtempSync(join(tmpdir(), 'dp-bench-tokens-'));
  try {
    t.tokensFile = join(tokensDir, 'deployment-tokens.json');
    t.users = Array.from({ length: CLIENTS }, (_, i) => `dev${String(i + 1).padStart(2, '0')}@example.com`);
    t.tokens = t.issueTokens(t.tokensFile, t.users);
    const all = [];
    for (let i = 0; i < runs; i++) {
      log(`team run ${i + 1}/${runs}`);
      all.push(await oneRun(t, pg, { jar, calls, log }));
    }
    const m = (f) => med(all.map(f));
    const sum = (f) => all.reduce((a, x) => a + f(x), 0);
    return { runs, clients: CLIENTS, services: SERVICES, callsPerClient: calls, expirySeconds: EXPIRY_S,
      httpAloneP50Ms: m((x) => x.httpAlone.p50Ms), httpAloneP95Ms: m((x) => x.httpAlone.p95Ms),
      httpP50Ms: m((x) => x.http.p50Ms), httpP95Ms: m((x) => x.http.p95Ms), httpCallsPerSecond: m((x) => x.http.callsPerSecond),
      stdioPgP50Ms: m((x) => x.stdioPg.p50Ms), stdioPgP95Ms: m((x) => x.stdioPg.p95Ms),
      stdioFileP50Ms: m((x) => x.stdioFile.p50Ms), stdioFileP95Ms: m((x) => x.stdioFile.p95Ms),
      raceSeconds: m((x) => x.race.seconds), deployments: sum((x) => x.race.deployments),
      lostUpdates: sum((x) => x.race.lostUpdates + x.race.problems), chainValid: all.every((x) => x.race.chainValid),
      overlaps: sum((x) => x.race.overlaps), wrongActors: sum((x) => x.race.wrongActors),
      duplicateStageRuns: sum((x) => x.race.duplicateStageRuns), missingStageRuns: sum((x) => x.race.missingStageRuns),
      startsWithOneWinner: sum((x) => x.race.winnersPerStart.filter((w) => w === 1).length),
      starts: sum((x) => x.race.winnersPerStart.length),
      takeoverMs: m((x) => x.takeover.ms), takeovers: all.map((x) => x.takeover), perRun: all };
  } finally {
    rmSync(tokensDir, { recursive: true, force: true });
    pg.stop();
  }
}

/** The table rows: figure, ours, reference, ratio, goal, met (the issue's goals are the zeros and the one winner). */
export function teamRows(r, met) {
  const x = (a, b) => (Number.isFinite(a / b) ? (a / b).toFixed(2) + '×' : '');
  return [
    ['MCP HTTP tools/call p50, 1 client alone (ms)', ms(r.httpAloneP50Ms, 2), ms(r.stdioPgP50Ms, 2),
      x(r.httpAloneP50Ms, r.stdioPgP50Ms), 'vs 1 stdio client, same db', ''],
    ['MCP HTTP tools/call p95, 1 client alone (ms)', ms(r.httpAloneP95Ms, 2), ms(r.stdioPgP95Ms, 2),
      x(r.httpAloneP95Ms, r.stdioPgP95Ms), '', ''],
    [`MCP HTTP tools/call p50, ${r.clients} clients at once (ms)`, ms(r.httpP50Ms, 2), ms(r.stdioPgP50Ms, 2),
      x(r.httpP50Ms, r.stdioPgP50Ms), 'vs 1 stdio client, same db', ''],
    [`MCP HTTP tools/call p95, ${r.clients} clients at once (ms)`, ms(r.httpP95Ms, 2), ms(r.stdioPgP95Ms, 2),
      x(r.httpP95Ms, r.stdioPgP95Ms), '', ''],
    ['  HTTP calls/s, all clients / stdio p50 on the file store (ms)', `${ms(r.httpCallsPerSecond, 0)} / `
      + `${ms(r.stdioFileP50Ms, 2)}`, '', '', '', ''],
    [`team race: ${r.deployments} deployments, ${r.services} services, 2 instances (s per round)`, ms(r.raceSeconds, 1),
      '', '', '', ''],
    ['  starts with exactly one winner', `${r.startsWithOneWinner}/${r.starts}`, '', '', 'all', met(r.startsWithOneWinner === r.starts)],
    ['  lost updates (broken trails + chain)', String(r.lostUpdates + (r.chainValid ? 0 : 1)), '', '', '0',
      met(r.lostUpdates === 0 && r.chainValid)],
    ['  overlapping deployments of a service', String(r.overlaps), '', '', '0', met(r.overlaps === 0)],
    ['  duplicate / missing stage runs', `${r.duplicateStageRuns} / ${r.missingStageRuns}`, '', '', '0 / 0',
      met(r.duplicateStageRuns === 0 && r.missingStageRuns === 0)],
    [`kill -9 mid-stage → taken over (ms, lease expiry ${r.expirySeconds} s)`, ms(r.takeoverMs, 0), '', '',
      'taken over', met(r.takeovers.every((k) => String(k.by).startsWith('team-b') || k.by === 'awaiting-approval'))],
  ];
}
