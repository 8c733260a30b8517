// A JSON-RPC fuzzer against the real jar (one process): 10,000+ malformed, oversized, out-of-order and
// wrong-typed messages. The server must stay up and answer every request that carries a usable id.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from './crash-harness.mjs';
import { spawnRaw } from './raw.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dp-fuzz-')); // no config, no git: nothing a fuzzed call can deploy
let proc;
after(() => { proc?.kill(); rmSync(dir, { recursive: true, force: true }); });

const TOOLS = ['deploy_start', 'deploy_promote', 'deploy_status', 'deploy_approve', 'deploy_rollback', 'deploy_history', 'deploy_resume',
  'compose_validate', 'helm_check', 'harness_trigger_pipeline', 'harness_get_execution', 'notify_test', 'flags_list',
  'flags_set', 'env_list', 'env_diff', 'host_check', 'rollback_plan', 'deploy_diff', 'no_such_tool'];

function generator(random) {
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const junkValue = () => pick([null, true, 0, -1, 1.5, 1e308, '', 'x'.repeat(Math.floor(random() * 5000)), [], [1, 'a'],
    {}, { nested: { deep: [null] } }, 'd-1', 'd-999999999999', '../../etc/passwd', '\u0000\u202e', 'main']);
  const args = () => Object.fromEntries(Array.from({ length: Math.floor(random() * 4) },
    () => [pick(['deploymentId', 'service', 'branch', 'wait', 'limit', 'path', 'decision', 'reason', 'channel', 'x']),
      junkValue()]));
  let next = 1;
  /** Returns [line, idExpectedToBeAnswered | undefined]. */
  return () => {
    const kind = Math.floor(random() * 10);
    const id = next++;
    switch (kind) {
      case 0: { // not JSON at all, or cut off
        const s = JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list' });
        return [pick(['nonsense', '{', '}{', '[', '"str', s.slice(0, Math.floor(random() * s.length)), '{"a":}', '\u00ff\u00fe']),
          undefined];
      }
      case 1: return [JSON.stringify(pick([[], [1, 2], 42, 'text', null, true])), undefined];
      case 2: return [JSON.stringify({ jsonrpc: '2.0', id: pick([{}, [1], true, 1.5]), method: 'ping' }), undefined];
      case 3: return [JSON.stringify({ jsonrpc: '2.0', id, method: pick([5, null, {}, ['ping']]) }), undefined];
      case 4: return [JSON.stringify({ jsonrpc: '2.0', id, method: pick(['server/discover', 'resources/list', 'foo',
        'prompts/get', 'tools/lists', '']) }), id];
      case 5: return [JSON.stringify({ jsonrpc: '2.0', id, method: pick(['tools/call', 'tools/list', 'ping', 'initialize']),
        params: pick([[], 'x', 7, null, true]) }), id];
      case 6: return [JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call',
        params: { name: pick([...TOOLS, 5, null, {}]), arguments: pick([args(), args(), [], 'x', 3]) } }), id];
      case 7: return [JSON.stringify({ jsonrpc: '2.0', id: 'r' + id, result: pick([{}, null, 'x']) }), undefined]; // unsolicited response
      case 8: return [JSON.stringify({ jsonrpc: '2.0', method: pick(['notifications/cancelled', 'notifications/initialized',
        'notifications/progress', 'notifications/whatever']), params: pick([{ requestId: id - 1 }, {}, undefined]) }), undefined];
      default: return [JSON.stringify({ jsonrpc: '2.0', id: 's' + id, method: pick(['ping', 'tools/list', 'initialize']),
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'f', version: '1' } } }), 's' + id];
    }
  };
}

test('10,000 fuzzed messages: the server stays up and answers every request with an id', { timeout: 300000 }, async () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1000000);
  const random = rng(seed);
  proc = spawnRaw(dir);
  await proc.initialize();
  const next = generator(random);
  const expected = [];
  let sent = 0;
  // Out of order from the start: an id-less initialize and a second initialize mid-session.
  for (let batch = 0; sent < 10000; batch++) {
    const waitFor = [];
    for (let i = 0; i < 250; i++) {
      const [line, id] = next();
      proc.write(line);
      sent++;
      if (id !== undefined) { expected.push(id); waitFor.push(id); }
    }
    if (batch % 10 === 5) { // oversized: one line over the 16 MiB limit
      proc.child.stdin.write('{"jsonrpc":"2.0","id":"big","method":"ping","params":{"x":"' + 'a'.repeat(17 * 1024 * 1024) + '"}}\n');
      sent++;
    }
    for (const id of waitFor) await proc.answer(id, 60000);
  }
  proc.write({ jsonrpc: '2.0', id: 'final', method: 'tools/list' });
  const last = await proc.answer('final', 30000);
  assert.ok(last.result.tools.length >= 10, `seed ${seed}`);
  const answered = expected.filter((id) => proc.byId.has(JSON.stringify(id))).length;
  assert.equal(answered, expected.length, `seed ${seed}: ${expected.length} ids sent, ${answered} answered`);
  assert.ok(sent >= 10000);
  assert.equal(proc.badLines(), 0, 'every stdout line is JSON');
  const trace = /\n\s+at [a-z]+\.[\w.$]+\(/.exec(proc.stderr());
  assert.equal(trace, null, `seed ${seed}: stack trace on stderr: ${trace && proc.stderr().slice(Math.max(0, trace.index - 600), trace.index + 300)}`);
  assert.equal(proc.child.exitCode, null, 'still running');
  console.log(`fuzz seed ${seed}: ${sent} messages, ${expected.length} requests with ids, all answered`);
  proc.child.stdin.end();
  await proc.exited;
});
