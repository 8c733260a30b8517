// deploy_setup and deploy_generate through the official client against the real jar, with the real validators:
// setup reads the project's Dockerfile and systemd unit, its config passes deploy_validate's config check at once,
// generate writes files that docker-compose, caddy and systemd-analyze accept when run here independently, a second
// run changes no byte, a hand edit is kept until force, and a broken input names the file and the tool.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, connect, JAR } from './harness.mjs';

const has = (tool) => { try { execFileSync('sh', ['-c', `command -v ${tool}`]); return true; } catch { return false; } };
const missing = ['docker-compose', 'caddy', 'systemd-analyze'].filter((t) => !has(t));
if (missing.length && process.env.CI === 'true') {
  throw new Error(`${missing.join(', ')} not installed: .ci/run must install docker-compose, caddy and systemd`);
}
const skip = missing.length ? `skipped: install ${missing.join(', ')} (apt-get) to run this test` : false;

const dir = mkdtempSync(join(tmpdir(), 'dp-setup-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nEXPOSE 8080\n');
writeFileSync(join(dir, 'pom.xml'), '<project/>\n');
mkdirSync(join(dir, 'systemd'));
writeFileSync(join(dir, 'systemd/reports.service'), '[Service]\nExecStart=/bin/sleep infinity\nUser=reports\n');
const FILES = ['docker-compose.yml', 'Caddyfile', 'deploy/systemd/shop-compose.service', 'deploy/systemd/shop-reports.service'];
const read = (f) => readFileSync(join(dir, f), 'utf8');

test('setup, then generate with the real validators, idempotent, edits kept until force', { skip }, async () => {
  const conn = await connect(dir);
  try {
    const dry = await call(conn, 'deploy_setup', { service: 'shop', dryRun: true });
    assert.equal(dry.isError, false, JSON.stringify(dry.structuredContent));
    assert.equal(dry.structuredContent.written, false);
    assert.equal(existsSync(join(dir, '.claude')), false);

    const setup = await call(conn, 'deploy_setup', { service: 'shop' });
    assert.equal(setup.structuredContent.outcome, 'written');
    assert.deepEqual(Object.keys(setup.structuredContent.hosting.services), ['web', 'reports']);
    assert.deepEqual(setup.structuredContent.hosting.services.reports,
      { native: { exec: '/bin/sleep infinity', user: 'reports' } });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    execFileSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'add', '-A'], { cwd: dir });
    execFileSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'commit', '-qm', 'setup'], { cwd: dir });
    const v = await call(conn, 'deploy_validate', { service: 'shop', environment: 'dev' });
    assert.equal(v.structuredContent.checks.find((c) => c.check === 'config').ok, true, JSON.stringify(v.structuredContent));

    const gen = await call(conn, 'deploy_generate', {});
    assert.equal(gen.isError, false, JSON.stringify(gen.structuredContent));
    assert.deepEqual(gen.structuredContent.files.map((f) => [f.path, f.action]), FILES.map((f) => [f, 'created']));
    // The same files pass the real tools when run here, outside the server.
    execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: dir });
    execFileSync('caddy', ['validate', '--adapter', 'caddyfile', '--config', 'Caddyfile'], { cwd: dir, stdio: 'pipe' });
    for (const unit of FILES.slice(2)) {
      const out = execFileSync('systemd-analyze', ['verify', unit], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      assert.equal(out.toString(), '');
    }
    assert.match(read('Caddyfile'), /www\.shop\.localhost \{\n\tbind 127\.0\.0\.1 \[::1\]\n\treverse_proxy 127\.0\.0\.1:8080/);
    assert.match(read('deploy/systemd/shop-reports.service'), /ExecStart=\/bin\/sleep infinity\nUser=reports\n/);

    const before = FILES.map(read);
    const again = await call(conn, 'deploy_generate', {});
    assert.deepEqual(again.structuredContent.files.map((f) => f.action), FILES.map(() => 'unchanged'));
    assert.deepEqual(FILES.map(read), before);

    writeFileSync(join(dir, 'Caddyfile'), read('Caddyfile').replace('fail_duration 30s', 'fail_duration 60s'));
    const kept = await call(conn, 'deploy_generate', {});
    const caddy = kept.structuredContent.files.find((f) => f.path === 'Caddyfile');
    assert.equal(caddy.action, 'kept_edited');
    assert.match(caddy.diff, /-\t\tfail_duration 60s\n\+\t\tfail_duration 30s/);
    assert.match(read('Caddyfile'), /fail_duration 60s/);
    const forced = await call(conn, 'deploy_generate', { force: true });
    assert.equal(forced.structuredContent.files.find((f) => f.path === 'Caddyfile').action, 'replaced');
    assert.equal(read('Caddyfile'), before[1]);
  } finally {
    await conn.client.close();
  }
});

test('a native service whose program is missing fails systemd-analyze, names the file, and writes nothing', { skip }, async () => {
  const config = join(dir, '.claude/deployment-config.json');
  writeFileSync(config, read('.claude/deployment-config.json').replace('/bin/sleep infinity', '/opt/nowhere/reports'));
  rmSync(join(dir, 'deploy'), { recursive: true, force: true });
  const conn = await connect(dir);
  try {
    const r = await call(conn, 'deploy_generate', {});
    assert.equal(r.isError, true);
    const p = r.structuredContent.problems;
    assert.equal(p.length, 1, JSON.stringify(p));
    assert.equal(p[0].file, 'deploy/systemd/shop-reports.service');
    assert.equal(p[0].tool, 'systemd-analyze verify');
    assert.match(p[0].message, /\/opt\/nowhere\/reports/);
    assert.match(r.structuredContent.nextStep, /nothing was written/);
    assert.equal(existsSync(join(dir, 'deploy')), false);
  } finally {
    await conn.client.close();
  }
});

test('at a real terminal setup asks for the service and the domain, shows the plan, and writes only on yes',
  { skip: skip || (has('script') ? false : 'skipped: install util-linux (script) to run this test'), timeout: 120000 }, () => {
    const wizard = mkdtempSync(join(tmpdir(), 'dp-wizard-'));
    try {
      writeFileSync(join(wizard, 'Dockerfile'), 'FROM scratch\nEXPOSE 3000\n');
      const inPty = (typed) => spawnSync('script', ['-qec', `java -jar '${JAR}' setup --project '${wizard}'`, '/dev/null'],
        { encoding: 'utf8', input: typed, env: { PATH: process.env.PATH, HOME: process.env.HOME,
          ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) } });
      let r = inPty('blog\nblog.example.com\nn\n');
      assert.equal(r.status, 2, r.stdout);
      assert.match(r.stdout, /Service name \[dp-wizard-[^\]]*\]: /);
      assert.match(r.stdout, /Domain \(sites are <subdomain>\.<domain>\) \[blog\.localhost\]: /);
      assert.match(r.stdout, /web: image blog, port 3000, site www\.blog\.example\.com/);
      assert.match(r.stdout, /error: nothing written/);
      assert.equal(existsSync(join(wizard, '.claude')), false);

      r = inPty('blog\nblog.example.com\ny\n');
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /wrote .*deployment-config\.json/);
      const config = JSON.parse(readFileSync(join(wizard, '.claude/deployment-config.json'), 'utf8'));
      assert.equal(config.service, 'blog');
      assert.equal(config.hosting.domain, 'blog.example.com');
      assert.deepEqual(config.hosting.services.web, { image: 'blog', port: 3000, subdomain: 'www' });
    } finally {
      rmSync(wizard, { recursive: true, force: true });
    }
  });
