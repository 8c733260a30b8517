// Secret hygiene end to end, through the official MCP TypeScript client and the CLI as real processes. Secrets sit
// in the server's environment (Harness API key, Slack and Teams webhook URLs, SMTP password, a *_TOKEN, and a
// variable the config declares secret under a harmless name) and are referenced every way a user would: ${VAR} in
// stage commands and health URLs, a stage that echoes them (plain and URL-encoded), failing stages, a Harness that
// answers 401 echoing the request headers, webhooks that echo the request, a loopback SMTP server, compose content
// inline and in files with .env values. Then every file under .claude/, every tool result, the server's stderr, the
// CLI's stdout and stderr, and every webhook body and mail message sent are searched: zero occurrences of any
// value, raw or URL-encoded. A control value that is not secret must be found, so the search itself is shown to
// work.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, connect, filesUnder, git } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dp-secrets-'));
let echo;
let smtp;
after(() => { echo?.close(); smtp?.close(); rmSync(dir, { recursive: true, force: true }); });

// What the notification channels were sent: webhook bodies and mail messages (not the requests' URLs, headers or
// SMTP AUTH, which legitimately carry the credentials).
const delivered = [];

/** A loopback SMTP server that accepts any AUTH and keeps each message's DATA. */
function smtpServer() {
  return createTcpServer((sock) => {
    let buf = '';
    let data = null;
    sock.write('220 loopback ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data !== null) {
          if (line === '.') { delivered.push(`smtp message: ${data}`); data = null; sock.write('250 queued\r\n'); }
          else data += `${line}\n`;
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO') sock.write('250-loopback\r\n250 AUTH PLAIN LOGIN\r\n');
        else if (cmd === 'AUTH') sock.write('235 ok\r\n');
        else if (cmd === 'DATA') { data = ''; sock.write('354 go\r\n'); }
        else if (cmd === 'QUIT') { sock.end('221 bye\r\n'); }
        else sock.write('250 ok\r\n');
      }
    });
    sock.on('error', () => {});
  });
}

// Stage script that prints its argument URL-encoded, as a curl --data-urlencode or a log of a query string would.
const ENCODE = `#!/bin/bash
s="$1"; o=""
for ((i=0; i<\${#s}; i++)); do c="\${s:i:1}"
  case "$c" in [a-zA-Z0-9.~_-]) o+="$c" ;; *) printf -v h '%%%02X' "'$c"; o+="$h" ;; esac
done
echo "encoded: $o"
`;

let port;
let smtpPort;
function config({ harnessTests = false, failValidate = false } = {}) {
  return {
    service: 'sec', executor: 'local',
    secrets: ['DEPLOY_DB_URL'],
    stages: {
      validate: { command: failValidate
        ? 'echo "cannot reach ${DEPLOY_DB_URL} with ${MY_TOKEN}" >&2; exit 3' : 'true' },
      build: { command: 'echo "plain $PLAIN_VALUE"; echo "building with ${MY_TOKEN} for $DEPLOY_DB_URL"' },
      test: harnessTests ? { executor: 'harness' }
        : { command: 'scripts/encode.sh "$MY_TOKEN"; scripts/encode.sh "${HARNESS_API_KEY}"; env | sort' },
    },
    environments: {
      dev: { deploy: { command: 'true' },
        healthCheck: { url: `http://127.0.0.1:${port}/health?token=\${MY_TOKEN}`, timeoutSeconds: 5 } },
      staging: { deploy: { command: 'echo deploying with ${SMTP_PASSWORD}' },
        healthCheck: { url: `http://127.0.0.1:${port}/unhealthy/\${HARNESS_API_KEY}`, timeoutSeconds: 1,
          intervalMs: 100 } },
      prod: { deploy: { command: 'true' }, requiresApproval: false },
    },
    harness: { orgId: 'default', projectId: 'sec', baseUrl: `http://127.0.0.1:${port}/harness`,
      pipelines: { testing: 'run-tests' } },
    retry: { maxAttempts: 2, backoffMs: 10, backoffMultiplier: 1, retryableStates: ['validating'] },
    notifications: { timeoutMs: 2000, slack: {}, teams: { webhookUrl: '${TEAMS_WEBHOOK_URL}' },
      email: { host: '127.0.0.1', port: smtpPort, starttls: 'off', from: 'deploy@example.com', to: ['ops@example.com'] } },
  };
}

