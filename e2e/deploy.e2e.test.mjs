// The spine's acceptance through the official MCP TypeScript client and the real jar over stdio:
// start → status shows progress → awaiting-approval → approve → completed → rollback restores the previous
// version → history shows per-stage durations; errors are isError results with a next step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { call, cleanup, connect, git, helloProject, httpJson, ports, until } from './harness.mjs';

let dir, env, conn;

before(async () => {
  dir = helloProject();
  env = await ports();
  // The human at the keyboard confirms whatever the agent asked for, as in an interactive Claude Code session.
  conn = await connect(dir, env, { onElicit: (p) => ({ action: 'accept',
    content: { decision: p.requestedSchema.properties.decision.default, approver: 'e2e@example.com' } }) });
});

after(async () => {
  await conn?.client.close();
  cleanup(dir);
});

test('tools/list offers the deploy tools with compiling schemas and annotations', () => {
  const names = conn.tools.map((t) => t.name);
  for (const n of ['deploy_start', 'deploy_status', 'deploy_approve', 'deploy_rollback', 'deploy_history']) {
    assert.ok(names.includes(n), `missing ${n}`);
  }
  const byName = Object.fromEntries(conn.tools.map((t) => [t.name, t]));
  assert.equal(byName.deploy_status.annotations.readOnlyHint, true);
  assert.equal(byName.deploy_rollback.annotations.destructiveHint, true);
  assert.equal(byName.deploy_approve._meta['anthropic/requiresUserInteraction'], true);
});

test('deploy, approve, deploy again, roll back, history', async () => {
  const commitA = git(dir, 'rev-parse', 'HEAD');
  const started = await call(conn, 'deploy_start', { service: 'hello-service', branch: 'main' });
  assert.equal(started.isError, false);
  const id = started.structuredContent.deploymentId;
  assert.match(id, /^d-\d+$/);

  const seen = new Set();
  const gate = await until(async () => {
    const s = (await call(conn, 'deploy_status', { deploymentId: id })).structuredContent;
    seen.add(s.state);
    assert.notEqual(s.state, 'failed', `deployment failed: ${s.error} ${JSON.stringify(s.logTail)}`);
    return s.state === 'awaiting-approval' ? s : null;
  }, 'awaiting-approval', 120000);
  assert.ok([...seen].some((s) => ['validating', 'building', 'testing', 'deploying-dev', 'deploying-staging'].includes(s)),
    `status never showed progress, only ${[...seen]}`);
  assert.match(gate.nextStep, /deploy approve/);
  assert.deepEqual(gate.stages.map((s) => s.status), ['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
  assert.equal((await httpJson(env.HELLO_STAGING_PORT, '/version')).commit, commitA);

  let progress = 0;
  const approved = await call(conn, 'deploy_approve', { deploymentId: id, decision: 'approve', comment: 'e2e', wait: true },
    { onprogress: () => { progress++; }, timeout: 120000 });
  assert.equal(approved.structuredContent.state, 'completed', JSON.stringify(approved.structuredContent));
  assert.equal(approved.structuredContent.approval.by, 'e2e@example.com'); // the server's user; the form's name is not asked
  assert.ok(progress >= 1, 'no progress notification while waiting');
  assert.equal((await httpJson(env.HELLO_PROD_PORT, '/version')).commit, commitA);

  git(dir, 'commit', '-q', '--allow-empty', '-m', 'hello v2');
  const commitB = git(dir, 'rev-parse', 'HEAD');
  const second = await call(conn, 'deploy_start', { service: 'hello-service', branch: 'main', wait: true },
    { timeout: 120000 });
  assert.equal(second.structuredContent.state, 'awaiting-approval', JSON.stringify(second.structuredContent));
  const id2 = second.structuredContent.deploymentId;
  const done2 = await call(conn, 'deploy_approve', { deploymentId: id2, decision: 'approve', wait: true }, { timeout: 120000 });
  assert.equal(done2.structuredContent.state, 'completed');
  assert.equal((await httpJson(env.HELLO_PROD_PORT, '/version')).commit, commitB);

  const rolled = await call(conn, 'deploy_rollback', { deploymentId: id2, reason: 'e2e: bad release' }, { timeout: 120000 });
  assert.equal(rolled.isError, false, JSON.stringify(rolled.structuredContent));
  assert.equal(rolled.structuredContent.state, 'rolled-back');
  assert.equal((await httpJson(env.HELLO_PROD_PORT, '/version')).commit, commitA);
  assert.equal((await httpJson(env.HELLO_DEV_PORT, '/version')).commit, commitA);

  const history = (await call(conn, 'deploy_history', { service: 'hello-service', limit: 10 })).structuredContent;
  assert.equal(history.summary.count, 2);
  const first = history.deployments.find((d) => d.deploymentId === id);
  assert.equal(first.state, 'completed');
  for (const stage of ['validating', 'building', 'testing', 'deploying-dev', 'deploying-staging', 'deploying-prod']) {
    assert.equal(typeof first.stageDurationsMs[stage], 'number', `no duration for ${stage}`);
  }
  assert.equal(typeof first.approvalWaitMs, 'number');
  assert.equal(history.deployments.find((d) => d.deploymentId === id2).state, 'rolled-back');
});

test('caller mistakes are isError results that name the fix, never stack traces', async () => {
  const cases = [
    ['deploy_status', { deploymentId: 'd-9999' }, /no deployment with id 'd-9999'/],
    ['deploy_approve', { deploymentId: 'd-1', decision: 'approve' }, /is in 'completed'.*APPROVED is not legal|event APPROVED is not legal/s],
    ['deploy_start', { branch: 'main' }, /service/],
    ['deploy_start', { service: 'other-service', branch: 'main' }, /not configured in this project/],
    ['deploy_start', { service: 'hello-service', branch: 'no-such-branch' }, /branch 'no-such-branch' does not exist/],
    ['deploy_history', { limit: 0 }, /limit/],
    ['deploy_rollback', { deploymentId: 'd-1' }, /reason/],
  ];
  for (const [tool, args, pattern] of cases) {
    const r = await conn.client.callTool({ name: tool, arguments: args });
    assert.equal(r.isError, true, `${tool} ${JSON.stringify(args)} should be an isError result`);
    const text = r.content.map((c) => c.text).join('\n');
    assert.match(text, pattern, `${tool}: ${text}`);
    assert.doesNotMatch(text, /\tat [a-z]+\.|Exception:/, `${tool} leaked a stack trace: ${text}`);
  }
});
