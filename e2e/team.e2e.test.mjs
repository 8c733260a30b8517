// Team mode end to end: two `serve --http` instances of the real jar on one real PostgreSQL, each from its own
// checkout of the platform deploy repository, and 20 engineers' MCP clients (the official TypeScript client over
// Streamable HTTP, each with its own bearer token from `token issue`) starting, querying and approving deployments
// of 10 services at once. Then one instance is killed with SIGKILL mid-stage and the other takes its deployment
// over through the lease. Stage runs are counted from the stages' own side effects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approveAll, CI, checkout, freshStore, issueTokens, killMidStage, mcpClient, platformRepo, postgres,
  raceRounds, restAudit, serveInstance, stageRuns, STAGES, tool, until, verifyRun } from './team.mjs';

const SERVICES = 10;
const CLIENTS = 20;
const ROUNDS = Number(process.env.DP_TEAM_ROUNDS ?? 2);

// DP_TEAM_STORE=file runs the same on the file store instead: both instances on one checkout (the file store is
// safe across processes on one host). The default, and CI, is PostgreSQL.
const FILE_STORE = process.env.DP_TEAM_STORE === 'file';
let pg;
let skip = false;
try {
  pg = FILE_STORE ? null : postgres();
} catch (e) {
  if (CI) throw e;
  skip = `no PostgreSQL: ${e.message.split('\n')[0]}; skipped locally`;
}
if (!pg && !skip && !FILE_STORE) {
  if (CI) throw new Error('team e2e needs PostgreSQL: set DP_TEST_PG_URL or provide scripts/postgres.sh (apt-get install postgresql)');
  skip = 'no PostgreSQL (DP_TEST_PG_URL unset and no scripts/postgres.sh): skipped locally';
}

let work, repo, dirs, tokens, instances, sideEffects, release, users;
const clients = [];

before(async () => {
  if (skip) return;
  work = mkdtempSync(join(tmpdir(), 'dp-team-'));
  sideEffects = join(work, 'side-effects.log');
  release = join(work, 'release');
  repo = platformRepo();
  const one = FILE_STORE ? checkout(repo, 'ab') : null;
  dirs = FILE_STORE ? { a: one, b: one } : { a: checkout(repo, 'a'), b: checkout(repo, 'b') };
  // Both instances read one tokens file (a team ships it to every instance, like the rest of their config).
  const tokensFile = join(work, 'deployment-tokens.json');
  users = Array.from({ length: CLIENTS }, (_, i) => `dev${String(i + 1).padStart(2, '0')}@example.com`);
  tokens = issueTokens(tokensFile, users);
  const store = FILE_STORE ? {} : freshStore(pg);
  const common = { ...store,
    // Renewed every second, dead after 5: a takeover within seconds instead of the server default of a minute.
    DEPLOY_PIPELINE_LEASE_HEARTBEAT: '1s', DEPLOY_PIPELINE_LEASE_EXPIRY: '5s',
    TEAM_SIDE_EFFECTS: sideEffects, TEAM_RELEASE: release, TEAM_HOLD_SERVICE: 'svc-kill', TEAM_HOLD_STAGE: 'building' };
  // Two hosts in a real team; here two names on one machine, so only the heartbeat (not the pid) tells liveness.
  instances = {};
  [instances.a, instances.b] = await Promise.all(['a', 'b'].map((n) => serveInstance(dirs[n],
    { ...common, DEPLOY_PIPELINE_HOST: `team-${n}`, TEAM_INSTANCE: n }, { tokensFile, name: n })));
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  if (instances) await Promise.all(Object.values(instances).map((i) => i.stop()));
  // DP_TEAM_KEEP=1 keeps the run's files (side effects, both servers' stderr) for a look after a failure.
  if (process.env.DP_TEAM_KEEP && work) {
    for (const i of Object.values(instances ?? {})) writeFileSync(join(work, `${i.name}.stderr`), i.stderr());
    console.log(`kept ${work} (and the checkouts ${Object.values(dirs ?? {}).join(' ')})`);
    pg?.stop();
    return;
  }
  for (const d of new Set([work, repo, ...(dirs ? Object.values(dirs) : [])])) if (d) rmSync(d, { recursive: true, force: true });
  pg?.stop();
});

async function connect(instance, user) {
  const c = await mcpClient(instance.origin, tokens[user], { name: user, onElicit: approveAll(user) });
  clients.push(c);
  return c;
}

