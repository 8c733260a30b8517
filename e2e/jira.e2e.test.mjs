// Jira through the official MCP TypeScript client and the real jar: a Jira Cloud REST v3 emulator on 127.0.0.1
// speaks the same wire format as the Java FakeJiraServer (basic auth with email and API token, ADF comment bodies,
// transitions GET/POST, remote links, Jira's {"errorMessages": [], "errors": {}} error shape). A full deployment
// (dev → staging → approval → prod → completed) must make exactly the expected calls, in order; a rejected token
// is audited as NOTIFY_FAILED and holds nothing up. The token is in no output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, cleanup, connect, filesUnder, git, helloProject, ports, until, emulate } from './harness.mjs';

const EMAIL = 'deploy-bot@example.com';
const TOKEN = 'ATATT3xE2eJiraT0kenNeverShown';
const BRANCH = 'feature/ABC-7-polite-hello';
const WORKFLOW = [['To Do', '11', 'Reopen'], ['In Progress', '21', 'Start progress'], ['Done', '31', 'Done']];

let emulator, baseUrl;
const received = [];
const status = new Map([['ABC-7', 'To Do'], ['ABC-8', 'To Do']]);
const links = new Map();

function send(res, code, body, headers = {}) {
  res.writeHead(code, body === '' ? headers : { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(body);
}

function error(res, code, errorMessages, errors = {}, headers = {}) {
  send(res, code, JSON.stringify({ errorMessages, errors }), headers);
}

function transitions(key) {
  return WORKFLOW.filter(([to]) => to !== status.get(key)).map(([to, id, name]) => ({ id, name, hasScreen: false,
    isGlobal: true, isInitial: false, isAvailable: true, isConditional: false,
    to: { self: `${baseUrl}/rest/api/3/status/${id}`, name: to, id } }));
}

function validAdf(doc) {
  const nodes = (content) => Array.isArray(content) && content.every((n) => (n.type === 'text'
    ? typeof n.text === 'string' && n.text.length > 0
    : ['paragraph', 'bulletList', 'listItem'].includes(n.type) && nodes(n.content)));
  return doc && doc.type === 'doc' && doc.version === 1 && nodes(doc.content);
}

function handle(req, res, body) {
  const path = new URL(req.url, baseUrl).pathname;
  received.push({ line: `${req.method} ${path}`, headers: req.headers, body });
  const auth = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;
  if (req.headers.authorization !== auth) {
    return error(res, 401, ['Client must be authenticated to access this resource.']);
  }
  if (req.method === 'GET' && path === '/rest/api/3/myself') {
    return send(res, 200, JSON.stringify({ accountId: '5b10a2844c20165700ede21g', emailAddress: EMAIL,
      displayName: 'Deploy Bot', active: true }));
  }
  const m = path.match(/^\/rest\/api\/3\/issue\/([^/]+)\/(comment|transitions|remotelink)$/);
  if (!m) return error(res, 404, [`null for uri: ${baseUrl}${path}`]);
  const key = decodeURIComponent(m[1]);
  if (!status.has(key)) return error(res, 404, ['Issue does not exist or you do not have permission to see it.']);
  let json = null;
  if (req.method === 'POST') {
    if (!String(req.headers['content-type']).startsWith('application/json')) return send(res, 415, '');
    try { json = JSON.parse(body); } catch { return error(res, 400, ['Unexpected character in the request body.']); }
  }
  const route = `${req.method} ${m[2]}`;
  if (route === 'POST comment') {
    if (!validAdf(json.body)) return error(res, 400, [], { comment: 'Comment body is not valid!' });
    return send(res, 201, JSON.stringify({ id: String(10000 + received.length), body: json.body,
      self: `${baseUrl}/rest/api/3/issue/${key}/comment/${10000 + received.length}` }));
  }
  if (route === 'GET transitions') return send(res, 200, JSON.stringify({ expand: 'transitions', transitions: transitions(key) }));
  if (route === 'POST transitions') {
    const t = transitions(key).find((x) => x.id === json?.transition?.id);
    if (!t) return error(res, 400, [`Transition id '${json?.transition?.id}' is not valid for this issue.`]);
    status.set(key, t.to.name);
    return send(res, 204, '');
  }
  if (route === 'POST remotelink') {
    if (!json?.object?.url || !json?.object?.title) return error(res, 400, [], { url: "'url' is required." });
    const existed = links.has(`${key} ${json.globalId}`);
    links.set(`${key} ${json.globalId}`, json);
    return send(res, existed ? 200 : 201, JSON.stringify({ id: 10000 + received.length,
      self: `${baseUrl}/rest/api/3/issue/${key}/remotelink/${10000 + received.length}` }));
  }
  return error(res, 405, ['Method Not Allowed']);
}

before(async () => {
  ({ server: emulator, baseUrl } = await emulate(handle));
});

after(async () => {
  await new Promise((r) => emulator.close(r));
});

/** hello-service on BRANCH with a jira section, its last commit naming ABC-8 (and XYZ-1, outside jira.projects). */
function jiraProject() {
  const dir = helloProject();
  const cfgPath = join(dir, '.claude', 'deployment-config.json');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
  cfg.jira = { baseUrl, email: EMAIL, projects: ['ABC'], transition: 'Done',
    deploymentUrl: 'https://deploy.example.com/deployments/{id}' };
  writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));
  git(dir, 'checkout', '-q', '-b', BRANCH);
  git(dir, 'commit', '-q', '-am', 'ABC-8 greet politely (and XYZ-1)');
  return dir;
}

