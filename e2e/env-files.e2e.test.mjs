// Env files end to end, through the CLI and the official MCP TypeScript client against the real jar: a key pair
// made by `env keygen`, a value encrypted from standard input, read back by the real `age` CLI, listed and diffed
// by env_list and env_diff without its value, decrypted into the dev deploy stage's environment (and only there),
// and into `env decrypt --exec`'s command, whose echo comes out masked. A wrong key is a clear error naming the
// environment and the identity file. Then every file under .claude/, every tool result, the server's stderr and
// every CLI output is searched for the value: zero occurrences, while a control value is found.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, call, connect, filesUnder, git, projectCli } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dp-envfiles-'));
const home = mkdtempSync(join(tmpdir(), 'dp-envfiles-home-'));
after(() => {
  if (process.env.DP_E2E_KEEP) return;
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const SECRET = 'Pg-DevSECRET-5541';
const CONTROL = 'visible-control-9912';

/** The CLI as a real process; the value, when there is one, only on standard input. */
const cli = projectCli(dir, home);

function hasAge() {
  const found = spawnSync('age', ['--version']).status === 0;
  if (!found && process.env.CI === 'true') throw new Error('age is not installed (.ci/run must apt-get install age)');
  return found;
}

test('secrets from env files reach the stage and nothing else; env_list and env_diff show names only', { timeout: 300000 }, async (t) => {
  mkdirSync(join(dir, '.claude'));
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify({
    service: 'envs', executor: 'local',
    stages: { validate: { command: 'true' }, build: { command: `echo "plain ${CONTROL}"` }, test: { command: 'true' } },
    environments: {
      dev: { deploy: { command: 'printf %s "$DB_PASSWORD" > dev.secret; echo "deploying with $DB_PASSWORD"' } },
      staging: { deploy: { command: 'true' } },
      prod: { deploy: { command: 'true' } },
    },
  }));
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\ndev.secret\n');
  writeFileSync(join(dir, '.env.example'), 'DB_HOST=\nDB_PASSWORD=\nLOG_LEVEL=info\n');
  writeFileSync(join(dir, '.env.development'), 'DB_HOST=db.dev\nLOG_LEVEL=debug\n');
  writeFileSync(join(dir, '.env.staging'), 'DB_HOST=db.staging\nLOG_LEVEL=info\n');
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: "web:${TAG:-1}"\n'
    + '    environment:\n      DB: "postgres://app:${DB_PASSWORD}@${DB_HOST}/app"\n      LEVEL: ${LOG_LEVEL}\n');

  const seen = [];
  const keygen = cli(['env', 'keygen', 'dev']);
  seen.push(keygen.stdout, keygen.stderr);
  assert.equal(keygen.status, 0, keygen.stderr);
  const identity = join(home, '.config', 'deployment-pipeline', 'age', 'development.key');
  assert.ok(existsSync(identity), keygen.stdout);
  assert.match(readFileSync(join(dir, '.env.development.recipients'), 'utf8'), /^age1/m);

  const enc = cli(['env', 'encrypt', 'dev', 'DB_PASSWORD'], { input: `${SECRET}\n` });
  seen.push(enc.stdout, enc.stderr);
  assert.equal(enc.status, 0, enc.stderr);
  const line = readFileSync(join(dir, '.env.development'), 'utf8').split('\n').find((l) => l.startsWith('DB_PASSWORD='));
  assert.match(line, /^DB_PASSWORD=age:[A-Za-z0-9+/=]+$/);

  if (hasAge()) {
    const plain = execFileSync('age', ['--decrypt', '-i', identity],
      { input: Buffer.from(line.slice('DB_PASSWORD=age:'.length), 'base64') }).toString();
    assert.equal(plain, `deployment-pipeline/v1 development DB_PASSWORD\n${SECRET}`,
      'the real age CLI opens the value we wrote: the binding line, then the value');
  } else {
    t.diagnostic('age not installed: the real-CLI read-back is skipped locally');
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'env files');

  const conn = await connect(dir, { HOME: home });
  const tool = async (name, args) => {
    const r = await call(conn, name, args, { timeout: 120000 });
    seen.push(`${name}: ${JSON.stringify(r)}`);
    return r;
  };
  try {
    const tools = conn.tools.filter((x) => x.name.startsWith('env_'));
    assert.deepEqual(tools.map((x) => [x.name, x.annotations.readOnlyHint]),
      [['env_list', true], ['env_show', true], ['env_create', false], ['env_delete', false], ['env_diff', true]]);
    const list = await tool('env_list', {});
    assert.ok(!list.isError, JSON.stringify(list));
    // The config's dev reads .env.development: one row, joined by name.
    const dev = list.structuredContent.environments.find((e) => e.environment === 'dev');
    assert.deepEqual({ file: dev.file, keys: dev.keys, secrets: dev.secrets, encrypted: dev.encrypted,
      recipients: dev.recipients, configured: dev.configured, type: dev.type, secretNames: dev.secretNames },
    { file: '.env.development', keys: 3, secrets: 1, encrypted: 1, recipients: '.env.development.recipients',
      configured: true, type: 'development', secretNames: ['DB_PASSWORD'] });
    assert.ok(!list.structuredContent.environments.some((e) => e.environment === 'development'), 'not listed twice');
    const diff = await tool('env_diff', { environments: ['dev', 'staging'] });
    const rows = Object.fromEntries(diff.structuredContent.keys.map((k) => [k.key, k]));
    assert.equal(rows.DB_HOST.values, 'differ');
    assert.deepEqual(rows.DB_PASSWORD.presence, { development: 'encrypted', staging: 'absent' });
    // A path is not an environment: the input schema's pattern refuses it before the handler runs.
    const bad = await conn.client.callTool({ name: 'env_diff', arguments: { environments: ['../etc'] } });
    seen.push(JSON.stringify(bad));
    assert.ok(bad.isError, JSON.stringify(bad));
    assert.match(JSON.stringify(bad.content), /pattern|environments/);

    const started = await tool('deploy_start', { service: 'envs', branch: 'main', wait: true });
    assert.equal(started.structuredContent.state, 'awaiting-approval', JSON.stringify(started.structuredContent));
    assert.equal(readFileSync(join(dir, 'dev.secret'), 'utf8'), SECRET, 'the dev deploy stage got the decrypted value');
    await tool('deploy_status', { deploymentId: started.structuredContent.deploymentId });
  } finally {
    await conn.client.close();
  }
  seen.push(`server stderr: ${conn.stderr()}`);

  const exec = cli(['env', 'decrypt', 'dev', '--exec', '--', 'sh', '-c',
    `test "$DB_PASSWORD" = '${SECRET}' && echo "match; got $DB_PASSWORD on $DB_HOST"`]);
  seen.push(exec.stdout, exec.stderr);
  assert.equal(exec.status, 0, exec.stdout + exec.stderr);
  assert.match(exec.stdout, /match; got \[redacted:DB_PASSWORD\] on db\.dev/, 'the child saw it; its echo is masked');

  for (const args of [['env', 'list', '--json'], ['env', 'diff'], ['env', 'missing'], ['env', 'scan'],
    ['env', 'decrypt', 'dev', '--verify'], ['deploy', 'audit', '--json']]) {
    const r = cli(args);
    seen.push(`cli ${args.join(' ')}: ${r.stdout} ${r.stderr}`);
    assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: ${r.stderr}`);
  }
  const missing = cli(['env', 'missing', 'staging']);
  assert.match(missing.stdout, /missing \(in \.env\.example\): DB_PASSWORD/);
  assert.match(missing.stdout, /undeclared \(compose needs it\): DB_PASSWORD/);

  const other = join(home, 'other.key');
  // Another environment's key (made in another directory): a real identity, just not one dev's values are for.
  execFileSync('java', ['-jar', JAR, 'env', 'keygen', 'scratch', '--project', home, '-i', other],
    { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
  const wrong = cli(['env', 'decrypt', 'dev', '--verify'], { env: { DEPLOY_AGE_IDENTITY: other } });
  seen.push(wrong.stdout, wrong.stderr);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, new RegExp(`the age identity in ${other} \\(key id [0-9a-f]{8}\\) cannot decrypt DB_PASSWORD of environment `
    + 'development \\(\\.env\\.development\\)'));
  const none = cli(['env', 'decrypt', 'dev', '--verify'], { env: { DEPLOY_AGE_IDENTITY: join(home, 'absent.key') } });
  assert.match(none.stderr, /no age identity for environment development \(key id [0-9a-f]{8}\): .*absent\.key does not exist/);

  const claude = filesUnder(join(dir, '.claude'));
  assert.ok(claude.some((f) => f.endsWith('deploying-dev.log')), claude.join('\n'));
  const haystacks = [...claude.map((f) => `${f}: ${readFileSync(f, 'utf8')}`), ...seen];
  const all = haystacks.join('\n');
  assert.match(all, new RegExp(`plain ${CONTROL}`), 'control: a value that is not secret is found by this search');
  assert.match(all, /deploying with \[redacted:DB_PASSWORD\]/, 'the stage log shows the echo masked by name');
  const hits = haystacks.filter((h) => h.includes(SECRET) || h.includes(encodeURIComponent(SECRET)))
    .map((h) => h.slice(0, 120));
  assert.deepEqual(hits, [], hits.join('\n'));
});
