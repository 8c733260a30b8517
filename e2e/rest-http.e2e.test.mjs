// serve --http as a user starts it: the real jar as a process, the URL and token parsed from its stderr line,
// the REST API called with the token (a deployment started and followed over SSE to the prod gate), the browser
// login, and SIGTERM ending it cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cleanup, helloProject, JAR, ports } from './harness.mjs';

/** Starts `serve --http`; resolves once the Dashboard line is printed, with the URL, token and start time. */
function serveHttp(dir, env) {
  const t0 = process.hrtime.bigint();
  const proc = spawn('java', ['-jar', JAR, 'serve', '--http', '--project', dir], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'e2e@example.com', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no Dashboard line within 60 s; stderr:\n${stderr}`)), 60000);
    proc.on('exit', (code) => reject(new Error(`exited ${code} before serving; stderr:\n${stderr}`)));
    proc.stderr.on('data', (d) => {
      stderr += d;
      const dash = stderr.match(/Dashboard: (http:\/\/\S+)/);
      const rest = stderr.match(/REST API: (http:\/\/\S+) \(Authorization: Bearer (\S+)\)/);
      if (dash && rest) {
        clearTimeout(timer);
        const url = new URL(dash[1]);
        resolve({ proc, url, base: rest[1], token: url.searchParams.get('token'), bearer: rest[2],
          startMs: Number(process.hrtime.bigint() - t0) / 1e6, stderr: () => stderr });
      }
    });
  });
}

/** Reads SSE events from a fetch body until `stop(event)` holds. */
async function readEvents(res, stop) {
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const events = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended after ${JSON.stringify(events)}`);
    buf += dec.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const ev = {};
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) ev.id = line.slice(4);
        else if (line.startsWith('event: ')) ev.event = line.slice(7);
        else if (line.startsWith('data: ')) ev.data = JSON.parse(line.slice(6));
      }
      if (ev.id) {
        events.push(ev);
        if (stop(ev)) {
          await reader.cancel();
          return events;
        }
      }
    }
  }
}

test('serve --http: the printed token opens the API, a deployment reaches the gate over SSE, SIGTERM stops it',
  { timeout: 180000 }, async () => {
    const dir = helloProject();
    const s = await serveHttp(dir, await ports());
    try {
      assert.equal(s.url.hostname, '127.0.0.1');
      assert.equal(s.url.pathname, '/login');
      assert.match(s.token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(s.bearer, s.token);
      assert.equal(s.base, `${s.url.origin}/api/v1`);
      console.log(`serve --http printed its URL ${Math.round(s.startMs)} ms after spawn`);
      const auth = { Authorization: `Bearer ${s.token}` };

      assert.equal(await (await fetch(`${s.url.origin}/health`)).text(), 'ok');
      const anon = await fetch(`${s.base}/deployments`);
      assert.equal(anon.status, 401);
      assert.equal(anon.headers.get('content-type'), 'application/problem+json;charset=utf-8');

      const empty = await fetch(`${s.base}/deployments`, { headers: auth });
      assert.equal(empty.status, 200);
      assert.deepEqual(await empty.json(), { items: [], nextCursor: null });

      const events = await fetch(`${s.base}/events`, { headers: auth });
      assert.equal(events.status, 200);
      const started = await fetch(`${s.base}/deployments`, { method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ branch: 'main' }) });
      assert.equal(started.status, 201, await started.clone().text());
      const d = await started.json();
      assert.equal(d.id, 'd-1');
      assert.equal(d.service, 'hello-service');
      const seen = await readEvents(events, (e) => e.data.state === 'awaiting-approval');
      assert.ok(seen.every((e, i) => i === 0 || BigInt(e.id) > BigInt(seen[i - 1].id)), 'ids grow');
      assert.ok(seen.some((e) => e.event === 'transition' && e.data.state === 'deploying-staging'));

      const d1 = await (await fetch(`${s.base}/deployments/d-1`, { headers: auth })).json();
      assert.equal(d1.state, 'awaiting-approval');
      assert.match(d1.approval.challenge, /^deployment-pipeline approval v1\ndeployment: d-1\n/);
      const refused = await fetch(`${s.base}/deployments/d-1/approve`, { method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(refused.status, 403);
      assert.match((await refused.json()).nextStep, /ssh-keygen -Y sign -n deployment-pipeline/);

      // the browser's way in: the login URL sets the session cookie; a cookie POST needs our Origin
      const login = await fetch(s.url, { redirect: 'manual' });
      assert.equal(login.status, 303);
      const cookie = login.headers.get('set-cookie').split(';')[0];
      assert.match(cookie, /^dp_session=/);
      const viaCookie = await fetch(`${s.base}/environments`, { headers: { Cookie: cookie } });
      assert.equal(viaCookie.status, 200);
      const overview = await fetch(`${s.url.origin}/`, { headers: { Cookie: cookie, Accept: 'text/html' } });
      assert.equal(overview.status, 200);
      assert.match(await overview.text(), /<main id="main"/);
      const metrics = await (await fetch(`${s.base}/metrics`, { headers: auth })).json();
      assert.equal(metrics.environment, 'prod');
      const forged = await fetch(`${s.base}/deployments/d-1/reject`, { method: 'POST',
        headers: { Cookie: cookie, Origin: 'http://evil.example', 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(forged.status, 403);
      assert.equal((await (await fetch(`${s.base}/deployments/d-1`, { headers: auth })).json()).state,
        'awaiting-approval');
    } finally {
      const exited = new Promise((res) => s.proc.on('exit', (code, signal) => res({ code, signal })));
      s.proc.kill('SIGTERM');
      const { code, signal } = await exited;
      assert.ok(code === 143 || signal === 'SIGTERM' || code === 0, `exit ${code} ${signal}`);
      assert.ok(!s.stderr().includes('Exception'), s.stderr());
      cleanup(dir); // stops the dev and staging instances the deployment started, then deletes the project
    }
  });

test('serve --http refuses a public address without --public and TLS or a proxy', { timeout: 60000 }, async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync('java', ['-jar', JAR, 'serve', '--http', '--bind', '0.0.0.0'], { encoding: 'utf8',
    timeout: 50000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--bind 0\.0\.0\.0 is not a loopback address/);
  const p = spawnSync('java', ['-jar', JAR, 'serve', '--http', '--bind', '0.0.0.0', '--public'], { encoding: 'utf8',
    timeout: 50000 });
  assert.equal(p.status, 2, p.stderr);
  assert.match(p.stderr, /--public needs TLS/);
});

test('serve --http on a port that is taken says so and exits 1', { timeout: 60000 }, async () => {
  const { createServer } = await import('node:net');
  const { spawn: spawnAsync } = await import('node:child_process');
  const holder = createServer();
  await new Promise((res) => holder.listen(0, '127.0.0.1', res));
  try {
    const port = String(holder.address().port);
    const proc = spawnAsync('java', ['-jar', JAR, 'serve', '--http', '--port', port], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise((res) => proc.on('exit', res));
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}.*pick another --port`));
  } finally {
    holder.close();
  }
});
