// The prod gate through the official MCP TypeScript client and the real jar: deploy_approve asks the human with
// an elicitation form; accept decides as the human chose, decline and cancel approve nothing, and a client that
// cannot show a form is refused with the terminal command. deploy_validate returns the checklist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { call, cleanup, connect, git, helloProject, ports, toGate, JAR } from './harness.mjs';

let dir, env;
const answers = [];
let human; // connected with elicitation; answers with answers.shift()
let headless; // no elicitation capability

function auditOf(id) {
  const out = execFileSync('java', ['-jar', JAR, 'deploy', 'audit', id, '--json', '--project', dir],
    { encoding: 'utf8', env: { ...process.env, ...env } });
  return JSON.parse(out).entries;
}

before(async () => {
  dir = helloProject();
  env = await ports();
  human = await connect(dir, env, { onElicit: () => answers.shift() });
  headless = await connect(dir, env);
});

after(async () => {
  await human?.client.close();
  await headless?.client.close();
  cleanup(dir);
});

test('deploy_validate returns the checklist; an unknown branch fails the git check', async () => {
  const ok = (await call(human, 'deploy_validate', { service: 'hello-service', environment: 'staging' })).structuredContent;
  assert.deepEqual(ok.checks.map((c) => c.check), ['config', 'secrets', 'health', 'concurrency', 'window', 'git']);
  assert.equal(ok.ok, true, JSON.stringify(ok));
  const bad = (await call(human, 'deploy_validate', { service: 'hello-service', environment: 'prod', branch: 'nope' }))
    .structuredContent;
  assert.equal(bad.ok, false);
  assert.equal(bad.checks.find((c) => c.check === 'git').ok, false);
});

test('a client without elicitation is refused with the terminal command, and nothing is approved', async () => {
  const id = await toGate(headless);
  const r = await call(headless, 'deploy_approve', { deploymentId: id, decision: 'approve' });
  assert.equal(r.isError, true);
  assert.match(r.structuredContent.error, /cannot ask a human/);
  assert.equal(r.structuredContent.terminalCommand, `deployment-pipeline deploy approve ${id}`);
  assert.match(r.structuredContent.nextStep, new RegExp(`deployment-pipeline deploy approve ${id} `));
  assert.equal(r.structuredContent.signedCommand, `deployment-pipeline deploy approve ${id} --sign ~/.ssh/id_ed25519`);
  assert.equal((await call(headless, 'deploy_status', { deploymentId: id })).structuredContent.state, 'awaiting-approval');

  // decline and cancel approve nothing either, and each refusal is audited with its channel and reason
  answers.push({ action: 'decline' }, { action: 'cancel' });
  const declined = await call(human, 'deploy_approve', { deploymentId: id, decision: 'approve' });
  assert.equal(declined.isError, true);
  assert.match(declined.structuredContent.error, /declined/);
  const cancelled = await call(human, 'deploy_approve', { deploymentId: id, decision: 'approve' });
  assert.equal(cancelled.isError, true);
  assert.match(cancelled.structuredContent.error, /cancelled/);
  assert.equal(cancelled.structuredContent.terminalCommand, `deployment-pipeline deploy approve ${id}`);
  assert.equal((await call(human, 'deploy_status', { deploymentId: id })).structuredContent.state, 'awaiting-approval');

  const form = human.elicitations.at(-1);
  assert.match(form.message, /Deploy to PROD: hello-service @ /);
  assert.match(form.message, /hello v1/);
  assert.deepEqual(form.requestedSchema.properties.decision.enum, ['approve', 'reject']);
  assert.equal(form.requestedSchema.properties.approver, undefined, 'a typed name would only be a claim');

  const refusals = auditOf(id).filter((e) => e.event === 'REFUSED');
  assert.deepEqual(refusals.map((e) => e.details.reason.match(/cannot ask|declined|cancelled/)[0]),
    ['cannot ask', 'declined', 'cancelled']);
  assert.ok(refusals.every((e) => e.details.channel === 'mcp' && e.actor === 'e2e@example.com'));

  // the human's choice wins over the agent's: asked to approve, the human rejects
  answers.push({ action: 'accept', content: { decision: 'reject', comment: 'not today', approver: 'lead@example.com' } });
  const rejected = await call(human, 'deploy_approve', { deploymentId: id, decision: 'approve' });
  assert.equal(rejected.isError, false, JSON.stringify(rejected.structuredContent));
  assert.equal(rejected.structuredContent.state, 'failed');
  const line = auditOf(id).find((e) => e.event === 'REJECTED');
  assert.equal(line.actor, 'e2e@example.com', 'the typed name is ignored');
  assert.equal(line.details.channel, 'mcp-elicitation');
  assert.equal(line.details.verifiedBy, 'mcp-accept');
  assert.equal(line.details.comment, 'not today');
});

test('accept approves (a human clicked, identity not verified) and prod is deployed', async () => {
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'hello v2');
  const id = await toGate(human);
  answers.push({ action: 'accept', content: { decision: 'approve', comment: 'ship', approver: 'lead@example.com' } });
  const r = await call(human, 'deploy_approve', { deploymentId: id, decision: 'approve', wait: true },
    { timeout: 120000 });
  assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
  assert.equal(r.structuredContent.state, 'completed');
  assert.equal(r.structuredContent.approval.by, 'e2e@example.com');
  const line = auditOf(id).find((e) => e.event === 'APPROVED');
  assert.equal(line.details.channel, 'mcp-elicitation');
  assert.equal(line.details.verifiedBy, 'mcp-accept');
  assert.match(human.elicitations.at(-1).message, /hello v2/);
});
