// MCP over Streamable HTTP: the real jar's `serve --http` and the official TypeScript client's
// StreamableHTTPClientTransport. Two users with their own tokens (token issue), the same tools as over stdio, each
// user's actions audited under their name (MCP and REST), the prod form sent only to the session of the user who
// approves, sessions bound to their user, the OAuth protected-resource metadata a 401 points at, and a revoked
// token refused by the running server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import Ajv from 'ajv';
import { cleanup, connect, helloProject, JAR, ports, serveMcpHttp, until } from './harness.mjs';


let dir, env, server, alice, bob;
const tokens = {};

function jar(args) {
  return execFileSync('java', ['-jar', JAR, ...args, '--project', dir], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** One user's Claude-Code-like client over HTTP: answers prod forms with answers.shift(), records them. */
async function connectAs(token, answers = []) {
  const transport = new StreamableHTTPClientTransport(server.mcp,
    { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'dp-e2e-http', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  const elicitations = [];
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    elicitations.push(req.params);
    return answers.shift() ?? { action: 'cancel' };
  });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validators = Object.fromEntries(tools.map((t) => [t.name, ajv.compile(t.outputSchema)]));
  return { client, transport, tools, validators, elicitations, answers };
}

async function call(conn, name, args, opts = {}) {
  const r = await conn.client.callTool({ name, arguments: args }, undefined, opts);
  assert.ok(r.structuredContent, `${name}: no structuredContent`);
  assert.ok(conn.validators[name](r.structuredContent), `${name}: ${JSON.stringify(conn.validators[name].errors)}`);
  return r;
}

function auditOf(id) {
  return JSON.parse(jar(['deploy', 'audit', id, '--json'])).entries;
}

before(async () => {
  dir = helloProject();
  env = await ports();
  tokens.alice = jar(['token', 'issue', '--user', 'alice@example.com']).trim();
  tokens.bob = jar(['token', 'issue', '--user', 'bob@example.com']).trim();
  server = await serveMcpHttp(dir, env);
  alice = await connectAs(tokens.alice);
  bob = await connectAs(tokens.bob);
});

after(async () => {
  await alice?.client.close();
  await bob?.client.close();
  await server?.stop();
  cleanup(dir);
});

test('tokens: printed once, stored only as a hash, listed without secrets', () => {
  assert.match(tokens.alice, /^dpt_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(tokens.alice, tokens.bob);
  const file = execFileSync('cat', [`${dir}/.claude/deployment-tokens.json`], { encoding: 'utf8' });
  assert.ok(!file.includes(tokens.alice) && !file.includes(tokens.alice.slice(4)), 'the file must not hold the token');
  assert.match(file, /"sha256" : "[0-9a-f]{64}"/);
  const list = jar(['token', 'list']);
  assert.match(list, /alice@example\.com\s+active/);
  assert.ok(!list.includes(tokens.alice));
  assert.ok(!server.stderr().includes(tokens.alice), 'the server never prints a user token');
});

test('the same tools as over stdio, with their output schemas', async () => {
  const stdio = await connect(dir, env);
  try {
    const names = (tools) => tools.map((t) => t.name).sort();
    assert.deepEqual(names(alice.tools), names(stdio.tools));
    assert.ok(alice.tools.length >= 14, `${alice.tools.length} tools`);
    assert.ok(alice.tools.every((t) => t.outputSchema && t.inputSchema));
  } finally {
    await stdio.client.close();
  }
});

test('without a token: 401 with WWW-Authenticate naming the protected-resource metadata (RFC 9728)', async () => {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'anon', version: '1' } } });
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  for (const auth of [undefined, 'Bearer dpt_not-a-token', `Bearer ${tokens.alice}x`]) {
    const res = await fetch(server.mcp, { method: 'POST', body, headers: auth ? { ...headers, Authorization: auth } : headers });
    assert.equal(res.status, 401, `${auth}`);
    const www = res.headers.get('www-authenticate');
    assert.match(www, /^Bearer /);
    const metaUrl = www.match(/resource_metadata="([^"]+)"/)[1];
    assert.equal(metaUrl, `${server.mcp.origin}/.well-known/oauth-protected-resource`);
    const meta = await (await fetch(metaUrl)).json();
    assert.equal(meta.resource, server.mcp.href);
    assert.deepEqual(meta.bearer_methods_supported, ['header']);
  }
  // the path-suffixed form a client may try first for /mcp
  const suffixed = await fetch(`${server.mcp.origin}/.well-known/oauth-protected-resource/mcp`);
  assert.equal((await suffixed.json()).resource, server.mcp.href);
  // the official client's connect fails the same way
  const anon = new Client({ name: 'anon', version: '1' });
  await assert.rejects(anon.connect(new StreamableHTTPClientTransport(server.mcp)), /401|Unauthorized/i);
});

