// The benchmark suite behind bench/run.sh. Run it through run.sh, which installs the pinned npm packages into
// bench/.cache/node and copies this file next to them (ES modules resolve packages from the file's directory).
//
// Every comparison is measured side by side in the same run: configurations are interleaved round by round, and
// the table reports medians over all spawns of all rounds.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { performance } from 'node:perf_hooks';
import { med, ms, q } from './stats.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const opt = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, ...v] = a.replace(/^--/, '').split('=');
  return [k, v.length ? v.join('=') : true];
}));
const ROOT = opt.root;
const QUICK = !!opt.quick;
const ONLY = opt.only ? new Set(String(opt.only).split(',')) : null;
const JAR = opt.jar ?? join(ROOT, 'plugin/server/deployment-pipeline.jar');
const EVERYTHING = join(process.cwd(), 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const N = QUICK
  ? { rounds: 2, spawns: 2, calls: 200, historyCalls: 100, deploys: 3, compose: 1, claude: 2 }
  : { rounds: 4, spawns: 3, calls: 1000, historyCalls: 500, deploys: +(process.env.BENCH_DEPLOYS ?? 8), compose: 3, claude: 4 };
const want = (s) => !ONLY || ONLY.has(s);
// Team mode needs PostgreSQL, so it runs only when named: --only=team.
const TEAM = ONLY?.has('team');
const log = (...a) => console.error(...a);


// ---------- the servers ----------
/** Our launch line exactly as plugin/.mcp.json has it, with ${CLAUDE_PLUGIN_ROOT} resolved. */
function oursFromMcpJson() {
  const cfg = JSON.parse(readFileSync(join(ROOT, 'plugin/.mcp.json'), 'utf8')).mcpServers.pipeline;
  const sub = (s) => s.replaceAll('${CLAUDE_PLUGIN_ROOT}', join(ROOT, 'plugin'));
  const args = cfg.args.map(sub);
  // The launcher (plugin/bin/deployment-pipeline) takes another jar from DEPLOY_PIPELINE_JAR.
  return { command: sub(cfg.command), args, ...(opt.jar ? { env: { DEPLOY_PIPELINE_JAR: JAR } } : {}) };
}

/** --before=JAR: an earlier build through the same launcher, measured interleaved with ours for a before/after. */
const BEFORE = opt.before ? String(opt.before) : null;
function beforeFromMcpJson() {
  const o = oursFromMcpJson();
  return { ...o, env: { ...o.env, DEPLOY_PIPELINE_JAR: BEFORE } };
}

function configs() {
  const ours = oursFromMcpJson();
  const list = [
    { name: 'ours (.mcp.json)', ...ours, tool: 'deploy_status', toolArgs: {} },
    { name: 'server-everything', command: process.execPath, args: [EVERYTHING, 'stdio'], tool: 'echo', toolArgs: { message: 'hi' }, reference: true },
  ];
  if (BEFORE) list.push({ name: 'before', ...beforeFromMcpJson(), tool: 'deploy_status', toolArgs: {}, before: true });
  // Extra variants for experiments: BENCH_VARIANTS="name=flags;name2=flags" adds `java <flags> -jar JAR` (or
  // `java <flags>` when the flags name their own -jar).
  for (const v of (process.env.BENCH_VARIANTS ?? '').split(';').filter(Boolean)) {
    const name = v.slice(0, v.indexOf('=')), flags = v.slice(v.indexOf('=') + 1);
    const f = flags.split(' ').filter(Boolean);
    list.push({ name, command: 'java', args: f.includes('-jar') ? f : [...f, '-jar', JAR],
      tool: 'deploy_status', toolArgs: {} });
  }
  return list;
}

function procStatus(pid) {
  const st = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => +(st.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

async function connect(cfg, env = {}, cwd) {
  const transport = new StdioClientTransport({ command: cfg.command, args: cfg.args, cwd, stderr: 'pipe',
    // JAVA_TOOL_OPTIONS passes through so that a run can be profiled (JFR) or varied without editing the launch line.
    env: { PATH: process.env.PATH, HOME: process.env.HOME,
      ...(process.env.JAVA_TOOL_OPTIONS ? { JAVA_TOOL_OPTIONS: process.env.JAVA_TOOL_OPTIONS } : {}), ...cfg.env, ...env } });
  let stderr = '';
  transport.stderr?.on('data', (d) => { stderr += d; });
  const client = new Client({ name: 'dp-bench', version: '1.0.0' });
  const t0 = performance.now();
  try {
    await client.connect(transport);
  } catch (e) {
    throw new Error(`${cfg.name} did not connect (${e.message}); stderr: ${stderr.slice(-3000)}`);
  }
  const initMs = performance.now() - t0;
  return { client, transport, initMs, stderr: () => stderr };
}

async function timedCalls(client, name, args, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 20000 });
    out.push(performance.now() - t);
    if (r.isError) throw new Error(`${name} returned isError: ${JSON.stringify(r.content).slice(0, 300)}`);
  }
  return out;
}

