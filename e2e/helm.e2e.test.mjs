// helm_check through the official client against the real jar and the real helm (pinned, installed by
// scripts/helm.sh): examples/helm is clean, and a broken variant of it (a schema violation and a template that does
// not parse) comes back with file and line for each.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, connect } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const version = readFileSync(join(root, 'scripts/helm.version'), 'utf8').trim();
const helmDir = join(root, '.cache/helm', version);
const missing = !existsSync(join(helmDir, 'helm'));
if (missing && process.env.CI === 'true') {
  throw new Error(`helm ${version} is not in .cache/helm: scripts/test.sh runs scripts/helm.sh before the e2e tests`);
}
const skip = missing ? `skipped: run bash scripts/helm.sh to install helm ${version}` : false;

const dir = mkdtempSync(join(tmpdir(), 'dp-helm-'));
after(() => rmSync(dir, { recursive: true, force: true }));
cpSync(join(root, 'examples/helm'), dir, { recursive: true });
const env = { PATH: `${helmDir}:${process.env.PATH}` };

test('helm_check passes examples/helm for every configured environment', { skip }, async () => {
  const conn = await connect(dir, env);
  try {
    const tool = conn.tools.find((t) => t.name === 'helm_check');
    assert.equal(tool.annotations.readOnlyHint, true);
    const r = await call(conn, 'helm_check', {});
    assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
    assert.deepEqual(r.structuredContent.environments, ['dev', 'staging', 'prod']);
    assert.equal(r.structuredContent.valid, true, JSON.stringify(r.structuredContent.findings));
    assert.deepEqual(r.structuredContent.findings, []);
  } finally {
    await conn.client.close();
  }
});

test('helm_check reports a broken chart and a schema violation with file and line', { skip }, async () => {
  writeFileSync(join(dir, 'values-prod.yaml'), [
    '# prod with a replica count the schema forbids',
    'replicaCount: 50',
    'ingress:',
    '  host: members.example.com',
    '',
  ].join('\n'));
  const deployment = join(dir, 'chart/templates/deployment.yaml');
  writeFileSync(deployment, readFileSync(deployment, 'utf8').replace('{{ .Values.service.port }}',
    '{{ .Values.service.port.number }}'));
  const conn = await connect(dir, env);
  try {
    const schema = await call(conn, 'helm_check', { environments: ['prod'] });
    assert.equal(schema.isError, false);
    assert.equal(schema.structuredContent.valid, false);
    const f = schema.structuredContent.findings.find((x) => x.ruleId === 'values-schema');
    assert.ok(f, JSON.stringify(schema.structuredContent.findings));
    assert.equal(f.file, 'values-prod.yaml');
    assert.equal(f.line, 2);
    assert.match(f.message, /^replicaCount: maximum: got 50, want 20/);
    assert.deepEqual(f.environments, ['prod']);

    const broken = await call(conn, 'helm_check', { environments: ['dev'] });
    assert.equal(broken.structuredContent.valid, false);
    const t = broken.structuredContent.findings.find((x) => x.ruleId === 'template');
    assert.ok(t, JSON.stringify(broken.structuredContent.findings));
    assert.equal(t.file, 'chart/templates/deployment.yaml');
    assert.equal(t.line, 26);
    assert.match(t.message, /can't evaluate field number/);
    assert.match(broken.content.map((c) => c.text).join('\n'), /chart\/templates\/deployment\.yaml:26:\d+ {2}error {2}template/);

    const outside = await conn.client.callTool({ name: 'helm_check', arguments: { chart: '../..' } });
    assert.equal(outside.isError, true);
    assert.match(outside.structuredContent.error, /outside the project directory/);
  } finally {
    await conn.client.close();
  }
});
