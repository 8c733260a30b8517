// Versions and promotion through the official MCP TypeScript client and the real jar (and its CLI), on the
// examples in examples/environments/: a version goes to dev and is promoted dev → qa → staging → prod (the gate at
// prod); in the regions example staging is promoted to prod-eu + prod-us as one parallel step; a skip is refused
// (audited) and only a verified human overrides it (audited): typing the version at a real terminal (util-linux
// script), or an SSH signature by a listed key, which `deploy audit --verify` re-checks.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, ROOT, call, cleanup, connect, git, signingHome } from './harness.mjs';

const dirs = [];
const conns = [];
after(async () => {
  for (const c of conns) await c.client.close();
  for (const d of dirs) cleanup(d);
});

/** examples/environments/ as its own git repository, with `example` as the config and tag v1.0.0 on its commit. */
function project(example) {
  const dir = mkdtempSync(join(tmpdir(), 'dp-promote-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'examples', 'environments'), dir, { recursive: true });
  mkdirSync(join(dir, '.claude'), { recursive: true });
  copyFileSync(join(dir, example), join(dir, '.claude', 'deployment-config.json'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'v1');
  git(dir, 'tag', 'v1.0.0');
  return dir;
}

async function mcp(dir) {
  const conn = await connect(dir, {}, { onElicit: (p) => ({ action: 'accept',
    content: { decision: p.requestedSchema.properties.decision.default } }) });
  conns.push(conn);
  return conn;
}

const cli = (dir, ...args) => javaCli([], dir, ...args);
const javaCli = (jvm, dir, ...args) => spawnSync('java', [...jvm, '-jar', JAR, ...args, '--project', dir],
  { encoding: 'utf8', env: { ...process.env, DEPLOY_PIPELINE_USER: 'e2e@example.com' }, timeout: 180000 });

const ok = (r) => {
  assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
  return r.structuredContent;
};

test('four environments: a version goes to dev, then dev → qa → staging → prod behind the gate', async () => {
  const dir = project('four-envs.json');
  const conn = await mcp(dir);
  const service = JSON.parse(readFileSync(join(dir, '.claude', 'deployment-config.json'), 'utf8')).service;
  const dev = ok(await call(conn, 'deploy_start', { service, environment: 'dev', version: '1.0.0', wait: true },
    { timeout: 180000 }));
  assert.equal(dev.state, 'completed');
  assert.equal(dev.version, '1.0.0');
  assert.equal(dev.commit, git(dir, 'rev-parse', 'v1.0.0^{commit}'));

  // A skip straight to staging is refused, audited, and names the terminal command no tool can run.
  const skip = await call(conn, 'deploy_start', { service, environment: 'staging', version: '1.0.0' });
  assert.equal(skip.isError, true);
  assert.match(skip.structuredContent.error, /version 1\.0\.0 has not passed qa/);
  assert.match(skip.structuredContent.nextStep, /no MCP tool can.*deploy start --env staging --version 1\.0\.0 --override-promotion/);

  for (const from of ['dev', 'qa']) {
    const r = ok(await call(conn, 'deploy_promote', { from, wait: true }, { timeout: 180000 }));
    assert.equal(r.state, 'completed', JSON.stringify(r));
    assert.equal(r.version, '1.0.0');
  }
  const prod = ok(await call(conn, 'deploy_promote', { from: 'staging', wait: true }, { timeout: 180000 }));
  assert.equal(prod.state, 'awaiting-approval');
  const done = ok(await call(conn, 'deploy_approve', { deploymentId: prod.deploymentId, decision: 'approve',
    wait: true }, { timeout: 180000 }));
  assert.equal(done.state, 'completed', JSON.stringify(done));
  // The stage commands saw the version's name and each environment's variables.
  assert.deepEqual(readFileSync(join(dir, 'deployed.log'), 'utf8').trim().split('\n'),
    ['dev 1.0.0 debug', 'qa 1.0.0 info', 'staging 1.0.0 info', 'prod 1.0.0 warn']);

  const last = await call(conn, 'deploy_promote', { from: 'prod' });
  assert.equal(last.isError, true);
  assert.match(last.structuredContent.error, /'prod' is on the last step of the path/);

  const audit = cli(dir, 'deploy', 'audit', '--json');
  const lines = JSON.parse(audit.stdout).entries;
  assert.ok(lines.some((l) => l.event === 'REFUSED' && l.details.rule === 'promotion'), 'the refusal is audited');
  assert.deepEqual(lines.filter((l) => l.event === 'CREATED').map((l) => l.details.environment),
    ['dev', 'qa', 'staging', 'prod']);
});

test('regions: staging is promoted to prod-eu and prod-us as one parallel step', async () => {
  const dir = project('regions.json');
  const conn = await mcp(dir);
  const service = JSON.parse(readFileSync(join(dir, '.claude', 'deployment-config.json'), 'utf8')).service;
  ok(await call(conn, 'deploy_start', { service, environment: 'dev', version: '1.0.0', wait: true },
    { timeout: 180000 }));
  ok(await call(conn, 'deploy_promote', { from: 'dev', wait: true }, { timeout: 180000 }));
  const prod = ok(await call(conn, 'deploy_promote', { from: 'staging', wait: true }, { timeout: 180000 }));
  assert.equal(prod.state, 'awaiting-approval');
  const done = ok(await call(conn, 'deploy_approve', { deploymentId: prod.deploymentId, decision: 'approve',
    wait: true }, { timeout: 180000 }));
  assert.equal(done.state, 'completed', JSON.stringify(done));
  assert.deepEqual(done.environments.map((r) => [r.environment, r.deployed]).sort(),
    [['prod-eu', true], ['prod-us', true]]);
  const log = readFileSync(join(dir, 'deployed.log'), 'utf8').trim().split('\n');
  assert.deepEqual(log.slice(0, 2), ['dev 1.0.0 eu-west-1', 'staging 1.0.0 eu-west-1']);
  assert.deepEqual(log.slice(2).map((l) => l.split(' ').slice(0, 2).join(' ')).sort(),
    ['prod-eu 1.0.0', 'prod-us 1.0.0']);
});

test('CLI: a refused skip, then a human at a terminal types the version and the override is audited', async () => {
  const dir = project('four-envs.json');
  const first = cli(dir, 'deploy', 'start', '--env', 'dev', '--version', '1.0.0');
  assert.equal(first.status, 0, first.stderr);
  const refused = cli(dir, 'deploy', 'start', '--env', 'staging', '--version', '1.0.0');
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /has not passed qa/);
  const noTty = cli(dir, 'deploy', 'start', '--env', 'staging', '--version', '1.0.0', '--override-promotion', 'e2e');
  assert.equal(noTty.status, 2);
  assert.match(noTty.stderr, /needs a verified human/);

  const script = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).stdout.trim();
  if (!script) {
    if (process.env.CI === 'true') assert.fail('script (bsdutils) is not installed; CI must install it');
    console.log('skipped the terminal half: install bsdutils (script) to run it');
    return;
  }
  const screen = await atTerminal(script, '1.0.0', ['deploy', 'start', '--env', 'staging', '--version', '1.0.0',
    '--override-promotion', 'e2e hotfix', '--project', dir]);
  assert.equal(screen.code, 0, screen.text);
  assert.match(screen.text, /not passed in: qa/);
  assert.match(screen.text, /promotion guard overridden by/);
  const lines = JSON.parse(cli(dir, 'deploy', 'audit', '--json').stdout).entries;
  const o = lines.find((l) => l.event === 'OVERRIDDEN');
  assert.ok(o, 'the override is audited');
  assert.equal(o.details.verifiedBy, 'terminal');
  assert.equal(o.details.reason, 'e2e hotfix');
  assert.deepEqual(o.details.missing, ['qa']);
});

/** Runs the jar inside a pseudo-terminal (util-linux script) and types `typed` when it asks for the version. */
function atTerminal(script, typed, args) {
  const inner = ['java', '-jar', JAR, ...args].map((a) => `'${a}'`).join(' ');
  const p = spawn(script, ['-qec', inner, '/dev/null'], { env: { ...process.env, DEPLOY_PIPELINE_USER:
    'e2e@example.com' } });
  let text = '';
  let typedIt = false;
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => { p.kill(); reject(new Error('terminal run timed out: ' + text)); }, 180000);
    const onData = (d) => {
      text += d;
      if (!typedIt && text.includes('type the version')) {
        typedIt = true;
        p.stdin.write(typed + '\n');
      }
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('close', (code) => { clearTimeout(timer); resolvePromise({ code, text }); });
  });
}

