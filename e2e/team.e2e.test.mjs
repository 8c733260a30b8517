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
import { CI, checkout, freshDatabase, issueTokens, mcpClient, platformRepo, postgres, serveInstance, stageRuns,
  tool, until } from './team.mjs';

const SERVICES = 10;
const CLIENTS = 20;
const ROUNDS = Number(process.env.DP_TEAM_ROUNDS ?? 2);
const STAGES = ['validating', 'building', 'testing', 'deploying-dev', 'deploying-staging', 'deploying-prod'];
const PIPELINE = ['pending', ...STAGES.slice(0, 5), 'awaiting-approval', 'deploying-prod', 'completed'];

let pg;
let skip = false;
try {
  pg = postgres();
} catch (e) {
  if (CI) throw e;
  skip = `no PostgreSQL: ${e.message.split('\n')[0]}; skipped locally`;
}
if (!pg && !skip) {
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
  dirs = { a: checkout(repo, 'a'), b: checkout(repo, 'b') };
  // Both instances read one tokens file (a team ships it to every instance, like any other config).
  const tokensFile = join(work, 'deployment-tokens.json');
  users = Array.from({ length: CLIENTS }, (_, i) => `dev${String(i + 1).padStart(2, '0')}@example.com`);
  tokens = issueTokens(tokensFile, users);
  const url = freshDatabase(pg);
  const common = { DEPLOY_PIPELINE_STORE_URL: url, DEPLOY_PIPELINE_STORE_USER: pg.user,
    DEPLOY_PIPELINE_STORE_PASSWORD: pg.password,
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
  for (const d of [work, repo, ...(dirs ? Object.values(dirs) : [])]) if (d) rmSync(d, { recursive: true, force: true });
  pg?.stop();
});

/** Every engineer approves what the gate's form shows them, commenting with their name. */
const approveAll = (user) => async () => ({ action: 'accept', content: { decision: 'approve', comment: `ok from ${user}` } });

async function connect(instance, user) {
  const c = await mcpClient(instance.origin, tokens[user], { name: user, onElicit: approveAll(user) });
  clients.push(c);
  return c;
}

