// harness_trigger_pipeline through the official MCP TypeScript client and the real jar: a Harness emulator on
// 127.0.0.1 speaks the NextGen pipeline wire format (the same one as the Java FakeHarnessServer: execute with a YAML
// body, execution/v2 status, Harness's error envelope). With wait, progress notifications stream until the
// execution finishes and the result carries the execution's URL. The API key is in no output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { call, cleanup, connect, helloProject, JAR, emulate } from './harness.mjs';

const ACCOUNT = 'acc123';
const KEY = `pat.${ACCOUNT}.tok456.e2eS3cr3tNeverShown`;
const SCRIPT = ['Running', 'Running', 'ApprovalWaiting', 'Success'];

let dir, conn, emulator, baseUrl;
const received = [];
const runs = new Map();

function envelope(data) {
  return JSON.stringify({ status: 'SUCCESS', data, metaData: null, correlationId: `corr-${received.length}` });
}

function error(res, status, code, message) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ status: 'ERROR', code, message, correlationId: `corr-${code.toLowerCase()}`,
    detailedMessage: null, responseMessages: [{ code, level: 'ERROR', message }], metadata: null }));
}

function summary(run) {
  const status = run.script[Math.min(run.reads, run.script.length - 1)];
  return { pipelineIdentifier: run.pipeline, planExecutionId: run.id, name: run.pipeline, status,
    startTs: run.startTs, createdAt: run.startTs,
    layoutNodeMap: { n1: { nodeType: 'Deployment', nodeGroup: 'STAGE', nodeIdentifier: 'deploy', name: 'Deploy', status } } };
}

function handle(req, res, body) {
  const url = new URL(req.url, baseUrl);
  const q = Object.fromEntries(url.searchParams);
  received.push({ method: req.method, path: url.pathname, query: q, headers: req.headers, body });
  if (req.headers['x-api-key'] !== KEY) return error(res, 401, 'INVALID_CREDENTIAL', 'Invalid API token');
  if (q.accountIdentifier !== ACCOUNT || !q.orgIdentifier || !q.projectIdentifier) {
    return error(res, 400, 'INVALID_REQUEST', 'accountIdentifier, orgIdentifier and projectIdentifier are required');
  }
  const execute = url.pathname.match(/^\/pipeline\/api\/pipeline\/execute\/([^/]+)$/);
  if (req.method === 'POST' && execute) {
    if (req.headers['content-type'] !== 'application/yaml') {
      return error(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/yaml');
    }
    const id = `ex${runs.size + 1}e2e`;
    const run = { id, pipeline: decodeURIComponent(execute[1]), yaml: body, script: SCRIPT, reads: 0, startTs: Date.now() };
    runs.set(id, run);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(envelope({ planExecution: { uuid: id, status: 'RUNNING',
      metadata: { executionUuid: id, runSequence: runs.size, pipelineIdentifier: run.pipeline }, startTs: run.startTs },
    gitDetails: {} }));
  }
  const status = url.pathname.match(/^\/pipeline\/api\/pipelines\/execution\/v2\/([^/]+)$/);
  if (req.method === 'GET' && status) {
    const run = runs.get(status[1]);
    if (!run) return error(res, 404, 'RESOURCE_NOT_FOUND_EXCEPTION', `Plan Execution ${status[1]} not found`);
    const s = summary(run);
    run.reads++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(envelope({ pipelineExecutionSummary: s, executionGraph: { rootNodeId: 'root', nodeMap: {} } }));
  }
  return error(res, 404, 'RESOURCE_NOT_FOUND', `no such endpoint ${url.pathname}`);
}

before(async () => {
  ({ server: emulator, baseUrl } = await emulate(handle));
  dir = helloProject();
  const cfgPath = join(dir, '.claude', 'deployment-config.json');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
  // Short polls so the wait takes seconds: 1 s, no backoff.
  cfg.harness = { orgId: 'default', projectId: 'payments', baseUrl, pollInitialSeconds: 1, pollMultiplier: 1.0,
    pollMaxSeconds: 1, requestTimeoutSeconds: 5 };
  writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));
  conn = await connect(dir, { HARNESS_API_KEY: KEY });
});

after(async () => {
  await conn?.client.close();
  await new Promise((r) => emulator?.close(r));
  cleanup(dir);
});

