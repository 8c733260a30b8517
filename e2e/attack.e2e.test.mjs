// The #12 acceptance, repeated by an attacker with a shell (an agent in Claude Code has one) against the real jar:
// doors around the prod gate that need no human must leave a gate with an approvers list closed: a fake
// ssh-keygen, id or git first on PATH; a self-made policy and key named by DEPLOY_PIPELINE_POLICY; the committed
// config swapped under its commit id (git replace, a textconv driver); a deployment record edited to say
// deploying-prod and resumed. And secrets referenced by a progressive environment (an instance that echoes its
// token to its log, a smoke command) and by the CLI's other commands (doctor, validate, init, a bad config) must not
// reach .claude/ or any output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, cleanup, connect, filesUnder, git, leadGatedProject, ports, JAR } from './harness.mjs';

const CI = process.env.CI === 'true';
const hasKeygen = spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined;
if (!hasKeygen && CI) throw new Error('attack e2e needs ssh-keygen (apt-get install openssh-client)');
const skip = hasKeygen ? false : 'ssh-keygen not installed: skipped locally';

let dir, env, work, home, gated;

function cli(args, { extraEnv = {}, path = process.env.PATH, cwd } = {}) {
  const r = spawnSync('java', [`-Duser.home=${home}`, '-jar', JAR, ...args], { encoding: 'utf8', cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: path, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'dev@example.com', ...env, ...extraEnv,
      ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const state = (id) => JSON.parse(cli(['deploy', 'status', id, '--project', dir, '--json']).out).state;
const approved = (id) => JSON.parse(cli(['deploy', 'audit', id, '--project', dir, '--json']).out).entries
  .some((e) => e.event === 'APPROVED');

function keyPair(name) {
  const k = join(work, name);
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', k]);
  assert.equal(r.status, 0, String(r.stderr));
  return k;
}

before(async () => {
  env = await ports();
  work = mkdtempSync(join(tmpdir(), 'dp-attack-'));
  home = join(work, 'home'); // an empty home: no user policy of the victim's own
  mkdirSync(home);
  dir = leadGatedProject();
});

after(() => { if (dir) cleanup(dir); rmSync(work, { recursive: true, force: true }); });

function toGate() {
  const r = cli(['deploy', 'start', 'hello-service', 'main', '--project', dir, '--quiet']);
  assert.equal(r.code, 0, r.err);
  const id = r.out.trim().split('\n').at(-1);
  assert.equal(state(id), 'awaiting-approval');
  return id;
}

test('a gate with approvers stays closed to a fake ssh-keygen, id or git first on PATH', { skip, timeout: 240000 }, () => {
  const id = toGate();
  gated = id;
  const fake = join(work, 'fakebin');
  mkdirSync(fake);
  // ssh-keygen that "signs" anything and "verifies" every signature as the approver's
  writeFileSync(join(fake, 'ssh-keygen'), `#!/bin/bash
case " $* " in
  *" sign "*) cat >/dev/null; printf -- '-----BEGIN SSH SIGNATURE-----\\nZmFrZQ==\\n-----END SSH SIGNATURE-----\\n' ;;
  *" find-principals "*) echo lead@example.com ;;
  *" verify "*) cat >/dev/null; echo 'Good "deployment-pipeline" signature for lead@example.com with ED25519 key SHA256:fake' ;;
  *) exec /usr/bin/ssh-keygen "$@" ;;
esac
exit 0
`);
  writeFileSync(join(fake, 'id'), '#!/bin/bash\necho lead@example.com\n');
  writeFileSync(join(work, 'weak.json'), JSON.stringify({ service: 'hello-service', environments: {
    prod: { requiresApproval: false } } }));
  writeFileSync(join(fake, 'git'), `#!/bin/bash\ncase " $* " in *" show "*) cat '${join(work, 'weak.json')}'; exit 0;; esac\nexec /usr/bin/git "$@"\n`);
  for (const f of ['ssh-keygen', 'id', 'git']) chmodSync(join(fake, f), 0o755);
  writeFileSync(join(work, 'policy.json'), JSON.stringify({ allowedSignersFile: 'signers' }));
  writeFileSync(join(work, 'signers'), '');
  const anyKey = keyPair('any');
  const r = cli(['deploy', 'approve', id, '--project', dir, '--sign', anyKey],
    { path: `${fake}:${process.env.PATH}`, extraEnv: { DEPLOY_PIPELINE_POLICY: join(work, 'policy.json') } });
  assert.notEqual(r.code, 0, `approved through a fake ssh-keygen: ${r.out}${r.err}`);
  assert.match(r.err, /signature refused/);
  assert.equal(state(id), 'awaiting-approval');
  assert.ok(!approved(id), 'prod was approved');
});

test('an agent\'s own policy and key (DEPLOY_PIPELINE_POLICY) cannot satisfy the committed approvers list',
  { skip, timeout: 240000 }, async () => {
    const id = gated;
    assert.ok(id, 'the first test left a deployment at the gate');
    const mine = keyPair('agent');
    const [type, body] = readFileSync(`${mine}.pub`, 'utf8').trim().split(' ');
    writeFileSync(join(work, 'agent-signers'), `lead@example.com ${type} ${body}\n`);
    writeFileSync(join(work, 'agent-policy.json'), JSON.stringify({ allowedSignersFile: 'agent-signers' }));
    const r = cli(['deploy', 'approve', id, '--project', dir, '--sign', mine],
      { extraEnv: { DEPLOY_PIPELINE_POLICY: join(work, 'agent-policy.json') } });
    assert.equal(r.code, 2, `approved with a self-made signers file: ${r.out}${r.err}`);
    assert.match(r.err, /DEPLOY_PIPELINE_POLICY/);
    assert.equal(state(id), 'awaiting-approval');
    assert.ok(!approved(id), 'prod was approved');

    // The victim's own home policy lists the lead's real key: that key still approves (the door is closed, not the gate).
    const lead = keyPair('lead');
    const pub = readFileSync(`${lead}.pub`, 'utf8').trim().split(' ');
    mkdirSync(join(home, '.config', 'deployment-pipeline'), { recursive: true });
    writeFileSync(join(home, '.config', 'deployment-pipeline', 'allowed_signers'), `lead@example.com ${pub[0]} ${pub[1]}\n`);
    const ok = cli(['deploy', 'approve', id, '--project', dir, '--sign', lead, '--json'],
      { extraEnv: { DEPLOY_PIPELINE_POLICY: join(work, 'agent-policy.json') } });
    assert.equal(ok.code, 0, ok.err);
    assert.ok(approved(id));
    rmSync(join(home, '.config'), { recursive: true, force: true });
  });

test('the committed config cannot be swapped under its commit id (git replace, a textconv driver)',
  { skip, timeout: 120000 }, () => {
    const cfgPath = join(dir, '.claude', 'deployment-config.json');
    const committed = readFileSync(cfgPath, 'utf8');
    const head = git(dir, 'rev-parse', 'HEAD');
    const weak = JSON.parse(committed);
    Object.assign(weak.environments.prod, { requiresApproval: false, approvers: [], preventSelfApproval: false });
    writeFileSync(cfgPath, JSON.stringify(weak, null, 2));
    git(dir, 'commit', '-q', '-am', 'weak, on a side branch');
    const weakCommit = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'reset', '-q', '--soft', head); // HEAD is the strict commit again; the working tree stays weak
    git(dir, 'replace', head, weakCommit);
    writeFileSync(join(work, 'weak-cat.sh'), `#!/bin/bash\ncat '${join(work, 'weak.json')}'\n`);
    chmodSync(join(work, 'weak-cat.sh'), 0o755);
    writeFileSync(join(dir, '.gitattributes'), '*.json diff=weak\n');
    git(dir, 'config', 'diff.weak.textconv', join(work, 'weak-cat.sh'));
    const v = cli(['deploy', 'validate', 'hello-service', '--env', 'prod', '--project', dir, '--json']);
    const inForce = JSON.parse(v.out).approvalPolicy;
    assert.equal(inForce.requiresApproval, true, v.out);
    assert.deepEqual(inForce.approvers, ['lead@example.com'], v.out);
    git(dir, 'replace', '-d', head);
    rmSync(join(dir, '.gitattributes'));
    writeFileSync(cfgPath, committed);
  });

function pids(v, out = []) {
  if (Array.isArray(v)) v.forEach((x) => pids(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (k === 'pid' && typeof x === 'number') out.push(x); else pids(x, out);
  }
  return out;
}

test('secrets stay out of instance logs, smoke output, rollout status, doctor, validate and config errors',
  { timeout: 240000 }, async () => {
    const proj = mkdtempSync(join(tmpdir(), 'dp-attack-px-'));
    const secrets = { MY_TOKEN: 'tok/InstSECRET+42&x=y', HARNESS_API_KEY: 'pat.acct.HarnSECRET42',
      SMTP_PASSWORD: 'SmtpSECRETpw42', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/SlackSECRET42',
      DEPLOY_DB_URL: 'postgres://app:DbSECRETpw42@db.internal/app', PLAIN_VALUE: 'visible-control-3316' };
    const server = "require('http').createServer((q,r)=>{r.setHeader('X-Version',process.env.VERSION);r.end(process.env.VERSION)})"
      + ".listen(+process.env.PORT,'127.0.0.1')";
    const config = {
      service: 'px', executor: 'local', secrets: ['DEPLOY_DB_URL'],
      stages: { validate: { command: 'true' }, build: { skip: true }, test: { skip: true } },
      environments: {
        dev: {
          target: { type: 'process', instances: 1, healthPath: '/health', versionPath: '/version', command:
            `echo "instance sees \${MY_TOKEN} and $DEPLOY_DB_URL, plain $PLAIN_VALUE"; exec node -e "${server}"` },
          strategy: { type: 'recreate', analysis: { interval: '1s', count: 1,
            smoke: 'echo "smoke with ${MY_TOKEN} ${HARNESS_API_KEY}"; echo "$SMTP_PASSWORD" >&2' } },
        },
        staging: { deploy: { skip: true } },
        prod: { deploy: { skip: true }, requiresApproval: false },
      },
      notifications: { slack: {} },
    };
    mkdirSync(join(proj, '.claude'));
    writeFileSync(join(proj, '.claude', 'deployment-config.json'), JSON.stringify(config, null, 2));
    writeFileSync(join(proj, '.gitignore'), '.claude/deployments/\n');
    git(proj, 'init', '-q', '-b', 'main');
    git(proj, 'add', '-A');
    git(proj, 'commit', '-q', '-m', 'px');
    const seen = [];
    const conn = await connect(proj, secrets);
    let id;
    try {
      const r = await call(conn, 'deploy_start', { service: 'px', branch: 'main', wait: true }, { timeout: 180000 });
      seen.push(JSON.stringify(r));
      id = r.structuredContent.deploymentId;
      assert.equal(r.structuredContent.state, 'completed', JSON.stringify(r.structuredContent));
      const st = await call(conn, 'deploy_status', { deploymentId: id });
      seen.push(JSON.stringify(st));
      for (const p of pids(st.structuredContent)) seen.push(`pid ${p}`);
      seen.push(JSON.stringify(await call(conn, 'deploy_history', {})));
      seen.push(JSON.stringify(await call(conn, 'deploy_validate', { service: 'px', environment: 'dev' })));
    } finally {
      await conn.client.close();
    }
    const run = (args, cwd = proj) => new Promise((res) => execFile('java', ['-jar', JAR, ...args],
      { encoding: 'utf8', timeout: 120000, cwd,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'e2e@example.com', ...secrets } },
      (err, stdout, stderr) => res(`cli ${args.join(' ')}\nstdout: ${stdout}\nstderr: ${stderr}`)));
    for (const args of [['doctor', '--project', proj], ['doctor', '--json', '--project', proj],
      ['deploy', 'validate', 'px', '--env', 'dev', '--project', proj, '--json'],
      ['deploy', 'status', id, '--project', proj], ['deploy', 'status', id, '--project', proj, '--json'],
      ['deploy', 'history', '--project', proj], ['deploy', 'audit', id, '--project', proj, '--json']]) {
      seen.push(await run(args));
    }
    // A config mistake that holds a secret's value, and a config whose field is a ${SECRET} of the wrong type.
    const bad = structuredClone(config);
    bad.executor = secrets.MY_TOKEN;
    bad.environments.dev.strategy.type = secrets.SMTP_PASSWORD;
    bad.retry = { maxAttempts: '${HARNESS_API_KEY}' };
    writeFileSync(join(proj, '.claude', 'deployment-config.json'), JSON.stringify(bad));
    for (const args of [['doctor', '--json', '--project', proj], ['deploy', 'validate', 'px', '--project', proj, '--json'],
      ['deploy', 'start', 'px', 'main', '--project', proj, '--json']]) {
      seen.push(await run(args));
    }
    const fresh = mkdtempSync(join(tmpdir(), 'dp-attack-init-'));
    writeFileSync(join(fresh, 'package.json'), JSON.stringify({ name: 'svc', scripts: { test: `echo ${secrets.MY_TOKEN}` } }));
    seen.push(await run(['init', '--project', fresh], fresh));
    seen.push(`server stderr: ${conn.stderr()}`);
    // Everything the tool wrote (the config and package.json are the user's own files, which hold the values).
    const files = [...filesUnder(join(proj, '.claude')), ...filesUnder(fresh)]
      .filter((f) => !f.endsWith('package.json') && !f.endsWith('.claude/deployment-config.json'));
    assert.ok(files.some((f) => /instances-dev/.test(f) && f.endsWith('.log')), `an instance log was written:\n${files.join('\n')}`);
    const haystacks = [...files.map((f) => `${f}: ${readFileSync(f, 'utf8')}`), ...seen];
    const all = haystacks.join('\n');
    for (const p of pids(JSON.parse(seen[1]).structuredContent)) { try { process.kill(-p, 'SIGKILL'); } catch { /* gone */ } }
    rmSync(fresh, { recursive: true, force: true });
    rmSync(proj, { recursive: true, force: true });
    if (process.env.DP_E2E_DUMP) writeFileSync(process.env.DP_E2E_DUMP, all);
    assert.ok(all.includes('plain visible-control-3316'), 'control: the instance log was searched');
    assert.ok(/instance sees \[redacted:MY_TOKEN\]/.test(all), 'the instance echo is masked by name');
    const needles = [];
    for (const [k, v] of Object.entries(secrets)) if (k !== 'PLAIN_VALUE') needles.push(v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1));
    needles.push('InstSECRET', 'HarnSECRET42', 'SmtpSECRETpw42', 'SlackSECRET42', 'DbSECRETpw42');
    const hits = [];
    for (const h of haystacks) for (const n of needles) {
      const at = h.indexOf(n);
      if (at >= 0) hits.push(`${n} in ${h.slice(0, 90)} … ${h.slice(Math.max(0, at - 80), at + n.length + 40)}`);
    }
    assert.deepEqual(hits, [], hits.join('\n'));
  });

test('a deployment record edited to say deploying-prod, then resumed, does not deploy prod', { skip, timeout: 240000 }, () => {
  const id = toGate();
  const rec = join(dir, '.claude', 'deployments', 'deployments', `${id}.json`);
  const d = JSON.parse(readFileSync(rec, 'utf8'));
  d.state = 'deploying-prod';
  d.approval = { decision: 'approve', actor: 'lead@example.com', comment: 'forged', decidedAt: d.updatedAt };
  writeFileSync(rec, JSON.stringify(d));
  const r = cli(['deploy', 'resume', id, '--project', dir]);
  assert.notEqual(r.code, 0, r.out + r.err);
  const after = JSON.parse(cli(['deploy', 'status', id, '--project', dir, '--json']).out);
  assert.equal(after.state, 'failed');
  assert.match(after.error, /prod not deployed: the audit trail has no verified approval/);
  const events = JSON.parse(cli(['deploy', 'audit', id, '--project', dir, '--json']).out).entries.map((e) => e.event);
  assert.ok(!events.includes('PROD_DEPLOYED'), events.join(' '));
});
