// Crash and concurrency harness: drives many deployments of a temp project through the CLI and through MCP
// servers (the real jar), SIGKILLs them at random moments, lets later processes resume what was left, and
// checks the store's invariants. `node e2e/crash-harness.mjs --kills 200` prints the figures; the e2e tests run
// short versions. Stage commands append one line per run to runs/<deployment>.<stage>, so duplicate runs of a
// non-idempotent stage are counted, not guessed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, git } from './harness.mjs';
import { spawnRaw } from './raw.mjs';

const IDEMPOTENT = new Set(['validating']);
const TERMINAL = new Set(['completed', 'failed', 'rolled-back']);

/** Deterministic randomness, so that a failing run can be repeated with its seed. */
export function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export function makeProject(stageSleep = '0.$((RANDOM % 3))') {
  const dir = mkdtempSync(join(tmpdir(), 'dp-harness-'));
  mkdirSync(join(dir, '.claude'));
  mkdirSync(join(dir, 'runs'));
  // One line per run, written first, then a short random pause so that kills land inside stages too.
  writeFileSync(join(dir, 'stage.sh'), `#!/bin/bash\necho "$ATTEMPT $$" >> "$PROJECT_DIR/runs/$DEPLOYMENT_ID.$STAGE"\nsleep ${stageSleep}\n`,
    { mode: 0o755 });
  const step = (idempotent) => ({ command: 'bash ./stage.sh', timeoutSeconds: 60, ...(idempotent ? { idempotent: true } : {}) });
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify({
    executor: 'local',
    stages: { validate: step(true), build: step(false), test: step(false) },
    environments: { dev: { deploy: step(false) }, staging: { deploy: step(false) },
      prod: { deploy: step(false), requiresApproval: false } },
  }, null, 2));
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\nruns/\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'harness');
  return dir;
}

// Quick-start JVM flags (reference/mcp-clients-and-java-sdk.md §4d): the harness spends most of its time in start-up.
const FAST = { JDK_JAVA_OPTIONS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC', LANG: 'C.UTF-8' };
const ENV = (dir) => ({ ...FAST, PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PROJECT_DIR: dir,
  DEPLOY_PIPELINE_USER: 'harness@example.com', ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) });

const ACK_CLI = /(d-\d+)\s+(\S+) (?:→|\?) (\S+)\s+\(/g;
const ACK_MCP = /^(d-\d+): (\S+)$/;

/** A CLI `deploy start`; resolves with what it acknowledged on stderr once it exits (or is killed). */
function cliStart(dir, service) {
  const child = spawn('java', ['-jar', JAR, 'deploy', 'start', service, 'main', '--project', dir, '-q'],
    { env: ENV(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  child.stdout.resume();
  const done = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal, acks: [...err.matchAll(ACK_CLI)]
    .map((m) => ({ id: m[1], state: m[3] })), stderr: err })));
  return { child, done };
}

/** An MCP server with one deploy_start call in flight (wait=true, progress on). */
async function mcpStart(dir, service, callId) {
  const p = spawnRaw(dir, FAST);
  const acks = () => p.messages.filter((m) => m.method === 'notifications/progress')
    .map((m) => ACK_MCP.exec(m.params.message ?? '')).filter(Boolean).map((m) => ({ id: m[1], state: m[2] }));
  const init = p.initialize().then(() => p.write({ jsonrpc: '2.0', id: callId, method: 'tools/call',
    params: { name: 'deploy_start', arguments: { service, branch: 'main', wait: true, waitTimeoutSeconds: 300 },
      _meta: { progressToken: callId } } }), () => {});
  // The server stays up after answering; the client then closes stdin, as Claude Code does when a session ends.
  const answered = init.then(() => p.answer(callId, 600000)).then(() => p.child.stdin.end(), () => {});
  return { child: p.child, p, init, acks, answered,
    done: p.exited.then((x) => ({ ...x, acks: acks(), stderr: p.stderr() })) };
}

/** Runs a server until every deployment in the store has ended (its start-up recovery resumes them). */
export async function settle(dir, timeoutMs = 120000) {
  const p = spawnRaw(dir, FAST);
  await p.initialize();
  const deadline = Date.now() + timeoutMs;
  let open;
  do {
    await new Promise((r) => setTimeout(r, 300));
    open = readDeployments(dir).deployments.filter((d) => !TERMINAL.has(d.state));
  } while (open.length && Date.now() < deadline);
  p.child.stdin.end();
  await p.exited;
  return open.map((d) => `${d.id}:${d.state}`);
}

