// The MCP Java SDK hazards of reference/mcp-clients-and-java-sdk.md §4c, against the real jar over real pipes:
// a malformed line must not end the session, every request gets an answer (also before `initialized`), and the
// process exits promptly when stdin closes, even with a tool call in flight.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './harness.mjs';
import { spawnRaw } from './raw.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dp-hazards-'));
const procs = [];
after(() => { procs.forEach((p) => p.kill()); rmSync(dir, { recursive: true, force: true }); });
mkdirSync(join(dir, '.claude'));
writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify({
  service: 'slow', stages: { validate: { command: 'true' }, build: { command: 'sleep 30' }, test: { command: 'true' } },
  environments: Object.fromEntries(['dev', 'staging', 'prod'].map((e) => [e, { deploy: { command: 'true' } }])),
}));
writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\n');
git(dir, 'init', '-q', '-b', 'main');
git(dir, 'add', '-A');
git(dir, 'commit', '-q', '-m', 'slow');

function open() {
  const p = spawnRaw(dir);
  procs.push(p);
  return p;
}

test('malformed JSON gets -32700 and the session goes on', async () => {
  const p = open();
  await p.initialize();
  p.write('this is not json');
  p.write('{"jsonrpc":"2.0","id":7,"method":"tools/list"'); // truncated
  p.write({ jsonrpc: '2.0', id: 8, method: 'tools/list' });
  const list = await p.answer(8);
  assert.ok(list.result.tools.length > 5);
  const parseErrors = p.messages.filter((m) => m.error?.code === -32700);
  assert.equal(parseErrors.length, 2);
  assert.ok(parseErrors.every((m) => m.id === null));
  p.write({ jsonrpc: '2.0', id: 9, method: 'ping' });
  assert.deepEqual((await p.answer(9)).result, {});
  p.child.stdin.end();
  assert.equal((await p.exited).code, 0);
});

test('requests before initialize and before initialized are answered, not held', async () => {
  const p = open();
  p.write({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  p.write({ jsonrpc: '2.0', id: 2, method: 'server/discover' });
  p.write({ jsonrpc: '2.0', id: 3, method: 'ping' });
  assert.match((await p.answer(1)).error.message, /not initialized/);
  assert.equal((await p.answer(2)).error.code, -32601);
  assert.deepEqual((await p.answer(3)).result, {});

  p.write({ jsonrpc: '2.0', id: 4, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {},
    clientInfo: { name: 'raw', version: '1' } } });
  await p.answer(4, 20000);
  // initialize answered, `notifications/initialized` not yet sent: the SDK alone would hold these forever.
  p.write({ jsonrpc: '2.0', id: 5, method: 'ping' });
  p.write({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'deploy_status', arguments: {} } });
  assert.deepEqual((await p.answer(5)).result, {});
  assert.match((await p.answer(6)).error.message, /not initialized/);
  p.write({ jsonrpc: '2.0', method: 'notifications/initialized' });
  p.write({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'deploy_status', arguments: {} } });
  assert.ok((await p.answer(7)).result.structuredContent);
  p.child.stdin.end();
  await p.exited;
});

test('closing stdin with no initialize at all, or held requests, still ends the process within 2 s', async () => {
  const p = open();
  p.write({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  await p.answer(1);
  const t0 = Date.now();
  p.child.stdin.end();
  const { code, at } = await p.exited;
  assert.equal(code, 0);
  assert.ok(at - t0 < 2000, `exited after ${at - t0} ms`);
});

test('closing stdin while a tool call is in flight ends the process within 2 s', async () => {
  const p = open();
  await p.initialize();
  p.write({ jsonrpc: '2.0', id: 10, method: 'tools/call', params: { name: 'deploy_start',
    arguments: { service: 'slow', branch: 'main', wait: true, waitTimeoutSeconds: 120 }, _meta: { progressToken: 'x' } } });
  // Wait until the build (sleep 30) is running, so the call is truly in flight.
  const deadline = Date.now() + 20000;
  while (!p.messages.some((m) => m.method === 'notifications/progress' && /building/.test(m.params?.message ?? ''))) {
    if (Date.now() > deadline) throw new Error('never reached building: ' + p.stderr());
    await new Promise((r) => setTimeout(r, 50));
  }
  const t0 = Date.now();
  p.child.stdin.end();
  const { at } = await p.exited;
  assert.ok(at - t0 < 2000, `exited after ${at - t0} ms`);
});
