// Environments managed end to end, through the official MCP TypeScript client and the CLI against the real jar:
// env_create adds qa after dev, env_list and env_show see it on the promotion path; deploy_validate reports that
// staging's url (a loopback server) and its router (a real caddy's admin API) answer, and that the router stops
// answering when caddy is stopped; an invalid create writes nothing and names the key path,
// env_delete removes qa but refuses prod with the terminal command; the CLI deletes prod with an SSH signature by a
// key in the allowed-signers file, and every change is in the audit trail.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, call, connect, freePort, git, signingHome, until } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dp-envcrud-'));
const { keys, policy } = signingHome('dp-envcrud-keys-');
const stops = [];
after(() => {
  for (const stop of stops) stop();
  if (process.env.DP_E2E_KEEP) return;
  rmSync(dir, { recursive: true, force: true });
  rmSync(keys, { recursive: true, force: true });
});

function need(tool, pkg) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0) return true;
  if (process.env.CI === 'true') throw new Error(`${tool} is not installed (.ci/run must apt-get install ${pkg})`);
  return false;
}

function cli(args, { input } = {}) {
  const r = spawnSync('java', [`-Duser.home=${keys}`, '-jar', JAR, ...args, '--project', dir], { input,
    encoding: 'utf8', timeout: 120000,
    env: { PATH: process.env.PATH, HOME: keys, DEPLOY_PIPELINE_USER: 'e2e@example.com', DEPLOY_PIPELINE_POLICY: policy } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A real caddy with only its admin API on a free loopback port; resolves once /config/ answers. */
async function caddy() {
  const admin = `127.0.0.1:${await freePort()}`;
  const cfg = join(dir, 'caddy.json');
  writeFileSync(cfg, JSON.stringify({ admin: { listen: admin } }));
  const proc = spawn('caddy', ['run', '--config', cfg], { stdio: 'ignore' });
  const stop = () => { try { proc.kill('SIGTERM'); } catch { /* gone */ } };
  stops.push(stop);
  await until(async () => (await fetch(`http://${admin}/config/`).catch(() => null))?.ok, 'caddy admin API', 20000);
  return { admin, stop: async () => { stop(); await new Promise((r) => proc.once('exit', r)); } };
}

test('environments are created, shown, checked for connectivity and deleted through MCP and the CLI', { timeout: 300000 }, async (t) => {
  if (!need('caddy', 'caddy') || !need('ssh-keygen', 'openssh-client')) {
    t.skip('caddy or ssh-keygen not installed (CI installs them)');
    return;
  }
  mkdirSync(join(dir, '.claude'));
  const site = createServer((req, res) => { res.writeHead(200); res.end('staging up'); });
  await new Promise((r) => site.listen(0, '127.0.0.1', r));
  stops.push(() => site.close());
  const url = `http://127.0.0.1:${site.address().port}/`;
  const proxy = await caddy();
  // staging has a url and attaches to the caddy just started; the rest deploy by command.
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), `${JSON.stringify({
    service: 'crud',
    stages: { validate: { command: 'true' }, build: { command: 'true' }, test: { command: 'true' } },
    environments: { dev: { deploy: { command: 'true' } },
      staging: { url, target: { type: 'process', command: 'node server.js' },
        router: { type: 'caddy', admin: proxy.admin } },
      prod: { deploy: { command: 'true' } } },
  }, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\ncaddy.json\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'three environments');

  const conn = await connect(dir, { HOME: keys });
  try {
    const names = conn.tools.map((x) => x.name);
    for (const n of ['env_list', 'env_show', 'env_create', 'env_delete']) assert.ok(names.includes(n), n);

    const config = join(dir, '.claude', 'deployment-config.json');
    const before = readFileSync(config, 'utf8');
    const bad = await call(conn, 'env_create', { environment: 'qa', type: 'development', after: 'dev',
      spec: { deploy: { comand: 'true' } } });
    assert.ok(bad.isError, JSON.stringify(bad));
    assert.match(bad.structuredContent.error, /environments\.qa\.deploy\.comand: unknown key/);
    assert.equal(readFileSync(config, 'utf8'), before, 'an invalid edit writes nothing');

    const created = await call(conn, 'env_create', { environment: 'qa', type: 'development', after: 'dev',
      url: 'http://127.0.0.1:9/qa', spec: { deploy: { command: 'true' }, variables: { TIER: 'qa' } } });
    assert.ok(!created.isError, JSON.stringify(created));
    assert.equal(created.structuredContent.step, 2);
    assert.deepEqual(created.structuredContent.variableNames, ['TIER']);

    const list = await call(conn, 'env_list', {});
    assert.deepEqual(list.structuredContent.environments.filter((e) => e.configured).map((e) => [e.environment, e.step]),
      [['dev', 1], ['qa', 2], ['staging', 3], ['prod', 4]]);
    const show = await call(conn, 'env_show', { environment: 'staging' });
    assert.equal(show.structuredContent.url, url);
    assert.equal(show.structuredContent.router, `caddy at ${proxy.admin}`);
    assert.deepEqual(show.structuredContent.config.router, { type: 'caddy', admin: proxy.admin });
    const qa = await call(conn, 'env_show', { environment: 'qa' });
    assert.deepEqual(qa.structuredContent.config, { type: 'development', url: 'http://127.0.0.1:9/qa',
      deploy: { command: 'true' }, variables: { TIER: 'qa' } });

    const checks = async () => Object.fromEntries((await call(conn, 'deploy_validate', { service: 'crud',
      environment: 'staging' })).structuredContent.checks.map((c) => [c.check, c]));
    const up = await checks();
    assert.equal(up.url.ok, true, JSON.stringify(up.url));
    assert.match(up.url.detail, /answers HTTP 200/);
    assert.equal(up.router.ok, true, JSON.stringify(up.router));
    await proxy.stop();
    const down = await checks();
    assert.equal(down.router.ok, false);
    assert.equal(down.router.blocking, true);
    assert.match(down.router.detail, /not reachable/);

    // A new environment is checked like any other: qa's url (nothing listens there) is an advisory failure.
    const qaChecks = (await call(conn, 'deploy_validate', { service: 'crud', environment: 'qa' })).structuredContent;
    const qaUrl = qaChecks.checks.find((c) => c.check === 'url');
    assert.deepEqual([qaUrl.ok, qaUrl.blocking], [false, false], JSON.stringify(qaUrl));
    assert.equal(qaChecks.ok, true, JSON.stringify(qaChecks));

    const refused = await call(conn, 'env_delete', { environment: 'prod' });
    assert.ok(refused.isError);
    assert.match(refused.structuredContent.error, /needs a verified human/);
    assert.match(refused.structuredContent.nextStep, /deployment-pipeline env delete prod/);
    const deleted = await call(conn, 'env_delete', { environment: 'qa' });
    assert.ok(!deleted.isError, JSON.stringify(deleted));
    assert.deepEqual(deleted.structuredContent.path, [['dev'], ['staging'], ['prod']]);
  } finally {
    await conn.client.close();
  }

  const preview = cli(['env', 'create', 'preview', '--type', 'development', '--from-json', '-', '--json'],
    { input: '{"deploy": {"command": "true"}, "variables": {"TIER": "preview"}}' });
  assert.equal(preview.status, 0, preview.stderr);
  assert.deepEqual(JSON.parse(preview.stdout).variableNames, ['TIER']);
  const noTerminal = cli(['env', 'delete', 'prod']);
  assert.equal(noTerminal.status, 2);
  assert.match(noTerminal.stderr, /needs a verified human/);

  const key = join(keys, 'lead');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lead', '-f', key]);
  const pub = readFileSync(`${key}.pub`, 'utf8').trim().split(' ');
  writeFileSync(join(keys, 'allowed_signers'), `lead@example.com ${pub[0]} ${pub[1]}\n`);
  const signed = cli(['env', 'delete', 'prod', '--sign', key, '--json']);
  assert.equal(signed.status, 0, signed.stderr);
  assert.equal(JSON.parse(signed.stdout).deletedBy, 'lead@example.com');
  const listed = JSON.parse(cli(['env', 'list', '--json']).stdout).environments.filter((e) => e.configured)
    .map((e) => e.environment);
  assert.deepEqual(listed, ['dev', 'staging', 'preview']);

  const audit = readFileSync(join(dir, '.claude', 'deployments', 'audit.jsonl'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l)).filter((e) => e.event.startsWith('ENVIRONMENT_'));
  assert.deepEqual(audit.map((e) => [e.event, e.details.environment]), [
    ['ENVIRONMENT_CREATED', 'qa'], ['ENVIRONMENT_CHANGE_REFUSED', 'prod'], ['ENVIRONMENT_DELETED', 'qa'],
    ['ENVIRONMENT_CREATED', 'preview'], ['ENVIRONMENT_CHANGE_REFUSED', 'prod'], ['ENVIRONMENT_DELETED', 'prod']]);
  assert.equal(audit.at(-1).details.verifiedBy, 'ssh-signature');
});