export function readDeployments(dir) {
  const root = join(dir, '.claude', 'deployments', 'deployments');
  const deployments = [];
  let corrupt = 0;
  let restored = 0;
  if (!existsSync(root)) return { deployments, corrupt, restored };
  // A kill between the two renames of a save can leave only the backup: that counts as restored, not lost.
  const ids = new Set(readdirSync(root).map((n) => /^(d-\d+)\.json(\.bak)?$/.exec(n)?.[1]).filter(Boolean));
  for (const f of [...ids].map((id) => id + '.json')) {
    const parse = (path) => { try { return JSON.parse(readFileSync(path, 'utf8')); } catch { return null; } };
    let d = parse(join(root, f));
    if (!d) { d = parse(join(root, f + '.bak')); if (d) restored++; else { corrupt++; continue; } }
    deployments.push(d);
  }
  return { deployments, corrupt, restored };
}

/** Every invariant of issue 6 item 3 over the store as it is now; returns figures and the problems found. */
export function check(dir, acks) {
  const problems = [];
  const { deployments, corrupt, restored } = readDeployments(dir);
  const audit = spawnSync('java', ['-jar', JAR, 'deploy', 'audit', '--project', dir, '--json'],
    { encoding: 'utf8', env: ENV(dir), maxBuffer: 1 << 30 });
  let entries = [];
  let chainIntact = false;
  try { const a = JSON.parse(audit.stdout); entries = a.entries; chainIntact = a.chainIntact; } catch {
    problems.push('audit unreadable: ' + audit.stderr);
  }
  if (!chainIntact) problems.push('audit hash chain broken');
  const reached = new Set(entries.filter((e) => e.to).map((e) => `${e.deploymentId}:${e.to}`));
  let lost = 0;
  for (const a of acks) {
    if (!reached.has(`${a.id}:${a.state}`)) { lost++; problems.push(`acknowledged ${a.id} → ${a.state} is not in the audit trail`); }
  }
  const notTerminal = deployments.filter((d) => !TERMINAL.has(d.state)).map((d) => `${d.id}:${d.state}`);
  if (notTerminal.length) problems.push('not terminal after resume: ' + notTerminal.join(', '));
  let duplicates = 0;
  const runsDir = join(dir, 'runs');
  for (const f of readdirSync(runsDir)) {
    const stage = f.slice(f.indexOf('.') + 1);
    const n = readFileSync(join(runsDir, f), 'utf8').trim().split('\n').length;
    if (!IDEMPOTENT.has(stage) && n > 1) { duplicates++; problems.push(`${f} ran ${n} times`); }
  }
  // Never two active deployments of one service: replay the (lock-serialized) audit order.
  const active = new Map();
  let overlaps = 0;
  for (const e of entries) {
    const d = deployments.find((x) => x.id === e.deploymentId);
    if (!d) continue;
    if (e.event === 'CREATED') {
      if (active.get(d.service)) { overlaps++; problems.push(`${e.deploymentId} created while ${active.get(d.service)} active`); }
      active.set(d.service, e.deploymentId);
    } else if (e.to && TERMINAL.has(e.to) && active.get(d.service) === e.deploymentId) active.delete(d.service);
  }
  // Each deployment's transitions chain (from = previous to) and end where its record stands. A break would mean
  // a SIGKILL split one store transaction, the record saved without its audit line: the journal (store.Journal)
  // makes that impossible, so a gap is a hard failure.
  const warnings = [];
  let lostUpdates = 0;
  for (const d of deployments) {
    const mine = entries.filter((e) => e.deploymentId === d.id && e.to);
    let at = null;
    for (const e of mine) {
      if (e.from && at !== null && e.from !== at) { lostUpdates++; warnings.push(`${d.id}: ${e.event} from ${e.from} but it was in ${at}`); }
      at = e.to;
    }
    if (at !== null && at !== d.state) { lostUpdates++; warnings.push(`${d.id}: audit ends in ${at}, record says ${d.state}`); }
  }
  if (lostUpdates) problems.push(`${lostUpdates} audit gap(s): ${warnings.join('; ')}`);
  if (corrupt) problems.push(`${corrupt} deployment record(s) unreadable, backup too`);
  const transitions = entries.filter((e) => e.to && e.from).length;
  return { deployments: deployments.length, transitions, auditLines: entries.length, chainIntact, corrupt, restored,
    lost, auditGaps: lostUpdates, duplicates, overlaps, notTerminal: notTerminal.length, problems, warnings };
}