test('no secret reaches .claude/, tool results, stderr or CLI output, however it is referenced', { timeout: 300000 }, async () => {
  echo = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      if (req.url.startsWith('/health')) { res.writeHead(200); res.end('ok'); return; }
      if (!req.url.startsWith('/harness') && !req.url.startsWith('/unhealthy')) delivered.push(`webhook body: ${body}`);
      // The worst case of a real SaaS error page: everything it was sent, echoed back.
      const status = req.url.startsWith('/harness') ? 401 : 500;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'INVALID_TOKEN',
        message: `rejected ${req.url} with ${JSON.stringify(req.headers)}`, correlationId: req.url, body }));
    });
  });
  await new Promise((r) => echo.listen(0, '127.0.0.1', r));
  port = echo.address().port;
  smtp = smtpServer();
  await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = smtp.address().port;
  const secrets = {
    HARNESS_API_KEY: 'pat.acct0123.tokid.HarnessSECRET/42+x',
    SLACK_WEBHOOK_URL: `http://127.0.0.1:${port}/slack/T0/B0/SlackSECRETtoken42`,
    TEAMS_WEBHOOK_URL: `http://127.0.0.1:${port}/teams/workflows/run?api-version=1&sig=TeamsSECRETsig42`,
    SMTP_USERNAME: 'deploy', SMTP_PASSWORD: 'SmtpSECRETpass42',
    MY_TOKEN: 'tok/MySECRET+42&x=y',
    DEPLOY_DB_URL: 'postgres://app:DbSECRETpw42@db.internal/app',
    PLAIN_VALUE: 'visible-control-7781',
  };
  const envFileSecret = 'EnvFileSECRET42';
  const secretFileValue = 'SecretFileVALUE42';
  const needles = [];
  for (const [k, v] of Object.entries(secrets)) {
    if (k === 'PLAIN_VALUE' || k === 'SMTP_USERNAME') continue;
    needles.push(v, encodeURIComponent(v));
  }
  needles.push('HarnessSECRET', 'SlackSECRETtoken42', 'TeamsSECRETsig42', 'MySECRET', 'DbSECRETpw42', envFileSecret,
    secretFileValue);

  mkdirSync(join(dir, '.claude'));
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(join(dir, 'scripts', 'encode.sh'), ENCODE);
  chmodSync(join(dir, 'scripts', 'encode.sh'), 0o755);
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify(config()));
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\n');
  writeFileSync(join(dir, 'compose.yaml'),
    'services:\n  web:\n    image: "nginx:${MY_TOKEN}"\n    ports: ["${APP_TOKEN}"]\n    environment:\n      KEY: ${HARNESS_API_KEY}\n');
  writeFileSync(join(dir, '.env'), `APP_TOKEN=${envFileSecret}\n`);
  writeFileSync(join(dir, 'secrets.env'), `APP_TOKEN=x\nIMAGE_TAG=${secretFileValue}\n`);
  writeFileSync(join(dir, 'compose.tag.yaml'), 'services:\n  web:\n    image: "nginx"\n    ports: ["${IMAGE_TAG}"]\n');
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
  let first;
  try {
    const v = await call('deploy_validate', { service: 'sec', environment: 'dev' });
    assert.ok(!v.isError, JSON.stringify(v));
    // Staging's health URL (holding the Harness key) never answers 2xx: the deployment fails there.
    first = await call('deploy_start', { service: 'sec', branch: 'main', wait: true });
    assert.equal(first.structuredContent.state, 'failed', JSON.stringify(first.structuredContent));
    assert.match(first.structuredContent.error, /health check http:\/\/127\.0\.0\.1:\d+\/unhealthy\/\$\{HARNESS_API_KEY\}/);
    const st = await call('deploy_status', { deploymentId: first.structuredContent.deploymentId });
    assert.ok(JSON.stringify(st).includes('deploying with [redacted'), 'the staging log tail shows the masked echo');

    writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify(config({ harnessTests: true })));
    const bad = await call('deploy_start', { service: 'sec', branch: 'main', wait: true });
    assert.equal(bad.structuredContent.state, 'failed');
    assert.match(bad.structuredContent.error, /HTTP 401|401/);
    assert.match(bad.structuredContent.error, /HARNESS_API_KEY/, 'the 401 names the variable to fix');

    writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify(config({ failValidate: true })));
    const failed = await call('deploy_start', { service: 'sec', branch: 'main', wait: true });
    assert.equal(failed.structuredContent.state, 'failed');
    assert.match(failed.structuredContent.error, /\$\{DEPLOY_DB_URL\} with \$\{MY_TOKEN\}/,
      'the failure shows the command as written');
    await call('deploy_status', { deploymentId: failed.structuredContent.deploymentId });

    for (const channel of ['slack', 'teams', 'email']) await call('notify_test', { channel });
    await call('harness_get_execution', { executionId: 'exec-1' });
    await call('harness_trigger_pipeline', { pipeline: 'run-tests' });
    await call('deploy_history', {});

    const inline = await call('compose_validate', { content:
      'services:\n  web:\n    image: "${HARNESS_API_KEY}"\n    ports: ["${SMTP_PASSWORD}"]\n    environment:\n      A: "${MY_TOKEN}"\n' });
    const inlineText = JSON.stringify(inline.structuredContent);
    for (const name of ['HARNESS_API_KEY', 'SMTP_PASSWORD', 'MY_TOKEN']) {
      assert.match(inlineText, new RegExp(`variable ${name} is not set`), `${name} is reported unset, by name`);
    }
    const files = await call('compose_validate', { paths: ['compose.yaml'] });
    assert.match(JSON.stringify(files.structuredContent), /\$\{APP_TOKEN\}/, 'the .env value is shown as ${APP_TOKEN}');
    const secretFile = await call('compose_validate', { paths: ['compose.tag.yaml'], envFile: 'secrets.env' });
    assert.match(JSON.stringify(secretFile.structuredContent), /\$\{IMAGE_TAG\}/, 'a secrets.env value is shown by name');
  } finally {
    await conn.client.close();
  }
  // Asynchronous on purpose: the echo server lives in this process and must keep answering meanwhile.
  const run = (args, { project = true } = {}) => new Promise((res) => execFile('java',
    ['-jar', JAR, ...args, ...(project ? ['--project', dir] : [])],
    { encoding: 'utf8', timeout: 120000, cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'e2e@example.com', ...secrets } },
    (err, stdout, stderr) => res({ stdout, stderr })));
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify(config()));
  const cliRuns = [['deploy', 'audit', '--json'], ['deploy', 'history', '--json'],
    ['deploy', 'status', first.structuredContent.deploymentId], ['deploy', 'status', first.structuredContent.deploymentId, '--json'],
    ['notify', 'test', '--channel', 'slack'], ['notify', 'test', '--channel', 'teams'],
    ['notify', 'test', '--channel', 'email'], ['validate', 'sec', '--env', 'dev'], ['deploy', 'start', 'sec', 'main']];
  for (const args of cliRuns) {
    const r = await run(args);
    seen.push(`cli ${args.join(' ')} stdout: ${r.stdout}`, `cli ${args.join(' ')} stderr: ${r.stderr}`);
  }
  for (const args of [['compose', 'validate', 'compose.yaml', '--json'],
    ['compose', 'validate', 'compose.tag.yaml', '--env-file', 'secrets.env']]) {
    const r = await run(args, { project: false });
    seen.push(`cli ${args.join(' ')} stdout: ${r.stdout}`, `cli ${args.join(' ')} stderr: ${r.stderr}`);
    assert.match(r.stdout, /APP_TOKEN|IMAGE_TAG/, `${args.join(' ')} reported the variable by name`);
  }
  seen.push(`server stderr: ${conn.stderr()}`);

  const claude = filesUnder(join(dir, '.claude'));
  for (const kind of ['audit.jsonl', 'index.jsonl', 'journal.jsonl', 'building.log', 'testing.log', 'deploying-staging.log']) {
    assert.ok(claude.some((f) => f.endsWith(kind)), `${kind} was written:\n${claude.join('\n')}`);
  }
  assert.ok(delivered.some((d) => d.startsWith('smtp message') && d.includes('failed')), 'mail bodies were captured');
  assert.ok(delivered.filter((d) => d.startsWith('webhook body')).length >= 4, 'webhook bodies were captured');
  const haystacks = [...claude.map((f) => `${f}: ${readFileSync(f, 'utf8')}`), ...seen, ...delivered];
  const all = haystacks.join('\n');
  if (process.env.DP_E2E_DUMP) writeFileSync(process.env.DP_E2E_DUMP, all);
  assert.match(all, /NOTIFY_FAILED/, 'webhook notifications were attempted (and failed against the echo server)');
  assert.match(all, /NOTIFY_SENT/, 'mail notifications were delivered to the loopback SMTP server');
  assert.match(all, /plain visible-control-7781/, 'control: a value that is not secret is found by this search');
  assert.match(all, /building with \[redacted:MY_TOKEN\] for \[redacted:DEPLOY_DB_URL\]/, 'the echo was masked by name');
  assert.match(all, /encoded: \[redacted:MY_TOKEN\]/, 'the URL-encoded echo was masked too');
  const hits = [];
  for (const h of haystacks) {
    for (const n of needles) {
      const at = h.indexOf(n);
      if (at >= 0) hits.push(`${n} in ${h.slice(0, 100)} … ${h.slice(Math.max(0, at - 80), at + n.length + 40)}`);
    }
  }
  assert.deepEqual(hits, [], hits.join('\n'));
  assert.ok(haystacks.length > 40, `searched ${haystacks.length} files and outputs`);
});