test('CLI without a terminal: an override signed with a listed SSH key is accepted, audited and verifiable', () => {
  const has = spawnSync('ssh-keygen', ['-?']).error === undefined;
  if (!has) {
    if (process.env.CI === 'true') assert.fail('ssh-keygen is not installed; CI must install it');
    console.log('skipped: install openssh-client (ssh-keygen) to run it');
    return;
  }
  const { keys } = signingHome('dp-promote-keys-');
  dirs.push(keys);
  const k = join(keys, 'lead');
  assert.equal(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lead', '-f', k]).status, 0);
  const [type, body] = readFileSync(`${k}.pub`, 'utf8').trim().split(' ');
  appendFileSync(join(keys, 'allowed_signers'), `lead@example.com ${type} ${body}\n`);
  const dir = project('four-envs.json');
  const jvm = [`-Duser.home=${keys}`];
  const r = javaCli(jvm, dir, 'deploy', 'start', '--env', 'qa', '--version', '1.0.0', '--override-promotion',
    'signed hotfix', '--sign', k);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /promotion guard overridden by lead@example\.com/);
  const verified = JSON.parse(javaCli(jvm, dir, 'deploy', 'audit', '--verify', '--json').stdout);
  assert.equal(verified.signaturesValid, true, JSON.stringify(verified.signatures));
  const o = verified.entries.find((l) => l.event === 'OVERRIDDEN');
  assert.equal(o.details.verifiedBy, 'ssh-signature');
  assert.equal(o.details.principal, 'lead@example.com');
  assert.deepEqual(o.details.missing, ['dev']);
  assert.equal(verified.signatures.length, 1);
});
