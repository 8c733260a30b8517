// host_check and rollback_plan through the official MCP TypeScript client against the real jar: the host pre-flight
// finds a port this test holds and a Caddy admin API nobody answers on, each with its fix; the rollback plan of a
// real history (two deployments of hello-service) goes back to the older release, names the migration added in
// between, gives a script bash accepts, is refused in prod without a verified human and runs in staging.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, cleanup, connect, freePort, git, helloProject, ports, ROOT, JAR } from './harness.mjs';

let hostDir, hello, env, holder, heldPort;

/** DOCKER_HOST of the private daemon scripts/dockerd.sh runs, when it runs. */
function dockerHost() {
  if (process.env.DOCKER_HOST) return process.env.DOCKER_HOST;
  const f = join(ROOT, '.cache', 'dockerd-run', 'dockerd.env');
  if (!existsSync(f)) return null;
  const line = readFileSync(f, 'utf8').split('\n').find((l) => l.startsWith('DOCKER_HOST='));
  return line ? line.slice('DOCKER_HOST='.length) : null;
}

function cli(args, dir) {
  const r = spawnSync('java', ['-jar', JAR, ...args, '--project', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'e2e@example.com', ...env,
      ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  holder = createServer();
  await new Promise((res) => holder.listen(0, '127.0.0.1', res));
  heldPort = holder.address().port;
  hostDir = mkdtempSync(join(tmpdir(), 'dp-check-'));
  mkdirSync(join(hostDir, '.claude'));
  const deadAdmin = await freePort();
  writeFileSync(join(hostDir, '.claude', 'deployment-config.json'), JSON.stringify({
    service: 'shop',
    hosting: { project: 'shop', caddy: { admin: `127.0.0.1:${deadAdmin}` },
      services: { web: { image: 'shop-web', port: heldPort, subdomain: 'www' }, api: { native: { exec: '/bin/true' } } } },
  }));
  writeFileSync(join(hostDir, 'docker-compose.yml'),
    `services:\n  web:\n    image: shop-web:\${TAG:-1}\n    ports: ["127.0.0.1:${heldPort}:8080"]\n`);
  env = await ports();
  hello = helloProject();
});

after(() => {
  holder.close();
  rmSync(hostDir, { recursive: true, force: true });
  cleanup(hello);
});

test('host_check: a held port and a silent Caddy admin API fail with their fixes; systemd is said honestly',
  { timeout: 120000 }, async () => {
    const docker = dockerHost();
    const conn = await connect(hostDir, docker ? { DOCKER_HOST: docker } : {});
    try {
      const t = conn.tools.find((x) => x.name === 'host_check');
      assert.equal(t.annotations.readOnlyHint, true);
      const r = await call(conn, 'host_check', { minFreeDiskMb: 1, minFreeDiskPercent: 1, minAvailableMemoryMb: 1 });
      assert.equal(r.isError, false);
      const s = r.structuredContent;
      const check = (name) => s.checks.find((c) => c.check === name);
      assert.equal(s.ready, false, JSON.stringify(s.checks, null, 1));
      const port = check(`port 127.0.0.1:${heldPort}/tcp`);
      assert.equal(port.status, 'fail');
      assert.match(port.fix, new RegExp(`ss -lntup 'sport = :${heldPort}'`));
      assert.equal(check(`port ${heldPort}/tcp`).status, 'fail', 'hosting.services.web.port is the same port');
      assert.equal(check('caddy-admin').status, 'fail');
      assert.match(check('caddy-admin').fix, /start Caddy/);
      assert.equal(check('disk-project').status, 'ok');
      const pid1 = readFileSync('/proc/1/comm', 'utf8').trim();
      if (pid1 === 'systemd') assert.ok(check('systemd shop-api.service'), JSON.stringify(s.checks));
      else assert.match(check('systemd').detail, new RegExp(`PID 1 is '${pid1}', not systemd`));
      if (docker) assert.equal(check('docker').status, 'ok', JSON.stringify(check('docker')));
      else assert.match(check('docker').fix, /DOCKER_HOST/);

      const running = await call(conn, 'host_check', { running: true, minFreeDiskMb: 1, minFreeDiskPercent: 1,
        minAvailableMemoryMb: 1 });
      assert.equal(running.structuredContent.checks.find((c) => c.check === `port 127.0.0.1:${heldPort}/tcp`).status, 'ok');

      const bad = await conn.client.callTool({ name: 'host_check', arguments: { minFreeDiskPercent: 100 } });
      assert.equal(bad.isError, true);
    } finally {
      await conn.client.close();
    }
  });

test('rollback_plan: back to the older release, the migration in between named, refused in prod, run in staging',
  { timeout: 300000 }, async () => {
    assert.equal(cli(['deploy', 'start', 'hello-service', '--quiet'], hello).code, 0);
    assert.equal(cli(['deploy', 'reject', 'd-1', '-m', 'next one'], hello).code, 0);
    mkdirSync(join(hello, 'db', 'migrate'), { recursive: true });
    writeFileSync(join(hello, 'db', 'migrate', '002_add_greeting.sql'), 'alter table t add column g text;\n');
    git(hello, 'add', '-A');
    git(hello, 'commit', '-q', '-m', 'hello v2 with a migration');
    const started = cli(['deploy', 'start', 'hello-service', '--quiet'], hello);
    assert.equal(started.code, 0, started.err);

    const conn = await connect(hello, env);
    try {
      const r = await call(conn, 'rollback_plan', { environment: 'staging' });
      assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
      const plan = r.structuredContent;
      assert.equal(plan.possible, true);
      assert.equal(plan.from.deploymentId, 'd-2');
      assert.equal(plan.to.deploymentId, 'd-1');
      const migration = plan.irreversible.find((i) => i.kind === 'migration');
      assert.match(migration.detail, /1 migration file\(s\) in db\/migrate\/ changed since .*002_add_greeting\.sql/);
      // The config's ${VAR:-default} stays as written: bash expands it when the script runs, the plan never does.
      assert.ok(plan.verify.some((v) => v.includes('127.0.0.1:${HELLO_STAGING_PORT:-18082}/health')), plan.verify.join('\n'));
      assert.match(plan.script, /url="http:\/\/127\.0\.0\.1:\$\{HELLO_STAGING_PORT:-18082\}\/health"/);
      assert.match(plan.markdown, /^# Rollback plan: hello-service in staging/);
      const script = join(hello, 'plan.sh');
      writeFileSync(script, plan.script);
      const syntax = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
      assert.equal(syntax.status, 0, syntax.stderr);

      const prod = await call(conn, 'rollback_plan', { environment: 'prod' });
      assert.equal(prod.structuredContent.possible, false);
      assert.match(prod.structuredContent.reason, /no deployment reached prod yet/);

      const noReason = await call(conn, 'rollback_plan', { environment: 'staging', execute: true });
      assert.equal(noReason.isError, true);
      assert.match(noReason.structuredContent.error, /reason: is required with execute/);

      const done = await call(conn, 'rollback_plan', { environment: 'staging', execute: true, reason: 'e2e: v2 is bad' });
      assert.equal(done.isError, false, JSON.stringify(done.structuredContent));
      assert.equal(done.structuredContent.executed, true);
      assert.equal(done.structuredContent.deployment.deploymentId, 'd-2');
      const audit = JSON.parse(cli(['deploy', 'audit', 'd-2', '--json'], hello).out).entries;
      assert.ok(audit.some((e) => JSON.stringify(e.details ?? {}).includes('rollback-plan: e2e: v2 is bad')),
        JSON.stringify(audit));
    } finally {
      await conn.client.close();
    }
  });
