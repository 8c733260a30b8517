// Short versions of the crash and concurrency harness (e2e/crash-harness.mjs) for CI; the long crash run is
// `bench/crash-harness.sh` (README, Reliability).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concurrencyRun, crashRun } from './crash-harness.mjs';

test('SIGKILLs at random moments lose nothing, and every deployment ends after resume', { timeout: 120000 }, async () => {
  const r = await crashRun({ kills: 4, seed: Number(process.env.HARNESS_SEED ?? Date.now() % 100000) });
  assert.deepEqual(r.problems, [], JSON.stringify(r));
  assert.equal(r.kills, 4);
  assert.ok(r.deployments >= 1, JSON.stringify(r));
});

test('two servers and the CLI on one store: 1,000 transitions, no lost update, no duplicate run, one active per service',
  { timeout: 300000 }, async () => {
    const r = await concurrencyRun({ transitions: 1000 });
    assert.deepEqual(r.problems, [], JSON.stringify(r));
    assert.ok(r.transitions >= 1000);
    assert.ok(r.deployments >= 10);
    assert.equal(r.chainIntact, true);
    assert.equal(r.auditGaps, 0, r.warnings.join('\n')); // no kills here: any gap would be a lost update
  });