// ---------- 1. start-up, calls, memory ----------
async function startup(projectDir) {
  const cfgs = configs();
  const res = Object.fromEntries(cfgs.map((c) => [c.name, { init: [], list: [], listAnswer: [], first: [], p50: [],
    p95: [], idle: [], peak: [] }]));
  for (let r = 1; r <= N.rounds; r++) {
    for (let s = 0; s < N.spawns; s++) {
      for (const c of cfgs) {
        const { client, transport, initMs, stderr } = await connect(c, { DEPLOY_PROJECT_DIR: projectDir }, projectDir);
        let listMs, listAnswerMs, idle, first, calls, peak;
        try {
          // When the answer arrives, apart from when listTools() resolves: the TypeScript client then compiles a
          // validator for every output schema in the list (ours has 27), which is the client's work, not the server's.
          const delivered = transport.onmessage;
          const t = performance.now();
          transport.onmessage = (m, extra) => {
            if (listAnswerMs === undefined && m.id !== undefined && !m.method) listAnswerMs = performance.now() - t;
            delivered(m, extra);
          };
          await client.listTools();
          listMs = performance.now() - t;
          transport.onmessage = delivered;
          const pid = transport.pid;
          await new Promise((ok) => setTimeout(ok, 1000)); // idle: what every session pays while nobody calls
          idle = procStatus(pid).rssMiB;
          first = (await timedCalls(client, c.tool, c.toolArgs, 1))[0];
          calls = await timedCalls(client, c.tool, c.toolArgs, N.calls);
          peak = procStatus(pid).peakMiB;
        } catch (e) {
          throw new Error(`${c.name}: ${e.message}; stderr: ${stderr().slice(-3000)}`);
        } finally {
          await client.close();
        }
        const o = res[c.name];
        o.init.push(initMs); o.list.push(listMs); o.listAnswer.push(listAnswerMs); o.first.push(first);
        o.p50.push(q(calls, 0.5));
        o.p95.push(q(calls, 0.95)); o.idle.push(idle); o.peak.push(peak);
      }
    }
    log(`startup round ${r}/${N.rounds}: ` + cfgs.map((c) => `${c.name} init ${ms(med(res[c.name].init.slice(-N.spawns)))}`
      + ` ms`).join(', '));
  }
  return Object.fromEntries(Object.entries(res).map(([k, o]) => [k, {
    spawns: o.init.length, initMs: med(o.init), initRoundSpread: spread(o.init), listMs: med(o.list),
    initPlusListMs: med(o.init.map((x, i) => x + o.list[i])),
    initPlusListAnswerMs: med(o.init.map((x, i) => x + o.listAnswer[i])), firstCallMs: med(o.first), callP50Ms: med(o.p50),
    callP95Ms: med(o.p95), idleRssMiB: med(o.idle), peakRssMiB: med(o.peak) }]));
}

function spread(xs) {
  const per = [];
  for (let i = 0; i < xs.length; i += N.spawns) per.push(med(xs.slice(i, i + N.spawns)));
  return `${ms(Math.min(...per), 0)}–${ms(Math.max(...per), 0)}`;
}