/** The crash run: `kills` SIGKILLs of CLI and server processes at random moments, then recovery and checks. */
export async function crashRun({ kills = 200, seed = 42, services = 6, log = () => {} } = {}) {
  const dir = makeProject();
  const random = rng(seed);
  const acks = [];
  let killed = 0, runs = 0, finished = 0, refused = 0, callId = 1;
  try {
    while (killed < kills) {
      const service = `svc-${Math.floor(random() * services)}`;
      const viaCli = random() < 0.5;
      const delay = 400 + Math.floor(random() * 4600);
      runs++;
      const run = viaCli ? cliStart(dir, service) : await mcpStart(dir, service, callId++);
      const outcome = await Promise.race([run.done, new Promise((r) => setTimeout(() => r(null), delay))]);
      if (outcome === null && run.child.exitCode === null) {
        run.child.kill('SIGKILL');
        killed++;
      } else {
        finished++;
      }
      const r = await run.done;
      if (!viaCli) r.acks = run.acks();
      acks.push(...r.acks);
      if (viaCli && /already has an active deployment/.test(r.stderr ?? '')) refused++;
      if (process.env.HARNESS_DEBUG) log(`${viaCli ? 'cli' : 'mcp'} ${service} ${delay}ms ${outcome ? 'exited' : 'killed'}: ${r.acks.length} acks ${(r.stderr ?? '').slice(-300)}`);
      if (runs % 20 === 0) log(`runs ${runs}, kills ${killed}`);
    }
    const stuck = await settle(dir);
    const figures = check(dir, acks);
    const audit = readAudit(dir);
    return { dir, seed, runs, kills: killed, finishedBeforeKill: finished, refusedBusyService: refused,
      acknowledged: acks.length, resumes: audit.filter((e) => e.event === 'RESUMED').length,
      interruptedFailures: audit.filter((e) => e.event === 'FAILURE' && e.details?.interrupted).length,
      stuck, ...figures };
  } finally {
    if (!process.env.KEEP_HARNESS_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Two MCP servers (several calls in flight each) and CLI processes on one store, no kills: deployments of
 * `services` services until the audit holds `transitions` transitions. Refusals of a second active deployment
 * of a service are expected and counted.
 */
export async function concurrencyRun({ transitions = 1000, services = 10, inFlight = 4, log = () => {} } = {}) {
  const dir = makeProject('0');
  const random = rng(7);
  const acks = [];
  let refused = 0, calls = 0, cliRuns = 0;
  const count = () => readAudit(dir).filter((e) => e.from && e.to).length;
  const servers = [spawnRaw(dir, FAST), spawnRaw(dir, FAST)];
  try {
    await Promise.all(servers.map((p) => p.initialize()));
    let id = 1;
    let done = false;
    let loops = 0;
    // Each loop mostly deploys its own service and sometimes a random one, so the one-active-per-service guard
    // is contended without most calls being refusals.
    const pick = (own) => `svc-${random() < 0.8 ? own : Math.floor(random() * services)}`;
    const serverLoop = async (p) => {
      const own = loops++ % services;
      while (!done) {
        const callId = id++;
        calls++;
        p.write({ jsonrpc: '2.0', id: callId, method: 'tools/call', params: { name: 'deploy_start',
          arguments: { service: pick(own), branch: 'main', wait: true } } });
        const r = await p.answer(callId, 120000);
        if (r.result?.isError) refused++;
        else if (r.error) throw new Error('protocol error: ' + JSON.stringify(r.error));
        else acks.push({ id: r.result.structuredContent.deploymentId, state: r.result.structuredContent.state });
      }
    };
    const cliLoop = async () => {
      const own = services - 1;
      while (!done) {
        const r = await cliStart(dir, pick(own)).done;
        cliRuns++;
        acks.push(...r.acks);
        if (r.code !== 0) refused++;
      }
    };
    const watch = (async () => {
      while (count() < transitions) await new Promise((r) => setTimeout(r, 500));
      done = true;
    })();
    await Promise.all([watch, cliLoop(), ...servers.flatMap((p) => Array.from({ length: inFlight }, () => serverLoop(p)))]);
    servers.forEach((p) => p.child.stdin.end());
    await Promise.all(servers.map((p) => p.exited));
    const figures = check(dir, acks);
    log(`calls ${calls}, cli runs ${cliRuns}`);
    return { calls, cliRuns, refusedBusyService: refused, acknowledged: acks.length, ...figures };
  } finally {
    servers.forEach((p) => p.kill());
    if (!process.env.KEEP_HARNESS_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

function readAudit(dir) {
  const f = join(dir, '.claude', 'deployments', 'audit.jsonl');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return {}; } });
}

if (process.argv[1] && process.argv[1].endsWith('crash-harness.mjs')) {
  const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : def; };
  const t0 = Date.now();
  const r = process.argv.includes('--concurrency')
    ? await concurrencyRun({ transitions: arg('--transitions', 1000), log: (m) => console.error(m) })
    : await crashRun({ kills: arg('--kills', 200), seed: arg('--seed', 42), log: (m) => console.error(m) });
  const { problems, warnings, dir, ...figures } = r;
  warnings.slice(0, 20).forEach((w) => console.error('AUDIT GAP: ' + w));
  console.log(JSON.stringify({ ...figures, seconds: Math.round((Date.now() - t0) / 1000) }, null, 2));
  problems.slice(0, 20).forEach((p) => console.error('PROBLEM: ' + p));
  process.exit(problems.length ? 1 : 0);
}
