// Who may open the prod gate, tried as an attacker would, with the real jar as a process and the official MCP
// TypeScript client: a claimed name with no terminal is refused; the MCP form cannot satisfy an approvers list;
// SSH signatures made by the real ssh-keygen pass only for a listed approver's key over this exact deployment, and
// `deploy audit --verify` re-checks them later; a human at a real pseudo-terminal approves by typing the id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, cleanup, connect, helloProject, leadGatedProject, ports, signingHome, JAR } from './harness.mjs';

const CI = process.env.CI === 'true';
function has(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).error === undefined;
}
const missing = ['ssh-keygen', 'script'].filter((c) => !has(c, c === 'script' ? ['--version'] : ['-?']));
if (missing.length && CI) throw new Error(`approvals e2e needs ${missing.join(', ')} (apt-get install openssh-client bsdutils)`);
const skip = missing.length ? `${missing.join(', ')} not installed: skipped locally` : false;

let dir, ptyDir, keys, env, ptyEnv, policy, gated;

/** The jar as a CLI process: stdin is /dev/null (no terminal) unless `input` is given. */
function cli(args, { extraEnv = {}, input } = {}) {
  // The home directory (Java's user.home) is the test's, so the approvers' keys sit in its user policy: a signers
  // file named only by DEPLOY_PIPELINE_POLICY cannot vouch for an approvers list.
  const r = spawnSync('java', [`-Duser.home=${keys}`, '-jar', JAR, ...args], { encoding: 'utf8', input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'dev@example.com',
      DEPLOY_PIPELINE_POLICY: policy, ...env, ...extraEnv, ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function key(name) {
  const k = join(keys, name);
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', k]);
  assert.equal(r.status, 0, String(r.stderr));
  return k;
}

function allow(principals, k) {
  const [type, body] = readFileSync(`${k}.pub`, 'utf8').trim().split(' ');
  appendFileSync(join(keys, 'allowed_signers'), `${principals} ${type} ${body}\n`);
}

function toGate(project, extraEnv = {}) {
  const r = cli(['deploy', 'start', 'hello-service', 'main', '--project', project, '--quiet'], { extraEnv });
  assert.equal(r.code, 0, r.err);
  const id = r.out.trim().split('\n').at(-1);
  assert.equal(JSON.parse(cli(['deploy', 'status', id, '--project', project, '--json']).out).state, 'awaiting-approval');
  return id;
}

const state = (project, id, extraEnv) => JSON.parse(cli(['deploy', 'status', id, '--project', project, '--json'],
  { extraEnv }).out).state;
const audit = (project, id) => JSON.parse(cli(['deploy', 'audit', id, '--project', project, '--json']).out).entries;

before(async () => {
  env = await ports();
  ptyEnv = await ports();
  ({ keys, policy } = signingHome('dp-keys-'));
  dir = leadGatedProject();
  ptyDir = helloProject();
});

after(() => {
  cleanup(dir);
  cleanup(ptyDir);
  rmSync(keys, { recursive: true, force: true });
});

test('spoof: no terminal plus DEPLOY_PIPELINE_USER=lead@example.com is refused and prod is not approved',
  { skip, timeout: 240000 }, async () => {
    const id = toGate(dir);
    gated = id;
    const r = cli(['deploy', 'approve', id, '--project', dir], { extraEnv: { DEPLOY_PIPELINE_USER: 'lead@example.com' } });
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /needs a verified human/);
    assert.match(r.err, new RegExp(`deployment-pipeline deploy approve ${id} --sign`));
    assert.doesNotMatch(r.err, /set DEPLOY_PIPELINE_USER/);
    assert.equal(state(dir, id), 'awaiting-approval');
    const lines = audit(dir, id);
    assert.ok(!lines.some((e) => e.event === 'APPROVED'), 'prod was approved');
    assert.equal(lines.findLast((e) => e.event === 'REFUSED').details.rule, 'verifiedHuman');

    // the same claim through the MCP form: refused before any form is shown, with the signed command
    const human = await connect(dir, { ...env, DEPLOY_PIPELINE_USER: 'lead@example.com', DEPLOY_PIPELINE_POLICY: policy },
      { onElicit: () => ({ action: 'accept', content: { decision: 'approve', approver: 'lead@example.com' } }) });
    try {
      const m = await call(human, 'deploy_approve', { deploymentId: id, decision: 'approve' });
      assert.equal(m.isError, true);
      assert.match(m.structuredContent.error, /names approvers \(lead@example.com\)/);
      assert.match(m.structuredContent.nextStep, new RegExp(`deploy approve ${id} --sign`));
      assert.equal(human.elicitations.length, 0);
      assert.equal((await call(human, 'deploy_status', { deploymentId: id })).structuredContent.state,
        'awaiting-approval');
    } finally {
      await human.client.close();
    }
    assert.ok(!audit(dir, id).some((e) => e.event === 'APPROVED'), 'prod was approved');
  });

test('signatures: wrong key, unlisted principal refused; the approver\'s key approves; audit --verify re-checks',
  { skip, timeout: 240000 }, () => {
    const lead = key('lead');
    const dev = key('dev');
    const stranger = key('stranger');
    allow('lead@example.com', lead);
    allow('dev@example.com', dev);
    const id = gated;
    assert.ok(id, 'the spoof test left a deployment at the gate');

    let r = cli(['deploy', 'approve', id, '--project', dir, '--sign', stranger]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /signature refused: the signing key is not listed/);
    r = cli(['deploy', 'approve', id, '--project', dir, '--sign', dev]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /'dev@example.com' is not an approver/);
    assert.equal(state(dir, id), 'awaiting-approval');

    r = cli(['deploy', 'approve', id, '--project', dir, '--sign', lead, '--json']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).state, 'completed');
    const line = audit(dir, id).find((e) => e.event === 'APPROVED');
    assert.equal(line.actor, 'lead@example.com');
    assert.equal(line.details.verifiedBy, 'ssh-signature');
    assert.match(line.details.signature, /BEGIN SSH SIGNATURE/);

    r = cli(['deploy', 'audit', id, '--project', dir, '--verify', '--json']);
    assert.equal(r.code, 0, r.out);
    assert.equal(JSON.parse(r.out).signaturesValid, true);

    // the key listed for lead changes: the stored signature no longer verifies (the chain is intact)
    const saved = readFileSync(join(keys, 'allowed_signers'), 'utf8');
    writeFileSync(join(keys, 'allowed_signers'), '');
    allow('lead@example.com', stranger);
    r = cli(['deploy', 'audit', id, '--project', dir, '--verify']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /hash chain intact/);
    assert.match(r.out, /SIGNATURE INVALID: the signing key is not listed/);
    writeFileSync(join(keys, 'allowed_signers'), saved);

    // the audit file edited: the signed payload now names another deployment
    const file = join(dir, '.claude', 'deployments', 'audit.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll(`deployment: ${id}\\n`, 'deployment: d-999\\n'));
    r = cli(['deploy', 'audit', id, '--project', dir, '--verify']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /HASH CHAIN BROKEN/);
    assert.match(r.out, /SIGNATURE INVALID: the signed payload is for d-999/);
  });

test('a human at a real terminal approves by typing the deployment id; a wrong id approves nothing',
  { skip, timeout: 240000 }, () => {
    const id = toGate(ptyDir, ptyEnv);
    const inPty = (typed) => {
      const cmd = `java -jar '${JAR}' deploy approve ${id} --project '${ptyDir}'`;
      return spawnSync('script', ['-qec', cmd, '/dev/null'],
        { encoding: 'utf8', input: typed, env: { PATH: process.env.PATH, HOME: process.env.HOME,
          DEPLOY_PIPELINE_USER: 'lead@example.com', DEPLOY_PIPELINE_POLICY: policy, ...ptyEnv,
          ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) } });
    };
    let r = inPty('d-nope\n');
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stdout, new RegExp(`type the deployment id \\(${id}\\)`));
    assert.match(r.stdout, /the id typed at the terminal did not match/);
    assert.equal(state(ptyDir, id), 'awaiting-approval');

    r = inPty(`${id}\n`);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(state(ptyDir, id), 'completed');
    const osUser = spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim();
    const line = audit(ptyDir, id).find((e) => e.event === 'APPROVED');
    assert.equal(line.actor, osUser);
    assert.equal(line.details.verifiedBy, 'terminal');
    assert.equal(line.details.osUser, osUser);
  });

