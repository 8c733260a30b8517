// Feature flags through the official MCP TypeScript client and the real jar, against a real Unleash 8.2.0 on a real
// PostgreSQL (scripts/unleash.sh start; scripts/test.sh starts it around the tests). flags_set changes the real
// server; turning a flag on in prod without a verified human is refused and leaves it off; flags_list and
// deploy_status show the state per environment; the admin token is in no output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { call, cleanup, connect, git, helloProject, ROOT } from './harness.mjs';

const ENV_FILE = join(ROOT, '.cache', 'unleash-run', 'unleash.env');
const server = existsSync(ENV_FILE) ? Object.fromEntries(readFileSync(ENV_FILE, 'utf8').trim().split('\n')
  .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])) : null;
const missing = server ? null : 'no Unleash is running: run `bash scripts/unleash.sh start` (PostgreSQL 15 and npm)';
if (missing && process.env.CI === 'true') throw new Error(`${missing} (CI=true: scripts/test.sh must start it)`);
const skip = missing ? `skipped: ${missing}` : false;

let dir, conn, flag;

async function unleash(method, path, body) {
  const res = await fetch(`${server.UNLEASH_TEST_URL}${path}`, { method,
    headers: { Authorization: server.UNLEASH_TEST_ADMIN_TOKEN, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  assert.ok(res.ok, `${method} ${path}: HTTP ${res.status}`);
  return res.json();
}

async function production(name) {
  return unleash('GET', `/api/admin/projects/default/features/${name}/environments/production`);
}

before(async () => {
  if (skip) return;
  flag = `e2e-${randomUUID().slice(0, 8)}`;
  await unleash('POST', '/api/admin/projects/default/features', { name: flag, type: 'release' });
  dir = helloProject();
  const cfgPath = join(dir, '.claude', 'deployment-config.json');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
  cfg.flags = { provider: 'unleash', url: server.UNLEASH_TEST_URL,
    environments: { dev: 'development', prod: 'production' } };
  writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));
  git(dir, 'commit', '-q', '-am', 'flags');
  conn = await connect(dir, { UNLEASH_ADMIN_TOKEN: server.UNLEASH_TEST_ADMIN_TOKEN });
});

after(async () => {
  await conn?.client.close();
  if (dir) cleanup(dir);
});

test('flags_list is read-only and flags_set is not', { skip }, () => {
  const list = conn.tools.find((t) => t.name === 'flags_list');
  const set = conn.tools.find((t) => t.name === 'flags_set');
  assert.equal(list.annotations.readOnlyHint, true);
  assert.equal(set.annotations.readOnlyHint, false);
  assert.deepEqual(set.inputSchema.properties.action.enum, ['enable', 'disable', 'rollout']);
});

test('flags_set ramps a flag in dev on the real server and flags_list shows it', { skip }, async () => {
  const r = await call(conn, 'flags_set', { flag, environment: 'dev', action: 'rollout', percent: 20 });
  assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
  const dev = r.structuredContent.environments.find((e) => e.environment === 'dev');
  assert.deepEqual([dev.enabled, dev.rolloutPercent, dev.unleashEnvironment], [true, 20, 'development']);

  const real = await unleash('GET', `/api/admin/projects/default/features/${flag}/environments/development`);
  assert.equal(real.enabled, true);
  assert.equal(real.strategies.find((s) => s.name === 'flexibleRollout').parameters.rollout, '20');

  const l = await call(conn, 'flags_list', {});
  const mine = l.structuredContent.flags.find((f) => f.name === flag);
  assert.ok(mine, 'the new flag is listed');
  assert.equal(mine.environments.find((e) => e.environment === 'prod').enabled, false);
});

test('turning a flag on in prod over MCP is refused, says how a human does it, and leaves it off', { skip }, async () => {
  const r = await call(conn, 'flags_set', { flag, environment: 'prod', action: 'enable' });
  assert.equal(r.isError, true);
  assert.match(r.structuredContent.error, /needs a verified human/);
  assert.match(r.structuredContent.nextStep, new RegExp(`deployment-pipeline flags enable ${flag} --env prod`));
  assert.equal((await production(flag)).enabled, false);

  const off = await call(conn, 'flags_set', { flag, environment: 'prod', action: 'disable' });
  assert.equal(off.isError, false, 'turning a flag off never waits for anyone');
});

test('an unknown flag is an error naming it; deploy_status shows flag state; the token is in no output', { skip }, async () => {
  const r = await call(conn, 'flags_set', { flag: 'no-such-flag-e2e', environment: 'dev', action: 'enable' });
  assert.equal(r.isError, true);
  assert.match(r.structuredContent.error, /flag 'no-such-flag-e2e' does not exist in Unleash project 'default'/);

  const s = await call(conn, 'deploy_status', {});
  const mine = s.structuredContent.flags.flags.find((f) => f.name === flag);
  assert.equal(mine.environments.find((e) => e.environment === 'dev').rolloutPercent, 20);

  const all = JSON.stringify(r) + JSON.stringify(s) + conn.stderr();
  assert.ok(!all.includes(server.UNLEASH_TEST_ADMIN_TOKEN), 'the admin token leaked into output');
});
