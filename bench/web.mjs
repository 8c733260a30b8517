// The dashboard and REST benchmarks behind bench/web.sh (which installs playwright-core into bench/.cache/web and
// copies this file next to it). One temporary project, its store filled by StoreGenerator (100,000 deployments by
// default), one real `serve --http` jar, Debian's headless Chromium. Every figure is a median over repeated
// requests against that one server; the first page load (cold JVM, empty browser cache) is reported apart.
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { med, ms, q } from './stats.mjs';

const opt = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, ...v] = a.replace(/^--/, '').split('=');
  return [k, v.length ? v.join('=') : true];
}));
const ROOT = opt.root;
const JAR = opt.jar ?? join(ROOT, 'plugin/server/deployment-pipeline.jar');
const COUNT = +(opt.deployments ?? 100000);
// The project's service. By default `noop`, which has no history among the 100,000 deployments of StoreGenerator's
// 20 services (so every per-service query walks the whole index). --service=payments (one of the 20, about 5,000
// deployments) measures a service with history; the SSE section is skipped then, since the generated store holds
// unfinished deployments of every generated service and those refuse a new start.
const SERVICE = opt.service ?? 'noop';
const N = opt.quick ? { loads: 10, calls: 100, deploys: 3 } : { loads: 40, calls: 500, deploys: 8 };
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// As the browser tests start it: no outside connections (this machine refuses them, slowly).
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const log = (...a) => console.error(...a);