test('tamper: an uncommitted edit removing requiresApproval is ignored, with a warning in validate and status',
  { skip, timeout: 240000 }, async () => {
    const cfgPath = join(ptyDir, '.claude', 'deployment-config.json');
    const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
    cfg.environments.prod.requiresApproval = false;
    writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));

    const v = cli(['deploy', 'validate', 'hello-service', '--env', 'prod', '--project', ptyDir, '--json'],
      { extraEnv: ptyEnv });
    const policyView = JSON.parse(v.out).approvalPolicy;
    assert.equal(policyView.requiresApproval, true);
    assert.match(policyView.warnings.join('\n'), /environments.prod.requiresApproval is false here but true in force/);

    const id = toGate(ptyDir, ptyEnv); // still stops at the gate
    const conn = await connect(ptyDir, { ...ptyEnv, DEPLOY_PIPELINE_POLICY: policy });
    try {
      const s = await call(conn, 'deploy_status', { deploymentId: id });
      assert.equal(s.structuredContent.state, 'awaiting-approval');
      assert.match(s.structuredContent.approvalPolicy.warnings.join('\n'), /would weaken the approval gate/);
      assert.match(s.content[0].text, /Warning: ignored: the working tree's/);
    } finally {
      await conn.client.close();
    }
  });
