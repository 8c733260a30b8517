// compose_validate through the official client: structured findings with lines, and a path that leaves the
// project is an isError result that names the fix.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, connect } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dp-compose-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('compose_validate returns findings with file, line and rule, and refuses paths outside the project', async () => {
  writeFileSync(join(dir, 'compose.yaml'), [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    ports: ["8080:80"]',
    '    depends_on: [db]',
    '    restrat: always',
    '  api:',
    '    image: example/api:2',
    '    ports: ["8080:3000"]',
    '',
  ].join('\n'));
  const conn = await connect(dir);
  try {
    const r = await call(conn, 'compose_validate', { paths: ['compose.yaml'] });
    assert.equal(r.isError, false);
    const s = r.structuredContent;
    assert.equal(s.valid, false);
    const byRule = (id) => s.findings.find((f) => f.ruleId === id);
    assert.ok(byRule('unknown-key'), JSON.stringify(s.findings));
    assert.equal(byRule('unknown-key').line, 6);
    assert.match(byRule('unknown-key').message + byRule('unknown-key').hint, /restart/);
    assert.ok(s.findings.some((f) => /depends/.test(f.ruleId) && f.line === 5), JSON.stringify(s.findings));
    assert.ok(s.findings.some((f) => f.ruleId === 'port-conflict' && f.line === 9), JSON.stringify(s.findings));

    const out = await conn.client.callTool({ name: 'compose_validate', arguments: { paths: ['../../etc/passwd'] } });
    assert.equal(out.isError, true);
    assert.match(out.content.map((c) => c.text).join('\n'), /project/);
  } finally {
    await conn.client.close();
  }
});