// ---------- 1b. the first tools/call right after initialize ----------
/** A copy of examples/hello-service with its own git history: the configured project a user has. */
function helloProject() {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-hello-'));
  cpSync(join(ROOT, 'examples/hello-service'), dir, { recursive: true });
  const git = (...a) => execFileSync('git', ['-C', dir, ...a], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-q', '-m', 'hello');
  return dir;
}

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n';

/**
 * Per spawn: connect (spawn → initialize answered), then at once, without tools/list or a pause, one call: what
 * Claude Code does when it calls a tool as soon as it has connected. Interleaved with server-everything's echo.
 */
async function firstCalls(noopDir) {
  const hello = helloProject();
  const ours = configs()[0], ref = configs()[1];
  const cases = [
    { name: 'deploy_status {} (no-op project)', cfg: ours, tool: 'deploy_status', args: {}, dir: () => noopDir },
    { name: 'deploy_status {} (hello-service copy)', cfg: ours, tool: 'deploy_status', args: {}, dir: () => hello },
    { name: 'deploy_start (fresh no-op project)', cfg: ours, tool: 'deploy_start',
      args: { service: 'noop', branch: 'main' }, dir: () => noopProject(), fresh: true },
    { name: 'compose_validate (inline)', cfg: ours, tool: 'compose_validate', args: { content: COMPOSE },
      dir: () => noopDir },
    { name: 'reference echo', cfg: ref, tool: 'echo', args: { message: 'hi' }, dir: () => noopDir, reference: true },
  ];
  if (BEFORE) {
    const before = { ...ours, name: 'before', ...beforeFromMcpJson() };
    for (const c of cases.filter((x) => !x.reference)) cases.push({ ...c, name: c.name + ' [before]', cfg: before });
  }
  const res = Object.fromEntries(cases.map((c) => [c.name, { init: [], first: [], total: [] }]));
  const rounds = 3, spawns = QUICK ? 1 : 3;
  try {
    for (let r = 1; r <= rounds; r++) {
      for (let s = 0; s < spawns; s++) {
        for (const c of cases) {
          const dir = c.dir();
          const { client, initMs, stderr } = await connect(c.cfg,
            { DEPLOY_PROJECT_DIR: dir, DEPLOY_PIPELINE_USER: 'bench@example.com' }, dir);
          let first;
          try {
            first = (await timedCalls(client, c.tool, c.args, 1))[0];
          } catch (e) {
            throw new Error(`${c.name}: ${e.message}; stderr: ${stderr().slice(-2000)}`);
          } finally {
            await client.close();
            if (c.fresh) rmSync(dir, { recursive: true, force: true });
          }
          const o = res[c.name];
          o.init.push(initMs); o.first.push(first); o.total.push(initMs + first);
        }
      }
      log(`first calls round ${r}/${rounds}: ` + cases.map((c) => `${c.name} ${ms(med(res[c.name].first))} ms`).join(', '));
    }
  } finally {
    rmSync(hello, { recursive: true, force: true });
  }
  return Object.fromEntries(Object.entries(res).map(([k, o]) => [k, { spawns: o.first.length, initMs: med(o.init),
    firstCallMs: med(o.first), totalMs: med(o.total), reference: k === 'reference echo' }]));
}

/** The results with the --before build's figures in place of ours, for the same table. */
function beforeView(r) {
  const v = { ...r };
  if (r.startup) {
    v.startup = { 'ours (.mcp.json)': r.startup.before, 'server-everything': r.startup['server-everything'] };
  }
  if (r.first) {
    v.first = Object.fromEntries(Object.entries(r.first).filter(([k, x]) => x.reference || k.endsWith(' [before]'))
      .map(([k, x]) => [k.replace(' [before]', ''), x]));
  }
  v.history = r.historyBefore;
  v.engine = r.engineBefore;
  delete v.compose; delete v.claude; delete v.team;
  return v;
}

// ---------- 2. deploy_history at 100,000 and 1,000,000 deployments ----------
/** Heap in use after a full GC (jcmd GC.run, then jstat): what the process keeps, not what it has not collected yet. */
function liveHeapMiB(pid) {
  execFileSync('jcmd', [String(pid), 'GC.run'], { stdio: 'ignore' });
  const out = execFileSync('jstat', ['-gc', String(pid)], { encoding: 'utf8' }).trim().split('\n');
  const head = out[0].trim().split(/\s+/), vals = out[1].trim().split(/\s+/).map(Number);
  const v = (k) => vals[head.indexOf(k)];
  return (v('S0U') + v('S1U') + v('EU') + v('OU')) / 1024;
}

async function history(projectDir, jars = [null]) {
  const store = join(projectDir, '.claude', 'deployments');
  // StoreGenerator is test code (kept out of the shipped jar): `mvn package` compiles it into test-classes.
  const cp = [JAR, join(ROOT, 'mcp-server/target/test-classes')].join(':');
  const sizes = (process.env.BENCH_HISTORY_SIZES ?? '100000,1000000').split(',').map(Number);
  const out = {};
  let have = 0;
  for (const size of sizes) {
    const t0 = performance.now();
    // Each size adds to the store of the one before: the generator continues the id sequence.
    execFileSync('java', ['-cp', cp, 'dev.deploypipeline.store.StoreGenerator', store, String(size - have), '--no-files'],
      { stdio: ['ignore', 'ignore', 'inherit'] });
    have = size;
    const genMs = performance.now() - t0;
    const per = jars.map(() => ({ p50: [], p95: [], first: [], filtered: [], heap: [], rss: [] }));
    // With --before, the two builds alternate spawn by spawn on the same store.
    for (let r = 0; r < Math.max(3, N.rounds); r++) for (let j = 0; j < jars.length; j++) {
      const ours = jars[j] ? { ...configs()[0], ...beforeFromMcpJson() } : configs()[0];
      const { p50, p95, first, filtered, heap, rss } = per[j];
      const { client, transport } = await connect(ours, { DEPLOY_PROJECT_DIR: projectDir }, projectDir);
      const pid = transport.pid;
      await new Promise((ok) => setTimeout(ok, 1000)); // idle, as in the start-up section
      const idleHeap = liveHeapMiB(pid), idleRss = procStatus(pid).rssMiB;
      first.push((await timedCalls(client, 'deploy_history', {}, 1))[0]);
      heap.push(liveHeapMiB(pid) - idleHeap);
      rss.push(procStatus(pid).rssMiB - idleRss);
      const calls = await timedCalls(client, 'deploy_history', {}, N.historyCalls);
      filtered.push(med(await timedCalls(client, 'deploy_history', { service: 'ledger', environment: 'prod' },
        N.historyCalls / 5)));
      p50.push(q(calls, 0.5)); p95.push(q(calls, 0.95));
      await client.close();
    }
    per.forEach(({ p50, p95, first, filtered, heap, rss }, j) => {
      log(`history @${size}${jars[j] ? ' [before]' : ''}: first ${ms(med(first))} ms, p50 ${ms(med(p50), 2)} ms, heap +${ms(med(heap))} MiB`);
      (out[j] ??= {})[size] = { deployments: size, generateMs: genMs, firstCallMs: med(first), firstCalls: first,
        p50Ms: med(p50), p95Ms: med(p95), filteredP50Ms: med(filtered), heapAboveIdleMiB: med(heap),
        rssAboveIdleMiB: med(rss), spawns: p50.length };
    });
  }
  return out;
}

// ---------- 3. engine overhead per stage with no-op commands ----------
function noopProject() {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-noop-'));
  mkdirSync(join(dir, '.claude'));
  const t = { command: 'true' };
  const env = { deploy: t, rollback: t };
  writeFileSync(join(dir, '.claude/deployment-config.json'), JSON.stringify({ service: 'noop', executor: 'local',
    stages: { validate: t, build: t, test: t },
    environments: { dev: env, staging: env, prod: { ...env, requiresApproval: false } } }));
  const git = (...a) => execFileSync('git', ['-C', dir, ...a], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-q', '-m', 'noop');
  return dir;
}

async function engine(before = false) {
  const dir = noopProject();
  const ours = before ? { ...configs()[0], ...beforeFromMcpJson() } : configs()[0];
  const { client } = await connect(ours, { DEPLOY_PROJECT_DIR: dir, DEPLOY_PIPELINE_USER: 'bench@example.com' }, dir);
  const walls = [];
  for (let i = 0; i < N.deploys; i++) {
    const t = performance.now();
    const r = await client.callTool({ name: 'deploy_start', arguments: { service: 'noop', branch: 'main', wait: true } },
      undefined, { timeout: 120000 });
    walls.push(performance.now() - t);
    if (r.structuredContent?.state !== 'completed') throw new Error('noop deploy ended ' + JSON.stringify(r).slice(0, 400));
  }
  await client.close();
  const ddir = join(dir, '.claude/deployments/deployments');
  const rows = readdirSync(ddir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(ddir, f))))
    .sort((a, b) => +a.id.slice(2) - +b.id.slice(2)).map((d) => {
      const span = (x) => Date.parse(x.endedAt) - Date.parse(x.startedAt);
      // Instants carry nanoseconds; Date.parse keeps milliseconds, which is enough for a per-stage figure.
      const total = Date.parse(d.updatedAt) - Date.parse(d.createdAt);
      const cmd = d.stages.flatMap((s) => s.attempts).reduce((a, x) => a + span(x), 0);
      return { total, cmd, stages: d.stages.length, perStage: (total - cmd) / d.stages.length,
        cmdPerStage: cmd / d.stages.length };
    });
  rmSync(dir, { recursive: true, force: true });
  const warm = rows.slice(1);
  log(`engine: cold ${ms(rows[0].perStage)} ms/stage, warm ${ms(med(warm.map((r) => r.perStage)))} ms/stage`);
  return { deployments: rows.length, stages: rows[0].stages, coldOverheadPerStageMs: rows[0].perStage,
    warmOverheadPerStageMs: med(warm.map((r) => r.perStage)), warmCommandPerStageMs: med(warm.map((r) => r.cmdPerStage)),
    warmPipelineMs: med(warm.map((r) => r.total)), warmToolCallMs: med(walls.slice(1)) };
}

