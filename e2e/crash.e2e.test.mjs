// kill -9 of the server while a deployment is in `building`: a new server finds the deployment and its audit
// trail intact, sees that the lease holder is dead, and takes it over on its own: the interrupted stage is not
// idempotent, so it ends as failed (interrupted) without running again, and the service is free for a new one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, call, connect, git, until } from './harness.mjs';

// A duration unique to this run, so that pgrep/pkill touch only our own build command.
const SLEEP = `20.${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'dp-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('kill -9 during building leaves a readable deployment and an intact audit trail', async () => {
  mkdirSync(join(dir, '.claude'));
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify({
    service: 'slow', stages: { validate: { command: 'true' }, build: { command: `sleep ${SLEEP}` }, test: { command: 'true' } },
    environments: Object.fromEntries(['dev', 'staging', 'prod'].map((e) => [e, { deploy: { command: 'true' } }])),
  }));
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'slow');

  const first = await connect(dir);
  const id = (await call(first, 'deploy_start', { service: 'slow', branch: 'main' })).structuredContent.deploymentId;
  await until(async () => (await call(first, 'deploy_status', { deploymentId: id })).structuredContent.state === 'building',
    'building');
  // The state is recorded before the stage's process is spawned: wait for the process, or pkill may find none.
  await until(() => spawnSync('pgrep', ['-f', `^sleep ${SLEEP}$`]).status === 0, 'the building command to run');
  process.kill(first.transport.pid, 'SIGKILL');
  await first.client.close().catch(() => {});
  execFileSync('pkill', ['-f', `^sleep ${SLEEP}$`]);

  const second = await connect(dir);
  try {
    await until(async () => (await call(second, 'deploy_status', { deploymentId: id })).structuredContent.state
      === 'failed', 'taken over and failed as interrupted');
    const s = (await call(second, 'deploy_status', { deploymentId: id })).structuredContent;
    assert.match(s.error, /interrupted/);
    assert.equal(s.stages.find((x) => x.stage === 'building').status, 'interrupted');
    assert.equal(s.driver, undefined);
    assert.equal(s.stalled, false);
  } finally {
    await second.client.close();
  }

  const audit = JSON.parse(execFileSync('java', ['-jar', JAR, 'deploy', 'audit', id, '--project', dir, '--json'],
    { encoding: 'utf8' }));
  assert.equal(audit.chainIntact, true);
  assert.deepEqual(audit.entries.map((e) => e.event).filter((e) => e !== 'STAGE_ATTEMPT'),
    ['CREATED', 'START', 'VALIDATION_COMPLETE', 'RESUMED', 'FAILURE']);
  assert.match(audit.entries.find((e) => e.event === 'RESUMED').details.previousDriver, /:\d+$/);
  assert.equal(audit.entries.at(-1).details.interrupted, true);

  // `deploy resume` on an ended deployment changes nothing and says how it ended (exit 1: failed).
  const r = spawnSync('java', ['-jar', JAR, 'deploy', 'resume', id, '--project', dir, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(JSON.parse(r.stdout).state, 'failed');
});
