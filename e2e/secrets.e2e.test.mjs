// Secret hygiene end to end: real secrets in the environment (Harness API key, Slack and Teams webhook URLs,
// SMTP password), loopback servers that echo the request (URL, headers) back in their error bodies, one
// pipeline that succeeds and one that fails on Harness; then every state file, audit line, log, stderr and tool
// result is searched. Zero occurrences allowed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, connect, freePort, git } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dp-secrets-'));
let echo;
after(() => { echo?.close(); rmSync(dir, { recursive: true, force: true }); });

function config(testExecutor) {
  return {
    service: 'sec', executor: 'local',
    stages: { validate: { command: 'true' }, build: { command: 'echo built' },
      test: { command: 'echo tested', ...(testExecutor ? { executor: testExecutor } : {}) } },
    environments: { dev: { deploy: { command: 'true' } }, staging: { deploy: { command: 'true' } },
      prod: { deploy: { command: 'true' }, requiresApproval: false } },
    harness: { orgId: 'default', projectId: 'sec', baseUrl: `http://127.0.0.1:${echo.address().port}/harness`,
      pipelines: { testing: 'run-tests' } },
    retry: { maxAttempts: 2, backoffMs: 10, backoffMultiplier: 1 },
    notifications: { timeoutMs: 2000, slack: {}, teams: {},
      email: { host: '127.0.0.1', port: closedPort, starttls: 'off', from: 'deploy@example.com', to: ['ops@example.com'] } },
  };
}
let closedPort;

function filesUnder(root) {
  const out = [];
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

test('no secret appears in state, audit, logs, stderr or tool results', { timeout: 180000 }, async () => {
  echo = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      // The worst case of a real SaaS error page: everything it was sent, echoed back.
      const status = req.url.startsWith('/harness') ? 401 : 500;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'INVALID_TOKEN', message: `rejected ${req.url} with ${JSON.stringify(req.headers)}`, body }));
    });
  });
  await new Promise((r) => echo.listen(0, '127.0.0.1', r));
  closedPort = await freePort();
  const port = echo.address().port;
  const secrets = {
    HARNESS_API_KEY: 'pat.acct0123.tokSECRETharness42.zzz',
    SLACK_WEBHOOK_URL: `http://127.0.0.1:${port}/slack/T0/B0/SlackSECRETtoken42`,
    TEAMS_WEBHOOK_URL: `http://127.0.0.1:${port}/teams/workflows/run?api-version=1&sig=TeamsSECRETsig42`,
    SMTP_USERNAME: 'deploy', SMTP_PASSWORD: 'SmtpSECRETpass42',
  };
  const needles = ['tokSECRETharness42', 'SlackSECRETtoken42', 'TeamsSECRETsig42', 'SmtpSECRETpass42',
    secrets.HARNESS_API_KEY, secrets.SLACK_WEBHOOK_URL, secrets.TEAMS_WEBHOOK_URL];

  mkdirSync(join(dir, '.claude'));
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify(config(null)));
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'sec');

  const seen = [];
  const conn = await connect(dir, secrets);
  const call = async (name, args) => {
    const r = await conn.client.callTool({ name, arguments: args }, undefined, { timeout: 120000 });
    seen.push(`${name}: ${JSON.stringify(r)}`);
    return r;
  };
  try {
    const ok = await call('deploy_start', { service: 'sec', branch: 'main', wait: true });
    assert.equal(ok.structuredContent.state, 'completed');
    writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify(config('harness')));
    const bad = await call('deploy_start', { service: 'sec', branch: 'main', wait: true });
    assert.equal(bad.structuredContent.state, 'failed');
    assert.match(bad.structuredContent.error, /test|401|Harness|harness/i);
    for (const channel of ['slack', 'teams', 'email']) await call('notify_test', { channel });
    await call('harness_get_execution', { executionId: 'exec-1' });
    await call('harness_trigger_pipeline', { pipeline: 'run-tests' });
    await call('deploy_status', { deploymentId: bad.structuredContent.deploymentId });
    await call('deploy_history', {});
  } finally {
    await conn.client.close();
  }
  // Asynchronous on purpose: the echo server lives in this process and must keep answering meanwhile.
  const run = (args) => new Promise((res) => execFile('java', ['-jar', JAR, ...args, '--project', dir],
    { encoding: 'utf8', timeout: 120000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'e2e@example.com', ...secrets } },
    (err, stdout, stderr) => res({ stdout, stderr })));
  for (const args of [['deploy', 'audit', '--json'], ['deploy', 'history', '--json'], ['notify', 'test', '--channel', 'slack'],
    ['notify', 'test', '--channel', 'email'], ['deploy', 'start', 'sec', 'main']]) {
    const r = await run(args);
    seen.push(`cli ${args.join(' ')} stdout: ${r.stdout}`, `cli stderr: ${r.stderr}`);
  }
  seen.push(`server stderr: ${conn.stderr()}`);

  const files = filesUnder(join(dir, '.claude', 'deployments'));
  assert.ok(files.some((f) => f.endsWith('audit.jsonl')) && files.some((f) => f.endsWith('.log')), files.join('\n'));
  const haystacks = [...files.map((f) => `${f}: ${readFileSync(f, 'utf8')}`), ...seen];
  const audit = readFileSync(join(dir, '.claude', 'deployments', 'audit.jsonl'), 'utf8');
  assert.match(audit, /NOTIFY_FAILED/, 'notifications were attempted (and failed against the echo server)');
  const hits = [];
  for (const h of haystacks) for (const n of needles) if (h.includes(n)) hits.push(`${n} in ${h.slice(0, 120)}…`);
  assert.deepEqual(hits, [], hits.join('\n'));
  assert.ok(haystacks.length > 20, `searched ${haystacks.length} files and outputs`);
});