test('each user acts as themselves: start by alice, the form goes to bob alone when bob approves', async () => {
  const started = await call(alice, 'deploy_start', { service: 'hello-service', branch: 'main', wait: true },
    { timeout: 120000 });
  assert.equal(started.isError, false, JSON.stringify(started.structuredContent));
  const id = started.structuredContent.deploymentId;
  assert.equal(started.structuredContent.state, 'awaiting-approval');
  assert.equal(started.structuredContent.startedBy, 'alice@example.com');

  // bob sees the same deployment (one server, one store)
  const seen = await call(bob, 'deploy_status', { deploymentId: id });
  assert.equal(seen.structuredContent.state, 'awaiting-approval');

  bob.answers.push({ action: 'accept', content: { decision: 'approve', comment: 'lgtm' } });
  const approved = await call(bob, 'deploy_approve', { deploymentId: id, decision: 'approve', wait: true },
    { timeout: 120000 });
  assert.equal(approved.isError, false, JSON.stringify(approved.structuredContent));
  assert.equal(approved.structuredContent.state, 'completed');
  assert.equal(approved.structuredContent.approval.by, 'bob@example.com');
  assert.equal(bob.elicitations.length, 1, 'the form went to the approving session');
  assert.equal(alice.elicitations.length, 0, 'and to no other user');
  assert.match(bob.elicitations[0].message, /Deploy to PROD: hello-service/);

  const audit = auditOf(id);
  assert.equal(audit.find((e) => e.event === 'CREATED').actor, 'alice@example.com');
  assert.equal(audit.find((e) => e.event === 'CREATED').details.channel, 'mcp');
  const approval = audit.find((e) => e.event === 'APPROVED');
  assert.equal(approval.actor, 'bob@example.com');
  assert.equal(approval.details.channel, 'mcp-elicitation');
  assert.equal(approval.details.verifiedBy, 'mcp-accept', 'a token names the user; the form proves a human clicked');
  assert.ok(!audit.some((e) => e.actor === 'server@example.com'), 'nothing acted as the server user');
});

test('the REST API records the token holder as actor too', async () => {
  const res = await fetch(`${server.mcp.origin}/api/v1/deployments/hello-service/rollback`, { method: 'POST' });
  assert.equal(res.status, 401);
  const listed = await fetch(`${server.mcp.origin}/api/v1/deployments`,
    { headers: { Authorization: `Bearer ${tokens.bob}` } });
  assert.equal(listed.status, 200);
  const started = await fetch(`${server.mcp.origin}/api/v1/deployments`, {
    method: 'POST', headers: { Authorization: `Bearer ${tokens.bob}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ service: 'hello-service', branch: 'main' }),
  });
  assert.equal(started.status, 201, await started.clone().text());
  const { deploymentId } = await started.json();
  await until(async () => {
    const s = (await call(alice, 'deploy_status', { deploymentId })).structuredContent.state;
    return s === 'awaiting-approval' || s === 'failed';
  }, 'the REST deployment at the gate', 120000);
  assert.equal(auditOf(deploymentId).find((e) => e.event === 'CREATED').actor, 'bob@example.com');
});

test("a session answers only its own user: bob's token on alice's session id is refused", async () => {
  const sessionId = alice.transport.sessionId;
  assert.ok(sessionId);
  const res = await fetch(server.mcp, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens.bob}`, 'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream', 'Mcp-Session-Id': sessionId, 'MCP-Protocol-Version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/call',
      params: { name: 'deploy_status', arguments: {} } }),
  });
  assert.equal(res.status, 404);
  // alice's own session still works
  assert.equal((await call(alice, 'deploy_status', {})).isError, false);
});

test('a revoked token is refused by the running server at its next request', async () => {
  assert.equal((await call(bob, 'deploy_history', {})).isError, false);
  jar(['token', 'revoke', '--user', 'bob@example.com']);
  await assert.rejects(bob.client.callTool({ name: 'deploy_history', arguments: {} }), /401|Unauthorized/i);
  assert.match(jar(['token', 'list']), /bob@example\.com\s+revoked/);
  // alice is unaffected
  assert.equal((await call(alice, 'deploy_history', {})).isError, false);
});