/** A git project whose one service runs `true` for every stage; prod needs no approval (SSE section). */
function project() {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-web-'));
  mkdirSync(join(dir, '.claude'));
  const t = { command: 'true' };
  const env = { deploy: t, rollback: t };
  writeFileSync(join(dir, '.claude/deployment-config.json'), JSON.stringify({ service: SERVICE, executor: 'local',
    stages: { validate: t, build: t, test: t },
    environments: { dev: env, staging: env, prod: { ...env, requiresApproval: false } } }));
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\n');
  const git = (...a) => execFileSync('git', ['-C', dir, ...a], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-q', '-m', 'noop');
  return dir;
}

function generate(dir) {
  const t = performance.now();
  // StoreGenerator is test code (kept out of the shipped jar): `mvn package` compiles it into test-classes.
  const cp = [JAR, join(ROOT, 'mcp-server/target/test-classes')].join(':');
  execFileSync('java', ['-cp', cp, 'dev.deploypipeline.store.StoreGenerator', join(dir, '.claude/deployments'),
    String(COUNT), ...(opt['no-files'] ? ['--no-files'] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t;
}

/** `serve --http` on a port it picks; resolves once it printed its `Dashboard: URL` line. */
function serve(dir) {
  const tokenFile = join(dir, '.token');
  const token = randomBytes(24).toString('hex');
  writeFileSync(tokenFile, token + '\n');
  const t = performance.now();
  const proc = spawn('java', ['-jar', JAR, 'serve', '--http', '--port', '0', '--token-file', tokenFile], {
    cwd: dir, stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PROJECT_DIR: dir,
      DEPLOY_PIPELINE_USER: 'bench@example.com', ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
      ...(process.env.JAVA_TOOL_OPTIONS ? { JAVA_TOOL_OPTIONS: process.env.JAVA_TOOL_OPTIONS } : {}) } });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill(); reject(new Error('no Dashboard line in 120 s: ' + stderr.slice(-2000))); },
      120000);
    proc.stderr.on('data', (d) => {
      stderr += d;
      const m = stderr.match(/Dashboard: (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        const base = new URL(m[1]).origin;
        resolve({ proc, base, token, startMs: performance.now() - t, login: `${base}/login?token=${token}`,
          stderr: () => stderr });
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve --http exited ${code}: ${stderr.slice(-2000)}`)); });
  });
}

/** Loads `path` N times in one tab; TTFB and loaded are the browser's own Navigation Timing figures. */
async function pageLoads(page, base, path, n) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    const res = await page.goto(base + path, { waitUntil: 'load' });
    if (!res.ok()) throw new Error(`GET ${path}: HTTP ${res.status()}`);
    runs.push(await page.evaluate(() => {
      const e = performance.getEntriesByType('navigation')[0];
      return { ttfb: e.responseStart, loaded: e.loadEventEnd, bytes: e.encodedBodySize };
    }));
  }
  const warm = runs.slice(1);
  return { first: runs[0], ttfbP50: med(warm.map((r) => r.ttfb)), ttfbP95: q(warm.map((r) => r.ttfb), 0.95),
    loadedP50: med(warm.map((r) => r.loaded)), loadedP95: q(warm.map((r) => r.loaded), 0.95), htmlBytes: runs[0].bytes,
    loads: warm.length };
}

async function api(srv, path, n) {
  const times = [];
  let body;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(srv.base + path, { headers: { Authorization: `Bearer ${srv.token}` } });
    body = await r.text();
    times.push(performance.now() - t);
    if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}: ${body.slice(0, 300)}`);
  }
  return { p50: med(times.slice(1)), p95: q(times.slice(1), 0.95), first: times[0], body: JSON.parse(body),
    bytes: Buffer.byteLength(body) };
}

/**
 * An EventSource in the page (the browser's own, with the session cookie) records Date.now() − the transition's
 * `at` for each event; the deploys are started over REST. Both clocks are this machine's; `at` is cut to ms.
 */
async function sse(page, srv) {
  await page.goto(srv.base + '/deployments', { waitUntil: 'load' });
  await page.evaluate(() => {
    window.benchEvents = [];
    window.benchSource = new EventSource('/api/v1/events');
    window.benchSource.addEventListener('transition', (e) => {
      const d = JSON.parse(e.data);
      window.benchEvents.push({ ms: Date.now() - Date.parse(d.at), id: d.deploymentId, state: d.state });
    });
  });
  await page.waitForFunction(() => window.benchSource.readyState === 1, null, { timeout: 30000 });
  const ids = [];
  for (let i = 0; i < N.deploys; i++) {
    const r = await fetch(srv.base + '/api/v1/deployments', { method: 'POST',
      headers: { Authorization: `Bearer ${srv.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ service: SERVICE, branch: 'main' }) });
    const body = await r.text();
    if (r.status !== 201) throw new Error(`POST /api/v1/deployments: HTTP ${r.status}: ${body.slice(0, 400)}`);
    const id = JSON.parse(body).id;
    ids.push(id);
    await page.waitForFunction((dep) => window.benchEvents.some((e) => e.id === dep
      && ['completed', 'failed', 'rolled-back'].includes(e.state)), id, { timeout: 120000 });
  }
  const events = await page.evaluate(() => window.benchEvents);
  const mine = events.filter((e) => ids.includes(e.id));
  const failed = mine.filter((e) => e.state === 'failed');
  if (failed.length) throw new Error(`a deployment of \`true\` stages failed: ${JSON.stringify(failed)}`);
  return { deployments: ids.length, events: mine.length, p50: med(mine.map((e) => e.ms)),
    p95: q(mine.map((e) => e.ms), 0.95), max: Math.max(...mine.map((e) => e.ms)) };
}

function table(r) {
  const rows = [['figure', 'median', 'p95', 'goal', 'met']];
  const met = (x, goal) => (Number.isFinite(x) ? (x <= goal ? 'met' : 'MISSED') : '-');
  const page = (name, p, goals) => {
    rows.push([`${name} TTFB (ms)`, ms(p.ttfbP50), ms(p.ttfbP95), goals ? '≤ 100 ms' : '', goals ? met(p.ttfbP50, 100) : '']);
    rows.push([`${name} fully loaded (ms)`, ms(p.loadedP50), ms(p.loadedP95), goals ? '≤ 500 ms' : '',
      goals ? met(p.loadedP50, 500) : '']);
    rows.push([`  first load, cold: TTFB / loaded (ms); HTML`, `${ms(p.first.ttfb)} / ${ms(p.first.loaded)}`,
      `${(p.htmlBytes / 1024).toFixed(1)} KiB`, '', '']);
  };
  page('overview /', r.overview, true);
  if (r.timeline) page('timeline /deployments', r.timeline, false);
  if (r.metrics) page('metrics /metrics', r.metrics, false);
  for (const [k, a] of Object.entries(r.api)) {
    rows.push([`GET ${k} (ms)`, ms(a.p50, 2), ms(a.p95, 2), k === '/api/v1/deployments' ? '≤ 20 ms *' : '',
      k === '/api/v1/deployments' ? met(a.p50, 20) : '']);
  }
  if (r.sse) {
    rows.push([`SSE transition → browser (ms, ${r.sse.events} events)`, ms(r.sse.p50), ms(r.sse.p95), '≤ 100 ms *',
      met(r.sse.p50, 100)]);
  }
  rows.push(['serve --http start → Dashboard line (ms)', ms(r.startMs, 0), '', '', '']);
  const w = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  return rows.map((x, j) => '| ' + x.map((c, i) => c.padEnd(w[i])).join(' | ') + ' |'
    + (j === 0 ? '\n|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|' : '')).join('\n')
    + `\n${COUNT} deployments in the store${opt['no-files'] ? ' (index only)' : ''}, the project's service ${SERVICE}; `
    + `${N.loads - 1} warm loads per page, `
    + `${N.calls - 1} warm calls per query. * not a goal of the issue: deploy_history's goal at 100k, and "live".`;
}

const results = { date: new Date().toISOString(), deployments: COUNT, files: !opt['no-files'], service: SERVICE, n: N,
  jar: JAR };
const dir = project();
let srv, browser;
try {
  log(`generating ${COUNT} deployments…`);
  results.generateMs = generate(dir);
  srv = await serve(dir);
  results.startMs = srv.startMs;
  log(`serve --http up in ${ms(srv.startMs, 0)} ms at ${srv.base}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  const page = await (await browser.newContext()).newPage();
  const login = await page.goto(srv.login, { waitUntil: 'load' });
  if (!login.ok() || new URL(page.url()).pathname !== '/') throw new Error(`login ended at ${page.url()} (HTTP ${login.status()})`);
  results.overview = await pageLoads(page, srv.base, '/', N.loads);
  log(`overview: TTFB p50 ${ms(results.overview.ttfbP50)} ms, loaded p50 ${ms(results.overview.loadedP50)} ms`);
  results.timeline = await pageLoads(page, srv.base, '/deployments', N.loads);
  results.metrics = await pageLoads(page, srv.base, '/metrics', N.loads);
  results.api = {};
  const list = await api(srv, '/api/v1/deployments', N.calls);
  results.api['/api/v1/deployments'] = list;
  if (list.body.nextCursor) {
    const next = `/api/v1/deployments?cursor=${encodeURIComponent(list.body.nextCursor)}`;
    results.api['/api/v1/deployments?cursor= (page 2)'] = await api(srv, next, N.calls);
  }
  results.api['/api/v1/deployments?service=ledger&environment=prod'] =
    await api(srv, '/api/v1/deployments?service=ledger&environment=prod', N.calls);
  for (const a of Object.values(results.api)) delete a.body;
  log(`api: p50 ${ms(list.p50, 2)} ms`);
  if (SERVICE === 'noop') {
    results.sse = await sse(page, srv);
    log(`sse: p50 ${ms(results.sse.p50)} ms over ${results.sse.events} events`);
  }
  results.done = true;
} catch (e) {
  if (srv) log('server stderr (tail):\n' + srv.stderr().slice(-3000));
  throw e;
} finally {
  await browser?.close();
  if (srv) {
    srv.proc.kill('SIGTERM');
    await new Promise((ok) => (srv.proc.exitCode !== null ? ok() : srv.proc.on('exit', ok)));
  }
  if (results.done) {
    console.log(table(results));
    if (opt.json) {
      writeFileSync(opt.json, JSON.stringify(results, null, 2));
      log(`wrote ${opt.json}`);
    }
  }
  log(`removing ${dir} (${COUNT} deployment files take a while)`);
  rmSync(dir, { recursive: true, force: true });
}