// ---------- 4. compose corpus vs dclint ----------
function compose() {
  const r = spawnSync(join(ROOT, 'bench/compose-corpus.sh'), [String(N.compose)], { encoding: 'utf8',
    env: { ...process.env, JAR } });
  if (r.status !== 0) throw new Error('compose-corpus.sh failed: ' + r.stderr.slice(-600));
  const num = (re) => +(r.stdout.match(re)?.[1] ?? NaN);
  const res = { runs: N.compose, oursMs: num(/median compose validate: (\d+)/), dclintMs: num(/median dclint [\d.]+: +(\d+)/),
    files: num(/files: +(\d+)/) };
  res.ratio = res.dclintMs / res.oursMs;
  log(`compose: ours ${res.oursMs} ms, dclint ${res.dclintMs} ms`);
  return res;
}

// ---------- 5. Claude Code's own connect ----------
function claude() {
  const bin = process.env.CLAUDE_BIN ?? join(ROOT, '.cache/claude-code-2.1.330/node_modules/.bin/claude');
  const home = mkdtempSync(join(tmpdir(), 'dp-bench-home-'));
  const env = { PATH: process.env.PATH, HOME: home, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };
  const run = (args) => {
    const t = performance.now();
    const r = spawnSync(bin, args, { encoding: 'utf8', env, cwd: home, timeout: 60000 });
    return { ms: performance.now() - t, out: (r.stdout ?? '') + (r.stderr ?? ''), status: r.status };
  };
  const withPlugin = [], without = [];
  let lastOut = '';
  try {
    for (let i = 0; i < N.claude; i++) {
      const a = run(['--plugin-dir', join(ROOT, 'plugin'), 'mcp', 'list']);
      if (!/plugin:deploy:pipeline: .*Connected/.test(a.out)) throw new Error('not connected: ' + a.out.slice(-500));
      withPlugin.push(a.ms);
      lastOut = a.out;
      without.push(run(['mcp', 'list']).ms);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const res = { runs: withPlugin.length, withPluginMs: med(withPlugin), withoutPluginMs: med(without) };
  res.connectMs = med(withPlugin.map((x, i) => x - without[i]));
  log(`claude: mcp list with plugin ${ms(res.withPluginMs, 0)} ms, without ${ms(res.withoutPluginMs, 0)} ms`);
  return res;
}

// ---------- report ----------
const met = (ok) => (ok ? 'yes' : 'NO');

function table(r) {
  const rows = [['figure', 'ours', 'reference', 'ratio', 'goal', 'met']];
  const ratio = (a, b) => (Number.isFinite(a / b) ? (a / b).toFixed(2) + '×' : '-');
  const within = (a, b, x) => met(a <= b * x);
  if (r.startup) {
    const o = r.startup['ours (.mcp.json)'], e = r.startup['server-everything'];
    rows.push(['spawn → initialize (ms)', ms(o.initMs), ms(e.initMs), ratio(o.initMs, e.initMs), '≤ 1.0×',
      within(o.initMs, e.initMs, 1)]);
    rows.push(['spawn → tools/list answered (ms)', ms(o.initPlusListAnswerMs), ms(e.initPlusListAnswerMs),
      ratio(o.initPlusListAnswerMs, e.initPlusListAnswerMs), '≤ 1.0×',
      within(o.initPlusListAnswerMs, e.initPlusListAnswerMs, 1)]);
    rows.push(['  spawn → listTools() resolved, incl. the client compiling output schemas (ms)', ms(o.initPlusListMs),
      ms(e.initPlusListMs), ratio(o.initPlusListMs, e.initPlusListMs), '', '']);
    rows.push([`tools/call p50 (ms, ${N.calls} calls)`, ms(o.callP50Ms, 3), ms(e.callP50Ms, 3),
      ratio(o.callP50Ms, e.callP50Ms), '≤ 1.0×', within(o.callP50Ms, e.callP50Ms, 1)]);
    rows.push(['tools/call p95 (ms)', ms(o.callP95Ms, 3), ms(e.callP95Ms, 3), ratio(o.callP95Ms, e.callP95Ms), '≤ 1.0×',
      within(o.callP95Ms, e.callP95Ms, 1)]);
    rows.push(['first tools/call after 1 s idle (ms)', ms(o.firstCallMs), ms(e.firstCallMs),
      ratio(o.firstCallMs, e.firstCallMs), '', '']);
    rows.push(['idle RSS (MiB)', ms(o.idleRssMiB), ms(e.idleRssMiB), ratio(o.idleRssMiB, e.idleRssMiB), '≤ 1.5×',
      within(o.idleRssMiB, e.idleRssMiB, 1.5)]);
    rows.push(['peak RSS (MiB)', ms(o.peakRssMiB), ms(e.peakRssMiB), ratio(o.peakRssMiB, e.peakRssMiB), '', '']);
    for (const [k, v] of Object.entries(r.startup)) {
      if (k === 'ours (.mcp.json)' || k === 'server-everything' || k === 'before') continue;
      rows.push([`variant ${k}: init / call p50 / idle`, `${ms(v.initMs)} / ${ms(v.callP50Ms, 3)} / ${ms(v.idleRssMiB)}`,
        '', ratio(v.initMs, e.initMs), '', '']);
    }
  }
  if (r.first) {
    const e = r.first['reference echo'];
    const goal = Math.max(2 * e.firstCallMs, 25);
    for (const [k, v] of Object.entries(r.first)) {
      if (v.reference || k.endsWith(' [before]')) continue;
      rows.push([`first tools/call right after initialize: ${k} (ms, ${v.spawns} spawns)`, ms(v.firstCallMs),
        ms(e.firstCallMs), ratio(v.firstCallMs, e.firstCallMs), `≤ ${ms(goal)} (max(2×, 25))`,
        met(v.firstCallMs <= goal)]);
    }
    for (const [k, v] of Object.entries(r.first)) {
      if (v.reference || !k.startsWith('deploy_status') || k.endsWith(' [before]')) continue;
      rows.push([`  spawn → first tools/call answered: ${k} (ms)`, ms(v.totalMs), ms(e.totalMs),
        ratio(v.totalMs, e.totalMs), '≤ 1.0×', within(v.totalMs, e.totalMs, 1)]);
    }
  }
  if (r.history) {
    const goals = { 100000: { first: 150, p50: 20 }, 1000000: { first: 500, p50: 20 } };
    for (const [size, h] of Object.entries(r.history)) {
      const g = goals[size] ?? { first: NaN, p50: 20 };
      const k = Number(size).toLocaleString('en');
      rows.push([`deploy_history first call @${k} (ms)`, ms(h.firstCallMs), '', '', `≤ ${g.first} ms`,
        met(h.firstCallMs <= g.first)]);
      if (+size === 100000) {
        rows.push([`  heap above idle after it @${k} (MiB)`, ms(h.heapAboveIdleMiB), '', '', '≤ 64 MiB',
          met(h.heapAboveIdleMiB <= 64)]);
      } else {
        rows.push([`  heap above idle after it @${k} (MiB)`, ms(h.heapAboveIdleMiB), '', '', '', '']);
      }
      rows.push([`deploy_history p50 @${k} (ms)`, ms(h.p50Ms, 2), '', '', `≤ ${g.p50} ms`, met(h.p50Ms <= g.p50)]);
      rows.push(['  p95 / filtered p50 (ms)', `${ms(h.p95Ms, 2)} / ${ms(h.filteredP50Ms, 2)}`, '', '', '', '']);
    }
  }
  if (r.compose) {
    rows.push([`compose corpus, ${r.compose.files} files (ms)`, ms(r.compose.oursMs, 0), ms(r.compose.dclintMs, 0),
      (r.compose.ratio).toFixed(1) + '× faster', '≥ 15× faster', met(r.compose.ratio >= 15)]);
  }
  if (r.engine) {
    rows.push(['engine overhead per stage, warm (ms)', ms(r.engine.warmOverheadPerStageMs, 2), '', '', '≤ 5 ms',
      met(r.engine.warmOverheadPerStageMs <= 5)]);
    rows.push(['engine overhead per stage, cold: first deploy (ms)', ms(r.engine.coldOverheadPerStageMs, 2), '', '',
      '≤ 5 ms', met(r.engine.coldOverheadPerStageMs <= 5)]);
    rows.push(['  `true` per stage (ms)', ms(r.engine.warmCommandPerStageMs), '', '', '', '']);
  }
  if (r.team) rows.push(...teamRows(r.team, met));
  if (r.claude) {
    rows.push(['claude mcp list, with plugin (ms)', ms(r.claude.withPluginMs, 0), ms(r.claude.withoutPluginMs, 0),
      'Δ ' + ms(r.claude.connectMs, 0) + ' ms', '< 1 s', met(r.claude.connectMs < 1000)]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  return rows.map((x, j) => '| ' + x.map((c, i) => c.padEnd(w[i])).join(' | ') + ' |'
    + (j === 0 ? '\n|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|' : '')).join('\n');
}

const results = { date: new Date().toISOString(), quick: QUICK, n: N, jar: JAR, launch: oursFromMcpJson() };
const project = noopProject();
const { team, teamRows } = await import('./team.mjs');
try {
  if (want('startup')) results.startup = await startup(project);
  if (want('first')) results.first = await firstCalls(project);
  if (want('history')) {
    const h = await history(project, BEFORE ? [null, BEFORE] : [null]);
    results.history = h[0];
    if (BEFORE) results.historyBefore = h[1];
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}
if (want('engine')) {
  // Each build's first deployment of a session, in its own fresh project; with --before, two rounds alternating.
  for (let r = 0; r < (BEFORE ? 2 : 1); r++) {
    (results.engineRuns ??= []).push(await engine());
    if (BEFORE) (results.engineBeforeRuns ??= []).push(await engine(true));
  }
  const pick = (runs) => runs && { ...runs[0], coldOverheadPerStageMs: med(runs.map((x) => x.coldOverheadPerStageMs)),
    warmOverheadPerStageMs: med(runs.map((x) => x.warmOverheadPerStageMs)) };
  results.engine = pick(results.engineRuns);
  if (BEFORE) results.engineBefore = pick(results.engineBeforeRuns);
}
if (want('compose')) results.compose = compose();
if (want('claude')) results.claude = claude();
if (TEAM) results.team = await team({ root: ROOT, jar: JAR, quick: QUICK, log });
console.log(table(results));
if (BEFORE) console.log(`\nbefore: ${BEFORE}, the same run\n` + table(beforeView(results)));
if (opt.json) {
  writeFileSync(opt.json, JSON.stringify(results, null, 2));
  log(`wrote ${opt.json}`);
}