test('20 MCP clients over HTTP on two instances and one PostgreSQL: one winner per service, no lost update, '
  + 'no duplicate stage run', { skip, timeout: 600000 }, async () => {
  // Engineer i works on svc-(i mod 10) through instance a (i < 10) or b: every service has one engineer on each
  // instance, and the two race for it each round.
  const conns = await Promise.all(users.map((u, i) => connect(i < SERVICES ? instances.a : instances.b, u)));
  const { tools } = await conns[0].client.listTools();
  assert.ok(tools.some((t) => t.name === 'deploy_start'), 'the HTTP endpoint serves the deployment tools');

  const t0 = Date.now();
  const race = await raceRounds(conns, users, { services: SERVICES, rounds: ROUNDS });
  const seconds = (Date.now() - t0) / 1000;
  assert.deepEqual(race.problems, []);
  assert.equal(race.won.length, SERVICES * ROUNDS);
  // Exactly one winner per service and round; the other start is refused, saying why and by which deployment.
  for (const s of race.starts) {
    assert.equal(s.winners, 1, JSON.stringify(s));
    assert.match(s.refusals[0], new RegExp(`${s.service}'? already has an active deployment d-\\d+`), s.refusals[0]);
  }

  const v = await verifyRun(instances.b, race.won, sideEffects);
  console.log(`${race.won.length} deployments of ${SERVICES} services by ${CLIENTS} clients on 2 instances in `
    + `${seconds.toFixed(1)} s; ${race.starts.length} concurrent starts refused; stage runs ${v.stageRuns} `
    + `(${JSON.stringify(v.stageRunsByInstance)})`);
  assert.equal(v.chainValid, true, 'the audit hash chain verifies from the database');
  assert.deepEqual(v.lostUpdates, [], 'every trail is one unbroken path pending -> completed');
  assert.deepEqual(v.overlaps, [], 'one active deployment per service at a time');
  assert.deepEqual(v.wrongActors, [], 'the token\'s user is the actor of start and approval');
  assert.deepEqual(v.duplicateStageRuns, []);
  assert.deepEqual(v.missingStageRuns, []);
  assert.equal(v.stageRuns, race.won.length * STAGES.length);
  assert.ok(Object.keys(v.stageRunsByInstance).length === 2, 'both instances drove stages');
});

test('kill -9 of one instance mid-stage: the other takes the deployment over through its lease and drives it on',
  { skip, timeout: 300000 }, async () => {
    const starter = await connect(instances.a, users[0]);
    const watcher = await connect(instances.b, users[1]);
    const k = await killMidStage({ starter, watcher, victim: instances.a, service: 'svc-kill', stage: 'building',
      sideEffects, release });
    assert.equal(k.exit.signal, 'SIGKILL');
    assert.equal(k.before.state, 'building');
    assert.equal(k.before.driver, `team-a:${instances.a.pid}`);
    console.log(`instance a killed mid-build; b took ${k.id} over ${k.takeoverMs} ms later (lease expiry 5 s): `
      + `${k.after.state}, driver ${k.after.driver ?? '(none: at the gate)'}`);
    assert.ok(k.takeoverMs < 30000, `taken over in ${k.takeoverMs} ms`);
    const id = k.id;
    await until(async () => (await tool(watcher, 'deploy_status', { deploymentId: id })).data.state
      === 'awaiting-approval', `${id} at the gate`, 60000, 100);
    const approved = await tool(watcher, 'deploy_approve', { deploymentId: id, decision: 'approve' });
    assert.ok(approved.ok, approved.text);
    await until(async () => (await tool(watcher, 'deploy_status', { deploymentId: id })).data.state === 'completed',
      `${id} completed`, 60000, 100);

    const { entries, chain } = await restAudit(instances.b, id);
    assert.equal(chain.valid, true, JSON.stringify(chain));
    const resumed = entries.filter((e) => e.event === 'RESUMED');
    assert.equal(resumed.length, 1, `one RESUMED line: ${entries.map((e) => e.event)}`);
    assert.equal(resumed[0].details.previousDriver, `team-a:${instances.a.pid}`);
    assert.equal(resumed[0].details.state, 'building');

    // The build a started never ended; b ran it again once (it is idempotent); nothing else ran twice.
    const runs = stageRuns(sideEffects).filter((r) => r.id === id);
    assert.deepEqual(runs.filter((r) => r.stage === 'building').map((r) => `${r.phase} ${r.instance}`),
      ['begin a', 'begin b', 'end b']);
    for (const stage of STAGES.filter((s) => s !== 'building')) {
      assert.equal(runs.filter((r) => r.stage === stage && r.phase === 'end').length, 1, `${stage} ran once`);
    }
    assert.deepEqual(runs.filter((r) => r.stage === 'validating').map((r) => r.instance), ['a', 'a']);
    assert.ok(runs.filter((r) => r.stage.startsWith('deploying')).every((r) => r.instance === 'b'));
  });
