// deploy_diff through the official MCP TypeScript client and the real jar: after v1 reached prod, a feat commit that
// changes prod's deploy command (with a planted password) waits at the gate; deploy_diff lists the commit, names the
// changed key without its value and shows the changelog; the approval form carries the same summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, cleanup, connect, git, helloProject, ports, toGate } from './harness.mjs';

const PLANTED = 'pl4nted-e2e-Passw0rd';
let dir, env, human;
const answers = [];

before(async () => {
  dir = helloProject();
  git(dir, 'tag', 'v1.0.0');
  env = await ports();
  human = await connect(dir, env, { onElicit: () => answers.shift() });
});

after(async () => {
  await human?.client.close();
  cleanup(dir);
});

test('deploy_diff shows what reaches prod, names secrets without values, and the approval form summarises it', async () => {
  const v1 = await toGate(human);
  answers.push({ action: 'accept', content: { decision: 'approve', comment: 'v1' } });
  const done = await call(human, 'deploy_approve', { deploymentId: v1, decision: 'approve', wait: true },
    { timeout: 120000 });
  assert.equal(done.structuredContent.state, 'completed', JSON.stringify(done.structuredContent));

  const cfgPath = join(dir, '.claude', 'deployment-config.json');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
  cfg.environments.prod.deploy.command = `scripts/deploy.sh --password ${PLANTED}`;
  writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));
  writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n## [Unreleased]\n### Added\n- Greets in French\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'feat(greeting): bonjour');
  const v2 = await toGate(human);

  const r = await call(human, 'deploy_diff', { environment: 'prod' });
  assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
  const d = r.structuredContent;
  assert.equal(d.running.deploymentId, v1);
  assert.equal(d.candidate.deploymentId, v2);
  assert.equal(d.candidate.source, 'current in staging');
  assert.deepEqual(d.commits.map((c) => [c.type, c.scope, c.author, c.subject]),
    [['feat', 'greeting', 'E2E', 'feat(greeting): bonjour']]);
  assert.deepEqual(d.configChanges, [{ scope: 'prod', key: 'deploy.command', change: 'changed', secret: true }]);
  assert.deepEqual(d.changelog.map((s) => s.version), ['Unreleased']);
  assert.ok(!JSON.stringify(r).includes(PLANTED), 'the planted value never leaves the server');

  const bad = await call(human, 'deploy_diff', { environment: 'qa' });
  assert.equal(bad.isError, true);
  assert.match(bad.structuredContent.error, /'qa' is not an environment of this pipeline; configured: dev, staging, prod/);

  answers.push({ action: 'decline' });
  const declined = await call(human, 'deploy_approve', { deploymentId: v2, decision: 'approve' });
  assert.equal(declined.isError, true);
  const form = human.elicitations.at(-1).message;
  assert.match(form, /Diff prod: [0-9a-f]{12}, d-1 → [0-9a-f]{12}, d-2/);
  assert.match(form, /1 commit: 1 feat/);
  assert.match(form, /1 config change \(1 secret, names only\): prod deploy\.command changed/);
  assert.match(form, /Changelog Unreleased: Added: Greets in French/);
  assert.ok(!form.includes(PLANTED));
});