test('harness_trigger_pipeline with wait streams progress and returns the execution URL', async () => {
  const progress = [];
  const r = await call(conn, 'harness_trigger_pipeline',
    { pipeline: 'deploy-dev', inputs: { imageTag: '1.4.2' }, wait: true, timeoutSeconds: 60 },
    { onprogress: (p) => { progress.push(p); }, timeout: 90000 });

  assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
  const s = r.structuredContent;
  assert.equal(s.pipeline, 'deploy-dev');
  assert.equal(s.status, 'Success');
  assert.equal(s.finished, true);
  assert.equal(s.succeeded, true);
  assert.equal(s.url, `${baseUrl}/ng/account/${ACCOUNT}/all/orgs/default/projects/payments/pipelines/deploy-dev/`
    + `executions/${s.executionId}/pipeline`);

  // One execute, with the key in its header only, a YAML body carrying the input, and scope in the query.
  const executes = received.filter((x) => x.method === 'POST');
  assert.equal(executes.length, 1);
  assert.equal(executes[0].path, '/pipeline/api/pipeline/execute/deploy-dev');
  assert.equal(executes[0].query.orgIdentifier, 'default');
  assert.equal(executes[0].query.projectIdentifier, 'payments');
  assert.match(executes[0].body, /imageTag/);
  assert.match(executes[0].body, /1\.4\.2/);
  const polls = received.filter((x) => x.method === 'GET');
  assert.equal(polls.length, SCRIPT.length, 'one read per scripted status: polled until Success, then stopped');

  // Progress: the start, then the statuses as they change, ending at Success.
  const messages = progress.map((p) => p.message);
  assert.ok(progress.length >= 3, `too few progress notifications: ${JSON.stringify(messages)}`);
  assert.match(messages[0], /deploy-dev/);
  assert.ok(messages.some((m) => /ApprovalWaiting/.test(m)), JSON.stringify(messages));
  assert.ok(messages.some((m) => /Success/.test(m)), JSON.stringify(messages));
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].progress > progress[i - 1].progress, 'progress rises');

  const all = JSON.stringify(r) + JSON.stringify(progress) + conn.stderr();
  assert.ok(!all.includes(KEY) && !all.includes('e2eS3cr3tNeverShown'), 'the API key leaked into output');
});

test('harness_get_execution reads the status back; an unknown execution is an isError result with Harness\'s message', async () => {
  const [id] = [...runs.keys()];
  const got = await call(conn, 'harness_get_execution', { executionId: id });
  assert.equal(got.isError, false);
  assert.equal(got.structuredContent.status, 'Success');
  assert.match(got.structuredContent.url, new RegExp(`/executions/${id}/pipeline$`));

  const bad = await call(conn, 'harness_get_execution', { executionId: 'nope404' });
  assert.equal(bad.isError, true);
  assert.match(bad.structuredContent.error, /not found/);
  assert.ok(!JSON.stringify(bad).includes(KEY));
});

test('no side door: deploy-prod and another org or project are refused; every trigger is audited', async () => {
  const before = received.filter((x) => x.method === 'POST').length;
  const prod = await call(conn, 'harness_trigger_pipeline', { pipeline: 'deploy-prod' });
  assert.equal(prod.isError, true);
  assert.match(prod.structuredContent.error, /pipeline 'deploy-prod' deploys or rolls back prod, which requires approval/);
  assert.match(prod.structuredContent.nextStep, /^call deploy_start with service 'hello-service'/);
  const other = await call(conn, 'harness_trigger_pipeline', { pipeline: 'deploy-dev', project: 'billing' });
  assert.equal(other.isError, true);
  assert.match(other.structuredContent.error, /project 'billing' is not the configured harness.projectId/);
  assert.equal(received.filter((x) => x.method === 'POST').length, before, 'a refused pipeline reached Harness');

  // the CLI goes through the same service: same refusal, CLI wording
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, HARNESS_API_KEY: KEY,
    ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) };
  const cli = spawnSync('java', ['-jar', JAR, 'harness', 'trigger', 'rollback-prod', '--project', dir],
    { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(cli.status, 2, cli.stderr);
  assert.match(cli.stderr, /next: run: deployment-pipeline deploy start hello-service/);

  const audit = JSON.parse(spawnSync('java', ['-jar', JAR, 'deploy', 'audit', '--json', '--project', dir],
    { encoding: 'utf8', env }).stdout).entries;
  const triggered = audit.filter((e) => e.event === 'HARNESS_TRIGGERED');
  assert.equal(triggered.length, 1, JSON.stringify(audit.map((e) => e.event)));
  assert.equal(triggered[0].actor, 'e2e@example.com');
  assert.equal(triggered[0].details.pipeline, 'deploy-dev');
  assert.equal(triggered[0].details.executionId, [...runs.keys()][0]);
  assert.match(triggered[0].details.inputs, /imageTag/);
  const refused = audit.filter((e) => e.event === 'REFUSED' && e.details.attempted === 'HARNESS_TRIGGER');
  assert.deepEqual(refused.map((e) => [e.details.pipeline, e.details.rule, e.details.channel]),
    [['deploy-prod', 'gatedPipeline', 'mcp'], ['deploy-dev', 'scope', 'mcp'], ['rollback-prod', 'gatedPipeline', 'cli']]);
  assert.ok(!JSON.stringify(audit).includes(KEY), 'the API key reached the audit trail');
});
