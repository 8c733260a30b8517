// Encrypted secrets per environment end to end, on a four-environment path (dev → qa → staging → gate → prod),
// through the CLI and the official MCP TypeScript client against the real jar. Each environment gets its own age
// key (`env keygen`) and two encrypted values: APP_SECRET (same name everywhere, a different value) and
// <ENV>_ONLY_TOKEN; dev's are set from standard input, the others' encrypted in place by `encrypt --detected`.
// `env secrets` lists names and key ids; a staging value pasted into qa's file does not open as qa even for an
// identity holding every key; `env rotate staging` re-encrypts staging to a new key. Then one deploy_start
// {service, branch} runs all four environments: each deploy stage sees its own values and no other environment's.
// Finally every file under .claude/ (state, audit, logs, stage logs), every tool result, the server's stderr, every
// CLI output and every notification body is searched for the eight values: zero hits, while a control value is found.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, connect, filesUnder, git, projectCli } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dp-envsecrets-'));
const home = mkdtempSync(join(tmpdir(), 'dp-envsecrets-home-'));
let hook;
after(() => {
  hook?.close();
  if (process.env.DP_E2E_KEEP) return;
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const ENVS = ['dev', 'qa', 'staging', 'prod'];
const SECRETS = Object.fromEntries(ENVS.map((e, i) => [e, {
  APP_SECRET: `App-${e}-SECRET-${4711 + i}`,
  [`${e.toUpperCase()}_ONLY_TOKEN`]: `Only-${e}-value-${913 + i}`,
}]));
const VALUES = ENVS.flatMap((e) => Object.values(SECRETS[e]));
const CONTROL = 'visible-control-5521';

/** The CLI as a real process; the value, when there is one, only on standard input. */
const cli = projectCli(dir, home);

test('four environments, a secret each: every stage sees only its own, and no value appears anywhere', { timeout: 600000 }, async () => {
  const delivered = [];
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => { delivered.push(`webhook body: ${body}`); res.end('ok'); });
  });
  await new Promise((r) => hook.listen(0, '127.0.0.1', r));
  const webhook = `http://127.0.0.1:${hook.address().port}/slack/T0/B0/hook`;

  // Each stage records what it received (outside .claude/, removed before the scan) and echoes the value to its
  // log and stderr, which the redactor must mask.
  const deploy = 'printf %s "$APP_SECRET" > "seen-$ENVIRONMENT"; '
    + 'env | grep -E "^(DEV|QA|STAGING|PROD)_ONLY_TOKEN=" | cut -d= -f1 | sort | tr "\\n" " " > "names-$ENVIRONMENT"; '
    + 'echo "deploying $ENVIRONMENT with $APP_SECRET"; echo "warning: $APP_SECRET" >&2';
  mkdirSync(join(dir, '.claude'));
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify({
    service: 'shop', executor: 'local', path: ENVS,
    stages: { validate: { command: 'true' }, build: { command: `echo "plain ${CONTROL}"` }, test: { command: 'true' } },
    environments: Object.fromEntries(ENVS.map((e) => [e, {
      type: e === 'prod' ? 'production' : e === 'staging' ? 'staging' : 'development',
      deploy: { command: deploy },
      ...(e === 'staging' ? { envFile: 'config/staging.env' } : {}),
    }])),
    notifications: { timeoutMs: 2000, slack: {} },
  }));
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\nseen-*\nnames-*\n');
  const fileOf = (e) => join(dir, e === 'staging' ? 'config/staging.env' : `.env.${e}`);
  // dev's values are set one by one from standard input; the others are written in plain text first and encrypted
  // in place by `encrypt --detected` (one JVM start per environment keeps this test quick).
  for (const e of ENVS) {
    writeFileSync(fileOf(e), `LOG_LEVEL=info\n${e === 'dev' ? ''
      : Object.entries(SECRETS[e]).map(([k, v]) => `${k}=${v}\n`).join('')}`);
  }

  const seen = [];
  const t0 = Date.now();
  const run = (args, opts) => {
    const r = cli(args, opts);
    if (process.env.DP_E2E_TRACE) console.error(`${Date.now() - t0} ms: ${args.join(' ')}`);
    seen.push(`cli ${args.join(' ')}: ${r.stdout} ${r.stderr}`);
    return r;
  };
  for (const e of ENVS) {
    const k = run(['env', 'keygen', e]);
    assert.equal(k.status, 0, k.stderr);
    if (e === 'dev') {
      for (const [key, value] of Object.entries(SECRETS[e])) {
        const enc = run(['env', 'encrypt', e, key], { input: `${value}\n` });
        assert.equal(enc.status, 0, enc.stderr);
      }
    } else {
      const enc = run(['env', 'encrypt', e, '--detected', '--json']);
      assert.equal(enc.status, 0, enc.stderr);
      assert.deepEqual(JSON.parse(enc.stdout).encrypted, Object.keys(SECRETS[e]));
    }
    const text = readFileSync(fileOf(e), 'utf8');
    for (const v of Object.values(SECRETS[e])) assert.ok(!text.includes(v), `${e}'s file holds no plain value`);
  }
  assert.match(readFileSync(join(dir, 'config/staging.env'), 'utf8'), /^APP_SECRET=age:/m, 'staging uses its envFile');
  const refused = run(['env', 'encrypt', 'qa', 'APP_SECRET', 'typed-on-the-command-line']);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /reads the value from standard input, never from an argument/);
  assert.doesNotMatch(refused.stderr, /typed-on-the-command-line/);

  const listed = run(['env', 'secrets', 'qa', '--json']);
  assert.equal(listed.status, 0, listed.stderr);
  const qa = JSON.parse(listed.stdout);
  assert.deepEqual(qa.secrets.map((s) => [s.key, s.binding, s.current]), [['APP_SECRET', 'bound', true],
    ['QA_ONLY_TOKEN', 'bound', true]]);
  assert.deepEqual(qa.secrets[0].keyIds, qa.recipientKeyIds);
  assert.match(qa.recipientKeyIds[0], /^[0-9a-f]{8}$/);

  // One identity file holding every environment's key (a CI runner's): binding still keeps staging's value out of qa.
  const keyDir = join(home, '.config', 'deployment-pipeline', 'age');
  const all = join(home, 'all.key');
  writeFileSync(all, ENVS.map((e) => readFileSync(join(keyDir, `${e}.key`), 'utf8')).join(''));
  const qaFile = join(dir, '.env.qa');
  const qaText = readFileSync(qaFile, 'utf8');
  const stagingLine = readFileSync(join(dir, 'config/staging.env'), 'utf8').split('\n').find((l) => l.startsWith('APP_SECRET='));
  writeFileSync(qaFile, qaText.replace(/^APP_SECRET=.*$/m, stagingLine));
  const cross = run(['env', 'decrypt', 'qa', '--verify'], { env: { DEPLOY_AGE_IDENTITY: all } });
  assert.equal(cross.status, 2, cross.stdout);
  assert.match(cross.stderr, /APP_SECRET in \.env\.qa was encrypted for environment staging, not qa \(key id [0-9a-f]{8}\)/);
  assert.match(run(['env', 'secrets', 'qa']).stdout, /APP_SECRET +foreign +[0-9a-f]{8} \(not a current recipient\) - encrypted for staging\/APP_SECRET/);
  writeFileSync(qaFile, qaText);

  const before = JSON.parse(run(['env', 'secrets', 'staging', '--json']).stdout).recipientKeyIds;
  assert.equal(before.length, 1);
  const rotated = run(['env', 'rotate', 'staging']);
  assert.equal(rotated.status, 0, rotated.stderr);
  assert.match(rotated.stdout, new RegExp(`replaces key id ${before[0]}`));
  const after = JSON.parse(run(['env', 'secrets', 'staging', '--json']).stdout);
  assert.notDeepEqual(after.recipientKeyIds, before);
  assert.ok(after.secrets.every((s) => s.current && s.binding === 'bound'), JSON.stringify(after));

  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'four environments with encrypted secrets');

  const conn = await connect(dir, { HOME: home, SLACK_WEBHOOK_URL: webhook }, { onElicit: (p) => ({ action: 'accept',
    content: { decision: p.requestedSchema.properties.decision.default, approver: 'e2e@example.com' } }) });
  const tool = async (name, args) => {
    const r = await call(conn, name, args, { timeout: 120000 });
    seen.push(`${name}: ${JSON.stringify(r)}`);
    return r;
  };
  try {
    const started = await tool('deploy_start', { service: 'shop', branch: 'main', wait: true });
    const id = started.structuredContent.deploymentId;
    assert.equal(started.structuredContent.state, 'awaiting-approval', JSON.stringify(started.structuredContent));
    const approved = await tool('deploy_approve', { deploymentId: id, decision: 'approve', wait: true });
    assert.equal(approved.structuredContent.state, 'completed', JSON.stringify(approved.structuredContent));
    await tool('deploy_status', { deploymentId: id });
    await tool('deploy_history', {});
    await tool('env_list', {});
  } finally {
    await conn.client.close();
  }
  seen.push(`server stderr: ${conn.stderr()}`);

  for (const e of ENVS) {
    assert.equal(readFileSync(join(dir, `seen-${e}`), 'utf8'), SECRETS[e].APP_SECRET, `${e}'s stage got its own value`);
    assert.equal(readFileSync(join(dir, `names-${e}`), 'utf8').trim(), `${e.toUpperCase()}_ONLY_TOKEN`,
      `${e}'s stage got no other environment's value`);
    rmSync(join(dir, `seen-${e}`));
  }
  for (const args of [['deploy', 'audit', '--json'], ['env', 'diff']]) {
    const r = run(args);
    assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: ${r.stderr}`);
  }

  const claude = filesUnder(join(dir, '.claude'));
  for (const e of ENVS) assert.ok(claude.some((f) => f.endsWith(`deploying-${e}.log`)), claude.join('\n'));
  const haystacks = [...claude.map((f) => `${f}: ${readFileSync(f, 'utf8')}`), ...seen, ...delivered];
  const everything = haystacks.join('\n');
  assert.match(everything, new RegExp(`plain ${CONTROL}`), 'control: a value that is not secret is found by this search');
  assert.match(everything, /deploying qa with \[redacted:APP_SECRET\]/, 'the qa stage log shows its echo masked');
  assert.ok(delivered.length > 0, 'notifications were sent and are part of the scan');
  const hits = haystacks.flatMap((h) => VALUES.filter((v) => h.includes(v) || h.includes(encodeURIComponent(v)))
    .map((v) => `${v} in ${h.slice(0, 100)}`));
  assert.deepEqual(hits, [], hits.join('\n'));
});
