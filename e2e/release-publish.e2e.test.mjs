// release publish through the real jar against a loopback GitHub that speaks the REST API's release endpoints (the
// same wire format as the Java GithubEmulator: Bearer auth, published releases by tag, drafts only in the list, the
// upload_url on a separate uploads host, GitHub's error bodies and rate-limit headers). Then deploy_history
// {releases: true} through the official MCP client lists the release with the deployment of its commit. The token
// appears in no output and no file of the project.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpSync } from 'node:fs';
import { call, cleanup, connect, emulate, filesUnder, git, JAR, ROOT } from './harness.mjs';

const TOKEN = 'ghp_e2eReleaseT0kenNeverShown000000000000';
const REPO = 'octo-org/hello';
const NOTES = '## [1.0.0] - 2026-12-07\n\n### Added\n- the first release';

let dir, api, uploads, conn;
const received = [];
const releases = [];
let nextId = 1;

function headers(res, status, extra = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core', 'x-github-request-id': `E2E:${received.length}`, ...extra });
}
function send(res, status, body) { headers(res, status); res.end(JSON.stringify(body)); }
function notFound(res) {
  send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/releases/releases', status: '404' });
}
function authorized(req, res) {
  if (!req.headers['user-agent']) { res.writeHead(403); res.end('Request forbidden by administrative rules.'); return false; }
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    return false;
  }
  return true;
}

function apiHandler(req, res, body) {
  const url = new URL(req.url, api.baseUrl);
  received.push({ host: 'api', method: req.method, path: url.pathname, headers: req.headers, body });
  if (!authorized(req, res)) return;
  const prefix = `/repos/${REPO}`;
  if (!url.pathname.startsWith(prefix + '/')) return notFound(res);
  const rest = url.pathname.slice(prefix.length);
  const byTag = rest.match(/^\/releases\/tags\/(.+)$/);
  if (req.method === 'GET' && byTag) {
    const r = releases.find((x) => !x.draft && x.tag_name === decodeURIComponent(byTag[1]));
    return r ? send(res, 200, r) : notFound(res);
  }
  if (req.method === 'GET' && rest === '/releases') return send(res, 200, [...releases].reverse());
  if (req.method === 'POST' && rest === '/releases') {
    const b = JSON.parse(body);
    if (releases.some((x) => !x.draft && x.tag_name === b.tag_name)) {
      return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Release', code: 'already_exists',
        field: 'tag_name' }], documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release', status: '422' });
    }
    const id = nextId++;
    const r = { url: `${api.baseUrl}${prefix}/releases/${id}`, html_url: `https://github.com/${REPO}/releases/tag/${b.tag_name}`,
      upload_url: `${uploads.baseUrl}${prefix}/releases/${id}/assets{?name,label}`, id, tag_name: b.tag_name,
      name: b.name, body: b.body, draft: !!b.draft, prerelease: !!b.prerelease, assets: [] };
    releases.push(r);
    return send(res, 201, r);
  }
  return notFound(res);
}

function uploadHandler(req, res, body) {
  const url = new URL(req.url, uploads.baseUrl);
  received.push({ host: 'uploads', method: req.method, path: url.pathname, query: url.search, headers: req.headers, body });
  if (!authorized(req, res)) return;
  const m = url.pathname.match(/^\/repos\/octo-org\/hello\/releases\/(\d+)\/assets$/);
  const r = m && releases.find((x) => x.id === Number(m[1]));
  if (req.method !== 'POST' || !r) return notFound(res);
  if (!req.headers['content-type']) return send(res, 400, { message: 'Bad Content-Type header value', status: '400' });
  const name = url.searchParams.get('name');
  const a = { id: nextId++, name, state: 'uploaded', content_type: req.headers['content-type'],
    size: Buffer.byteLength(body), browser_download_url: `https://github.com/${REPO}/releases/download/${r.tag_name}/${name}` };
  r.assets.push(a);
  return send(res, 201, a);
}

