// Release management end to end against the real jar: on a sample repository (the golden multi-module Maven
// reactor and npm workspace, tagged v1.4.2, then a feature and a fix), release_prepare through the official MCP
// client is a dry run that changes nothing unless dryRun is false; then it bumps every version file on
// release/v1.5.0, byte for byte as the golden copies; release_notes returns the grouped notes; and the CLI's
// `release create` makes the annotated tag whose message is the notes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JAR, ROOT, call, connect, filesUnder, git } from './harness.mjs';

const GOLDEN = join(ROOT, 'mcp-server', 'src', 'test', 'resources', 'release', 'golden');
const dir = mkdtempSync(join(tmpdir(), 'dp-release-'));
after(() => {
  if (!process.env.DP_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
});

function commit(file, message) {
  writeFileSync(join(dir, file), `${message}\n`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

test('release_prepare (dry run, then for real), release_notes, and release create', { timeout: 180000 }, async () => {
  cpSync(join(GOLDEN, 'before'), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'chore(release): v1.4.2');
  git(dir, 'tag', '-a', 'v1.4.2', '-m', 'v1.4.2');
  commit('a.txt', 'feat(api): paging for orders');
  commit('b.txt', 'fix: refund rounds to cents');
  const head = git(dir, 'rev-parse', 'HEAD');

  const env = { GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E',
    GIT_COMMITTER_EMAIL: 'e2e@example.com' };
  const conn = await connect(dir, env);
  try {
    const names = conn.tools.map((t) => t.name);
    assert.ok(names.includes('release_notes') && names.includes('release_prepare'), names.join(' '));
    assert.equal(conn.tools.find((t) => t.name === 'release_notes').annotations.readOnlyHint, true);

    const dry = await call(conn, 'release_prepare', { type: 'auto' });
    assert.equal(dry.isError, false, JSON.stringify(dry.structuredContent));
    assert.equal(dry.structuredContent.version, '1.5.0');
    assert.equal(dry.structuredContent.dryRun, true);
    assert.equal(git(dir, 'status', '--porcelain'), '', 'a dry run changes nothing');
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head);

    const real = await call(conn, 'release_prepare', { type: 'auto', dryRun: false });
    assert.equal(real.isError, false, JSON.stringify(real.structuredContent));
    assert.equal(real.structuredContent.branch, 'release/v1.5.0');
    assert.equal(git(dir, 'branch', '--show-current'), 'release/v1.5.0');
    for (const f of filesUnder(join(GOLDEN, 'after')).filter((f) => !f.endsWith('.gitattributes'))) {
      const rel = f.slice(join(GOLDEN, 'after').length + 1);
      assert.ok(readFileSync(join(dir, rel)).equals(readFileSync(f)), `${rel} equals its golden copy byte for byte`);
    }
    assert.match(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'), /## \[1\.5\.0\] - \d{4}-\d{2}-\d{2}\n\n### Added\n\n- \*\*api:\*\* paging for orders/);

    const notes = await call(conn, 'release_notes', { from: 'v1.4.2' });
    assert.equal(notes.isError, false);
    assert.deepEqual(Object.keys(notes.structuredContent.groups), ['Added', 'Fixed']);
    const refused = await call(conn, 'release_notes', { from: 'v0.0.0' });
    assert.equal(refused.isError, true);
    assert.match(refused.structuredContent.error, /from: 'v0\.0\.0' is not a tag/);
  } finally {
    await conn.client.close();
  }

  const create = spawnSync('java', ['-jar', JAR, 'release', 'create', '--version', '1.5.0', '--project', dir, '--json'],
    { encoding: 'utf8', timeout: 60000, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  assert.equal(create.status, 0, create.stderr + create.stdout);
  assert.equal(JSON.parse(create.stdout).tag, 'v1.5.0');
  assert.equal(git(dir, 'cat-file', '-t', 'v1.5.0'), 'tag');
  assert.match(git(dir, 'tag', '-l', '--format=%(contents)', 'v1.5.0'), /^## v1\.5\.0 - .*\n\n### Added\n\n- \*\*api:\*\* paging/);
});
