// Environments as data (#16), through the official MCP TypeScript client and the CLI on the real jar: the two
// example projects of examples/environments deploy end to end by `deploy_start {service, branch}` and by
// `deploy start`: four environments (dev, qa, staging, prod) and prod regions deployed in parallel behind one gate.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, cleanup, connect, git, JAR, ROOT } from './harness.mjs';

const CI = process.env.CI === 'true';
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).error === undefined;
if (!hasScript && CI) throw new Error('environments e2e needs script (apt-get install bsdutils)');
const noPty = hasScript ? false : 'script not installed: the terminal approval is skipped locally';

const dirs = [];
after(() => dirs.forEach(cleanup));

/** A git project whose config is examples/environments/<name>. */
function project(name) {
  const dir = mkdtempSync(join(tmpdir(), 'dp-env-e2e-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.claude'));
  cpSync(join(ROOT, 'examples', 'environments', name), join(dir, '.claude', 'deployment-config.json'));
  writeFileSync(join(dir, 'README.md'), 'shop\n');
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\ndeployed.log\nrollback.log\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'shop v1');
  return dir;
}

const javaEnv = process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {};

function cli(dir, args) {
  const r = spawnSync('java', ['-jar', JAR, ...args, '--project', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'dev@example.com', ...javaEnv } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `deploy approve ID` at a real terminal (script gives it a pty), confirmed by typing the id. */
function approveAtTerminal(dir, id) {
  const cmd = `java -jar '${JAR}' deploy approve ${id} --project '${dir}'`;
  return spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', input: `${id}\n`,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'lead@example.com', ...javaEnv } });
}

function status(dir, id) {
  const r = cli(dir, ['deploy', 'status', id, '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

const deployed = (dir) => readFileSync(join(dir, 'deployed.log'), 'utf8').trim().split('\n');

async function viaMcp(dir) {
  return connect(dir, {}, { onElicit: (p) => ({ action: 'accept',
    content: { decision: p.requestedSchema.properties.decision.default, approver: 'e2e@example.com' } }) });
}

test('four environments over MCP: dev, qa, staging, then prod after the gate, each with its variables', { timeout: 240000 }, async () => {
  const dir = project('four-envs.json');
  const conn = await viaMcp(dir);
  try {
    const bad = await call(conn, 'deploy_validate', { service: 'shop', environment: 'qa2' });
    assert.equal(bad.isError, true);
    assert.match(bad.structuredContent.error, /environment: 'qa2' is not an environment of this project; did you mean 'qa'\? \(configured: dev, qa, staging, prod\)/);
    const qa = await call(conn, 'deploy_validate', { service: 'shop', environment: 'qa' });
    assert.equal(qa.isError, false, JSON.stringify(qa.structuredContent));

    const started = await call(conn, 'deploy_start', { service: 'shop', branch: 'main', wait: true }, { timeout: 120000 });
    const s = started.structuredContent;
    assert.equal(s.state, 'awaiting-approval', JSON.stringify(s));
    assert.deepEqual(s.stages.map((x) => x.stage), ['validating', 'building', 'testing', 'deploying-dev', 'deploying-qa',
      'deploying-staging']);
    const done = await call(conn, 'deploy_approve', { deploymentId: s.deploymentId, decision: 'approve', wait: true },
      { timeout: 120000 });
    assert.equal(done.structuredContent.state, 'completed', JSON.stringify(done.structuredContent));
    const v = s.version;
    assert.deepEqual(deployed(dir), [`dev ${v} debug`, `qa ${v} info`, `staging ${v} info`, `prod ${v} warn`]);
    const history = (await call(conn, 'deploy_history', { service: 'shop', environment: 'qa' })).structuredContent;
    assert.equal(history.summary.count, 1);
  } finally {
    await conn.client.close();
  }
});

test('prod regions over MCP: one approval, then prod-eu and prod-us deployed in parallel', { timeout: 240000 }, async () => {
  const dir = project('regions.json');
  const conn = await viaMcp(dir);
  try {
    const started = await call(conn, 'deploy_start', { service: 'shop', branch: 'main', wait: true }, { timeout: 120000 });
    const s = started.structuredContent;
    assert.equal(s.state, 'awaiting-approval', JSON.stringify(s));
    const done = await call(conn, 'deploy_approve', { deploymentId: s.deploymentId, decision: 'approve', wait: true },
      { timeout: 120000 });
    const d = done.structuredContent;
    assert.equal(d.state, 'completed', JSON.stringify(d));
    assert.deepEqual(d.stages.map((x) => x.stage).slice(-2).sort(), ['deploying-prod-eu', 'deploying-prod-us']);
    const v = s.version;
    assert.deepEqual(deployed(dir).sort(), [`dev ${v} eu-west-1`, `prod-eu ${v} eu-west-1`, `prod-us ${v} us-east-1`,
      `staging ${v} eu-west-1`]);
    const audit = readFileSync(join(dir, '.claude', 'deployments', 'audit.jsonl'), 'utf8');
    assert.match(audit, /"event":"PROD_EU\+PROD_US_DEPLOYED"/);
  } finally {
    await conn.client.close();
  }
});

for (const [name, last] of [['four-envs.json', ['prod']], ['regions.json', ['prod-eu', 'prod-us']]]) {
  test(`${name} by the CLI: deploy start stops at the gate, a human approves at a terminal, it completes`,
    { skip: noPty, timeout: 240000 }, () => {
      const dir = project(name);
      const r = cli(dir, ['deploy', 'start', 'shop', 'main']);
      assert.equal(r.code, 0, r.out + r.err);
      const id = /d-\d+/.exec(r.out + r.err)[0];
      assert.equal(status(dir, id).state, 'awaiting-approval');
      const a = approveAtTerminal(dir, id);
      assert.equal(a.status, 0, a.stdout);
      const s = status(dir, id);
      assert.equal(s.state, 'completed', JSON.stringify(s));
      const envs = deployed(dir).map((l) => l.split(' ')[0]);
      assert.deepEqual(envs.slice(-last.length).sort(), last);
      const bad = cli(dir, ['deploy', 'validate', 'shop', '--env', 'qa-eu']);
      assert.notEqual(bad.code, 0);
      assert.match(bad.err + bad.out, /--env: 'qa-eu' is not an environment of this project/);
    });
}