// Asynchronous: the emulators live in this process, so a blocking spawnSync would leave them unable to answer.
function run(args, env, project = dir) {
  return new Promise((resolve, reject) => {
    const p = spawn('java', ['-jar', JAR, ...args, '--project', project], { cwd: project,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PIPELINE_USER: 'e2e@example.com', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function cli(...args) {
  return run(args, { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.baseUrl });
}

const GIT_ENV = { GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E',
  GIT_COMMITTER_EMAIL: 'e2e@example.com' };

before(async () => {
  api = await emulate(apiHandler);
  uploads = await emulate(uploadHandler);
  dir = mkdtempSync(join(tmpdir(), 'dp-e2e-release-'));
  mkdirSync(join(dir, '.claude'));
  const stage = (c) => ({ command: c, timeoutSeconds: 30 });
  writeFileSync(join(dir, '.claude', 'deployment-config.json'), JSON.stringify({
    service: 'hello', executor: 'local',
    stages: { validate: stage('true'), build: stage('true'), test: stage('true') },
    environments: Object.fromEntries(['dev', 'staging', 'prod'].map((e) => [e, { deploy: stage('true'), rollback: stage('true') }])),
    release: { github: { repository: REPO } },
  }, null, 2));
  writeFileSync(join(dir, '.gitignore'), '.claude/deployments/\ndist/\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'feat: hello');
  git(dir, 'tag', '-a', '--cleanup=verbatim', 'v1.0.0', '-m', NOTES);
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'hello-1.0.0.tar.gz'), 'tarball');
});

let sample;
after(async () => {
  await conn?.client.close();
  if (sample) cleanup(sample);
  api?.server.close();
  uploads?.server.close();
  cleanup(dir);
});

test('release publish through the jar, then deploy_history {releases: true} over MCP', async () => {
  const d = await cli('deploy', 'start', '--quiet');
  assert.equal(d.status, 0, d.stderr);
  const deploymentId = d.stdout.trim();

  const p = await cli('release', 'publish', '--version', '1.0.0', '--asset', 'dist/hello-1.0.0.tar.gz', '--json');
  assert.equal(p.status, 0, p.stderr);
  const out = JSON.parse(p.stdout);
  assert.equal(out.url, `https://github.com/${REPO}/releases/tag/v1.0.0`);
  assert.equal(out.reused, false);
  assert.deepEqual(out.assets.map((a) => [a.name, a.status]), [['hello-1.0.0.tar.gz', 'uploaded']]);
  assert.equal(releases.length, 1);
  assert.equal(releases[0].body, NOTES);
  const up = received.find((r) => r.host === 'uploads');
  assert.equal(up.query, '?name=hello-1.0.0.tar.gz');
  assert.equal(up.headers['content-type'], 'application/gzip');
  for (const r of received) {
    assert.equal(r.headers.accept, 'application/vnd.github+json');
    assert.equal(r.headers['x-github-api-version'], '2022-11-28');
  }

  const again = await cli('release', 'publish', '--version', '1.0.0', '--asset', 'dist/hello-1.0.0.tar.gz', '--json');
  assert.equal(again.status, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).reused, true);
  assert.equal(releases.length, 1);
  assert.equal(releases[0].assets.length, 1);

  conn = await connect(dir);
  const h = await call(conn, 'deploy_history', { releases: true });
  assert.equal(h.isError, false);
  const [rel] = h.structuredContent.releases;
  assert.equal(rel.version, '1.0.0');
  assert.equal(rel.tag, 'v1.0.0');
  assert.equal(rel.url, `https://github.com/${REPO}/releases/tag/v1.0.0`);
  assert.deepEqual(rel.deployments.map((x) => [x.id, x.state]), [[deploymentId, 'awaiting-approval']]);
  assert.deepEqual(rel.deployments[0].environments, ['dev', 'staging']);

  const bad = await run(['release', 'publish', '--version', '1.0.0'],
    { GITHUB_TOKEN: 'ghp_wrongWrong000000000000000000000000', GITHUB_API_URL: api.baseUrl });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /HTTP 401 Bad credentials/);

  const everything = [p.stdout, p.stderr, again.stdout, again.stderr, d.stdout, d.stderr, JSON.stringify(h), conn.stderr()]
    .concat(filesUnder(join(dir, '.claude')).map((f) => readFileSync(f, 'utf8'))).join('\n');
  assert.ok(!everything.includes(TOKEN), 'the token appears nowhere');
});

// The whole flow on the sample repository of the release tests (a multi-module Maven reactor and an npm workspace):
// prepare bumps every version file byte for byte as the golden copies, create tags with the notes, publish makes the
// GitHub release from that tag, and history shows both steps.
test('release prepare → create → publish on a multi-module Maven + package.json repository', { timeout: 300000 }, async () => {
  const golden = join(ROOT, 'mcp-server', 'src', 'test', 'resources', 'release', 'golden');
  sample = mkdtempSync(join(tmpdir(), 'dp-e2e-flow-'));
  cpSync(join(golden, 'before'), sample, { recursive: true });
  mkdirSync(join(sample, '.claude'), { recursive: true });
  writeFileSync(join(sample, '.claude', 'deployment-config.json'), readFileSync(join(dir, '.claude', 'deployment-config.json')));
  writeFileSync(join(sample, '.gitignore'), '.claude/deployments/\n');
  git(sample, 'init', '-q', '-b', 'main');
  git(sample, 'add', '-A');
  git(sample, 'commit', '-q', '-m', 'chore(release): v1.4.2');
  git(sample, 'tag', '-a', 'v1.4.2', '-m', 'v1.4.2');
  for (const [f, m] of [['a.txt', 'feat(api): paging for orders'], ['b.txt', 'fix: refund rounds to cents']]) {
    writeFileSync(join(sample, f), m);
    git(sample, 'add', '-A');
    git(sample, 'commit', '-q', '-m', m);
  }
  const env = { ...GIT_ENV, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.baseUrl };

  const prep = await run(['release', 'prepare', '--type', 'auto', '--json'], env, sample);
  assert.equal(prep.status, 0, prep.stderr + prep.stdout);
  assert.equal(JSON.parse(prep.stdout).version, '1.5.0');
  for (const f of filesUnder(join(golden, 'after')).filter((f) => !f.endsWith('.gitattributes'))) {
    const rel = f.slice(join(golden, 'after').length + 1);
    assert.ok(readFileSync(join(sample, rel)).equals(readFileSync(f)), `${rel} equals its golden copy byte for byte`);
  }

  const create = await run(['release', 'create', '--version', '1.5.0', '--json'], env, sample);
  assert.equal(create.status, 0, create.stderr + create.stdout);
  const message = JSON.parse(create.stdout).message;

  mkdirSync(join(sample, 'dist'));
  writeFileSync(join(sample, 'dist', 'orders-1.5.0.jar'), 'jar');
  const pub = await run(['release', 'publish', '--version', '1.5.0', '--asset', join(sample, 'dist', 'orders-1.5.0.jar'),
    '--prerelease', '--json'], env, sample);
  assert.equal(pub.status, 0, pub.stderr + pub.stdout);
  const published = releases.find((r) => r.tag_name === 'v1.5.0');
  assert.equal(published.body, message.trim(), 'the release body is the tag message release create wrote');
  assert.match(published.body, /### Added\n\n- \*\*api:\*\* paging for orders/);
  assert.equal(published.prerelease, true);
  assert.deepEqual(published.assets.map((a) => [a.name, a.content_type]), [['orders-1.5.0.jar', 'application/java-archive']]);

  const h = await run(['deploy', 'history', '--releases', '--json'], env, sample);
  assert.equal(h.status, 0, h.stderr);
  const [rel] = JSON.parse(h.stdout).releases;
  assert.equal(rel.version, '1.5.0');
  assert.ok(rel.createdAt && rel.publishedAt, JSON.stringify(rel));
  assert.equal(rel.url, `https://github.com/${REPO}/releases/tag/v1.5.0`);
  for (const x of [prep, create, pub, h]) assert.ok(!(x.stdout + x.stderr).includes(TOKEN));
});