/** The REST API as an operator reads it: one deployment's audit entries and the whole chain's verification. */
async function audit(instance, id) {
  const r = await fetch(`${instance.origin}/api/v1/deployments/${id}/audit`,
    { headers: { Authorization: `Bearer ${instance.adminToken}` } });
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

const stateOf = async (conn, id) => (await tool(conn, 'deploy_status', { deploymentId: id })).data.state;

test('20 MCP clients over HTTP on two instances and one PostgreSQL: one winner per service, no lost update, '
  + 'no duplicate stage run', { skip, timeout: 600000 }, async () => {
  // Client i works on service svc-(i mod 10) through instance a (i < 10) or b: every service has one engineer on
  // each instance, and the two race for it each round.
  const conns = await Promise.all(users.map((u, i) => connect(i < SERVICES ? instances.a : instances.b, u)));
  const { tools } = await conns[0].client.listTools();
  assert.ok(tools.some((t) => t.name === 'deploy_start'), 'the HTTP endpoint serves the same tools as stdio');

  const won = [];
  const refusals = [];
  const t0 = Date.now();
  await Promise.all(Array.from({ length: SERVICES }, async (_, s) => {
    const service = `svc-${s}`;
    const pair = [s, s + SERVICES];
    for (let round = 0; round < ROUNDS; round++) {
      const starts = await Promise.all(pair.map((i) => tool(conns[i], 'deploy_start', { service, branch: 'main' })));
      const winners = pair.filter((_, k) => starts[k].ok);
      assert.equal(winners.length, 1, `${service} round ${round}: exactly one start wins, got ${starts.map((x) => x.text)}`);
      const w = winners[0];
      const other = pair.find((i) => i !== w);
      const refused = starts[pair.indexOf(other)];
      assert.match(refused.text, new RegExp(`${service} already has an active deployment`), refused.text);
      refusals.push(refused.text);
      const id = starts[pair.indexOf(w)].data.deploymentId;
      won.push({ id, service, starter: users[w], approver: users[other], round });

      // Both engineers follow it (each through their own instance) while it runs to the gate.
      await until(async () => {
        const [x, y] = await Promise.all([stateOf(conns[w], id), stateOf(conns[other], id)]);
        assert.notEqual(x, 'failed', `${id} failed`);
        return x === 'awaiting-approval' && y === 'awaiting-approval';
      }, `${id} at the gate`, 120000, 150);
      await tool(conns[other], 'deploy_history', { service, limit: 5 });
      // The other engineer approves in their own session: the gate's form goes to them, over their connection.
      const before = conns[other].elicitations.length;
      const approved = await tool(conns[other], 'deploy_approve', { deploymentId: id, decision: 'approve' });
      assert.ok(approved.ok, approved.text);
      assert.equal(conns[other].elicitations.length, before + 1, 'the approver was asked in their session');
      await until(async () => (await stateOf(conns[w], id)) === 'completed', `${id} completed`, 120000, 150);
    }
  }));
  const seconds = (Date.now() - t0) / 1000;
  console.log(`${won.length} deployments of ${SERVICES} services by ${CLIENTS} clients on 2 instances in ${seconds.toFixed(1)} s; `
    + `${refusals.length} concurrent starts refused`);
  assert.equal(won.length, SERVICES * ROUNDS);

  // 0 lost updates: the chain verifies from the database, and each deployment's audit trail is one unbroken path
  // from pending to completed, every transition's "from" the previous one's "to".
  const byService = {};
  for (const d of won) {
    const { entries, chain } = await audit(instances.b, d.id);
    assert.equal(chain.valid, true, JSON.stringify(chain));
    const moves = entries.filter((e) => e.to);
    assert.deepEqual(moves.map((e) => e.to), PIPELINE,
      `${d.id}: ${moves.map((e) => `${e.event}:${e.from}->${e.to}`).join(' ')}`);
    moves.slice(1).forEach((e, k) => assert.equal(e.from, moves[k].to, `${d.id}: ${e.event} from ${e.from}`));
    assert.equal(moves[0].actor, d.starter, 'the token\'s user is the actor who started it');
    const decision = entries.find((e) => e.event === 'APPROVED');
    assert.ok(decision, `${d.id}: an APPROVED line`);
    assert.equal(decision.actor, d.approver, 'the approving token\'s user is the actor of the approval');
    (byService[d.service] ??= []).push({ id: d.id, from: Date.parse(moves[0].at), to: Date.parse(moves.at(-1).at) });
  }
  // Exactly one active deployment per service at a time: its deployments' lifetimes never overlap.
  for (const [service, list] of Object.entries(byService)) {
    list.sort((x, y) => x.from - y.from);
    list.slice(1).forEach((d, k) => assert.ok(d.from >= list[k].to, `${service}: ${d.id} began before ${list[k].id} ended`));
  }

  // 0 duplicate stage runs: every stage of every deployment began once and ended once.
  const runs = stageRuns(sideEffects).filter((r) => r.service !== 'svc-kill');
  for (const d of won) {
    for (const stage of STAGES) {
      const mine = runs.filter((r) => r.id === d.id && r.stage === stage);
      assert.deepEqual(mine.map((r) => r.phase).sort(), ['begin', 'end'], `${d.id} ${stage}: ${JSON.stringify(mine)}`);
    }
  }
  assert.equal(runs.length, won.length * STAGES.length * 2, 'no stage ran for anything else');
  const ends = (n) => runs.filter((r) => r.phase === 'end' && r.instance === n).length;
  console.log(`stage runs: ${runs.length / 2} (instance a ${ends('a')}, b ${ends('b')}), `
    + 'each exactly once');
});

test('kill -9 of one instance mid-stage: the other takes the deployment over through its lease and drives it on',
  { skip, timeout: 300000 }, async () => {
    const starter = await connect(instances.a, users[0]);
    const watcher = await connect(instances.b, users[1]);
    const started = await tool(starter, 'deploy_start', { service: 'svc-kill', branch: 'main' });
    assert.ok(started.ok, started.text);
    const id = started.data.deploymentId;
    // The build stage of svc-kill waits for the release file: the instance dies with the stage under way.
    await until(() => stageRuns(sideEffects).some((r) => r.id === id && r.stage === 'building' && r.phase === 'begin'),
      `${id} building on a`, 60000, 50);
    const seen = await tool(watcher, 'deploy_status', { deploymentId: id });
    assert.equal(seen.data.state, 'building');
    assert.equal(seen.data.driver, `team-a:${instances.a.pid}`);

    const killedAt = Date.now();
    const exit = await instances.a.kill9();
    assert.equal(exit.signal, 'SIGKILL');
    writeFileSync(release, '');

    // b's recovery round finds the lease's heartbeat stale (5 s) and takes the deployment over.
    const driver = await until(async () => {
      const s = (await tool(watcher, 'deploy_status', { deploymentId: id })).data;
      return s.driver?.startsWith('team-b:') || s.state === 'awaiting-approval' ? s : null;
    }, `${id} taken over by b`, 60000, 100);
    const takeoverMs = Date.now() - killedAt;
    await until(async () => (await stateOf(watcher, id)) === 'awaiting-approval', `${id} at the gate`, 60000, 100);
    const approved = await tool(watcher, 'deploy_approve', { deploymentId: id, decision: 'approve' });
    assert.ok(approved.ok, approved.text);
    await until(async () => (await stateOf(watcher, id)) === 'completed', `${id} completed`, 60000, 100);
    console.log(`instance a killed mid-build; b took ${id} over within ${takeoverMs} ms (lease expiry 5 s), `
      + `driver then ${driver.driver ?? '(released at the gate)'}`);

    const { entries, chain } = await audit(instances.b, id);
    assert.equal(chain.valid, true, JSON.stringify(chain));
    const resumed = entries.find((e) => e.event === 'RESUMED');
    assert.ok(resumed, `a RESUMED line: ${entries.map((e) => e.event)}`);
    assert.equal(resumed.details.previousDriver, `team-a:${instances.a.pid}`);
    assert.equal(resumed.details.state, 'building');

    // The build that a started never ended; b ran it again once (it is idempotent); nothing else ran twice.
    const runs = stageRuns(sideEffects).filter((r) => r.id === id);
    const build = runs.filter((r) => r.stage === 'building').map((r) => `${r.phase} ${r.instance}`);
    assert.deepEqual(build, ['begin a', 'begin b', 'end b']);
    for (const stage of STAGES.filter((s) => s !== 'building')) {
      assert.equal(runs.filter((r) => r.stage === stage && r.phase === 'end').length, 1, `${stage} ran once`);
    }
    assert.deepEqual(runs.filter((r) => r.stage === 'validating').map((r) => r.instance), ['a', 'a']);
    assert.ok(runs.filter((r) => r.stage.startsWith('deploying')).every((r) => r.instance === 'b'));
  });
