// The Compose target end to end: the official MCP client drives the real jar, which deploys examples/self-hosted
// (web + worker, images built by the pipeline's build stage) onto a real private dockerd with the real
// docker-compose. v1, v2, a release whose healthcheck fails (rolled back to v2 automatically), a rollback to a
// named tag, and bad input that is refused while the running release keeps serving.
// Needs scripts/dockerd.sh start (scripts/test.sh runs it); skipped locally without it, a failure under CI=true.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, call, connect, freePort, git } from './harness.mjs';

const dockerEnvFile = join(ROOT, '.cache/dockerd-run/dockerd.env');
const hasCompose = ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose'].some((p) => existsSync(p));
const missing = !existsSync(dockerEnvFile) || !hasCompose;
if (missing && process.env.CI === 'true') {
  throw new Error('no private dockerd or docker-compose: scripts/test.sh runs scripts/dockerd.sh start before the e2e tests');
}
const skip = missing ? 'skipped: run bash scripts/dockerd.sh start (needs docker.io, docker-compose, busybox-static)' : false;

const docker = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const dockerEnv = missing ? {} : Object.fromEntries(readFileSync(dockerEnvFile, 'utf8').trim().split('\n')
  .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const project = `e2e-${process.pid}`;
let dir;
let conn;
let env;

function config(edit) {
  const path = join(dir, '.claude/deployment-config.json');
  const cfg = JSON.parse(readFileSync(path, 'utf8'));
  edit(cfg);
  writeFileSync(path, JSON.stringify(cfg, null, 2));
}

async function served() {
  const res = await fetch(`http://127.0.0.1:${env.WEB_PORT}/version`);
  return (await res.text()).trim();
}

async function deploy() {
  const r = await call(conn, 'deploy_start', { service: 'selfhosted', branch: 'main', wait: true }, { timeout: 600000 });
  assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
  return r.structuredContent;
}

function release(message, change) {
  change();
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').slice(0, 12);
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'dp-compose-'));
  cpSync(join(ROOT, 'examples/self-hosted'), dir, { recursive: true,
    filter: (src) => !/[/\\](\.deploy|deployments|\.env)$/.test(src) });
  writeFileSync(join(dir, '.env'), readFileSync(join(dir, '.env.example'), 'utf8'));
  config((cfg) => {
    cfg.environments.dev.target.project = project;
  });
  git(dir, 'init', '-q', '-b', 'main');
  env = { DOCKER_HOST: dockerEnv.DOCKER_HOST, BASE_IMAGE: dockerEnv.DP_TEST_IMAGE, WEB_PORT: String(await freePort()),
    DEPLOY_PIPELINE_USER: 'e2e@example.com' };
  conn = await connect(dir, env);
});

after(async () => {
  if (skip) return;
  await conn?.client.close();
  const ids = execFileSync(docker, ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`],
    { env: { ...process.env, DOCKER_HOST: env.DOCKER_HOST }, encoding: 'utf8' }).trim();
  if (ids) execFileSync(docker, ['rm', '-f', ...ids.split(/\s+/)], { env: { ...process.env, DOCKER_HOST: env.DOCKER_HOST } });
  rmSync(dir, { recursive: true, force: true });
});

const versions = {};

test('v1 then v2: each release is built, deployed at its tag and verified', { skip }, async () => {
  versions.v1 = release('v1', () => {});
  const d1 = await deploy();
  assert.equal(d1.state, 'completed', JSON.stringify(d1));
  assert.equal(await served(), versions.v1);
  const dev = d1.stages.find((s) => s.stage === 'deploying-dev');
  assert.equal(dev.executor, 'compose');

  versions.v2 = release('v2', () => writeFileSync(join(dir, 'web/www/index.html'), '<h1>v2</h1>\n'));
  const d2 = await deploy();
  assert.equal(d2.state, 'completed', JSON.stringify(d2));
  assert.equal(await served(), versions.v2);
});

test('a release whose healthcheck fails is rolled back to the previous tag automatically', { skip }, async () => {
  versions.v3 = release('v3 forgets /health', () => rmSync(join(dir, 'web/www/health')));
  const d3 = await deploy();
  assert.equal(d3.state, 'rolled-back', JSON.stringify(d3));
  assert.match(d3.rollbackReason, /service web .* is unhealthy/);
  assert.match(d3.rollbackReason, new RegExp(`rolled back to ${versions.v2}`));
  assert.equal(await served(), versions.v2);
});

test('deploy_rollback to a named tag', { skip }, async () => {
  const r = await call(conn, 'deploy_rollback', { environment: 'dev', toVersion: versions.v1, reason: 'e2e: back to v1' },
    { timeout: 600000 });
  assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
  assert.equal(r.structuredContent.state, 'rolled-back');
  assert.equal(await served(), versions.v1);
});

test('bad input is refused with a clear error and the running release keeps serving', { skip }, async () => {
  // The example's validate stage runs docker-compose config too and would stop a broken file first; here the
  // target's own checks are under test, so validate only checks the shell scripts.
  config((c) => { c.stages.validate.command = 'sh -n worker/worker.sh'; });
  const compose = readFileSync(join(dir, 'docker-compose.yml'), 'utf8');
  const cfgText = readFileSync(join(dir, '.claude/deployment-config.json'), 'utf8');
  const stranger = createServer();
  await new Promise((res) => stranger.listen(0, '127.0.0.1', res));
  const cases = [
    ['an unknown service', () => config((c) => { c.environments.dev.target.services = ['web', 'wroker']; }),
      /target\.services: 'wroker' is not a service of docker-compose\.yml; did you mean 'worker'\?/],
    ['a broken Compose file', () => writeFileSync(join(dir, 'docker-compose.yml'),
      compose.replace('    init: true\n', '    init: true\n    imagee: x\n')),
    /docker-compose\.yml is not a valid Compose file .*Unsupported config option for services\.web: 'imagee'/],
    ['a port taken by another process', () => config((c) => {
      c.environments.dev.target.ports = [Number(env.WEB_PORT), stranger.address().port];
    }), new RegExp(`port ${stranger.address().port} \\(target\\.ports\\) is taken by pid \\d+ \\(node\\)`)],
    ['a missing image', () => writeFileSync(join(dir, 'docker-compose.yml'),
      compose.replace('selfhosted-web:${TAG}', 'selfhosted-wbe:${TAG}')),
    /image selfhosted-wbe:\w+ \(service web\) is not on the Docker daemon and could not be pulled/],
  ];
  try {
    for (const [what, breakIt, expected] of cases) {
      breakIt();
      const d = await deploy();
      assert.equal(d.state, 'failed', `${what}: ${JSON.stringify(d)}`);
      assert.match(d.error, expected, what);
      assert.equal(await served(), versions.v1, `${what}: v1 stopped serving`);
      writeFileSync(join(dir, 'docker-compose.yml'), compose);
      writeFileSync(join(dir, '.claude/deployment-config.json'), cfgText);
    }
  } finally {
    stranger.close();
  }
});