async function deployToProd(conn) {
  const started = await call(conn, 'deploy_start', { service: 'hello-service', branch: BRANCH, wait: true },
    { timeout: 120000 });
  assert.equal(started.structuredContent.state, 'awaiting-approval', JSON.stringify(started.structuredContent));
  const id = started.structuredContent.deploymentId;
  const done = await call(conn, 'deploy_approve', { deploymentId: id, decision: 'approve', wait: true },
    { timeout: 120000 });
  assert.equal(done.structuredContent.state, 'completed', JSON.stringify(done.structuredContent));
  return id;
}

function auditOf(dir) {
  return filesUnder(join(dir, '.claude', 'deployments')).filter((f) => /audit/.test(f))
    .map((f) => readFileSync(f, 'utf8')).join('\n');
}

const comment = (k) => [`POST /rest/api/3/issue/${k}/comment`];
const completion = (k) => [`POST /rest/api/3/issue/${k}/comment`, `GET /rest/api/3/issue/${k}/transitions`,
  `POST /rest/api/3/issue/${k}/transitions`, `POST /rest/api/3/issue/${k}/remotelink`];
const EXPECTED = [...comment('ABC-7'), ...comment('ABC-8'), ...comment('ABC-7'), ...comment('ABC-8'),
  ...completion('ABC-7'), ...completion('ABC-8')];

test('notify_test checks the credentials; a full deployment makes exactly the expected Jira calls, in order', async () => {
  const dir = jiraProject();
  const conn = await connect(dir, { ...(await ports()), JIRA_API_TOKEN: TOKEN }, { onElicit: (p) => ({
    action: 'accept', content: { decision: p.requestedSchema.properties.decision.default, approver: 'e2e@example.com' } }) });
  try {
    received.length = 0;
    const check = await call(conn, 'notify_test', { channel: 'jira' });
    assert.equal(check.isError, false, JSON.stringify(check.structuredContent));
    assert.deepEqual(check.structuredContent, { channel: 'jira', delivered: true, status: 'sent', attempts: 1 });
    assert.deepEqual(received.map((r) => r.line), ['GET /rest/api/3/myself']);

    received.length = 0;
    const id = await deployToProd(conn);
    await until(() => received.length >= EXPECTED.length, 'the Jira calls', 30000);
    await new Promise((r) => setTimeout(r, 500)); // nothing more may arrive
    assert.deepEqual(received.map((r) => r.line), EXPECTED);
    assert.equal(status.get('ABC-7'), 'Done');
    assert.equal(status.get('ABC-8'), 'Done');
    assert.deepEqual(JSON.parse(received[6].body), { transition: { id: '31' } });
    const last = JSON.parse(received[4].body).body;
    assert.match(JSON.stringify(last), /Deployment completed/);
    assert.match(JSON.stringify(last), new RegExp(`https://deploy.example.com/deployments/${id}`));
    const link = links.get(`ABC-8 deployment-pipeline:hello-service:${id}`);
    assert.equal(link.object.url, `https://deploy.example.com/deployments/${id}`);

    await until(() => (auditOf(dir).match(/NOTIFY_SENT/g) ?? []).length >= 3, 'the audit', 10000);
    assert.doesNotMatch(auditOf(dir), /NOTIFY_FAILED/);
    const outputs = filesUnder(join(dir, '.claude')).map((f) => readFileSync(f, 'utf8')).join('\n') + conn.stderr();
    assert.ok(!outputs.includes(TOKEN), 'the Jira token leaked into the project files or stderr');
  } finally {
    await conn.client.close();
    cleanup(dir);
  }
});

test('a rejected token is audited as NOTIFY_FAILED and does not hold the deployment up', async () => {
  const dir = jiraProject();
  const wrong = 'ATATT3xE2eWrongTokenValue';
  const conn = await connect(dir, { ...(await ports()), JIRA_API_TOKEN: wrong });
  try {
    received.length = 0;
    const started = await call(conn, 'deploy_start', { service: 'hello-service', branch: BRANCH, wait: true },
      { timeout: 120000 });
    assert.equal(started.structuredContent.state, 'awaiting-approval', JSON.stringify(started.structuredContent));
    await until(() => (auditOf(dir).match(/NOTIFY_FAILED/g) ?? []).length >= 2, 'two NOTIFY_FAILED', 30000);
    const audit = auditOf(dir);
    assert.match(audit, /"channel":"jira"/);
    assert.match(audit, /HTTP 401 Client must be authenticated to access this resource/);
    assert.match(audit, /API token from id\.atlassian\.com/);
    // A 401 ends the milestone's attempt: one call each for started and awaiting-approval, no retries.
    assert.deepEqual(received.map((r) => r.line), [...comment('ABC-7'), ...comment('ABC-7')]);
    assert.ok(!audit.includes(wrong) && !conn.stderr().includes(wrong), 'the token leaked');
  } finally {
    await conn.client.close();
    cleanup(dir);
  }
});
