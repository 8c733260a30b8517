import { platformRepo, serveInstance } from './team.mjs';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
const repo = platformRepo();
const work = mkdtempSync(join(tmpdir(), 'probe-'));
const a = await serveInstance(repo, { TEAM_SIDE_EFFECTS: join(work, 'se'), TEAM_INSTANCE: 'a', TEAM_RELEASE: join(work, 'rel'),
  TEAM_STAGE_SECONDS: '20', DEPLOY_PIPELINE_LEASE_HEARTBEAT: '1s', DEPLOY_PIPELINE_LEASE_EXPIRY: '5s', DEPLOY_PIPELINE_HOST: 'team-a' }, { name: 'a' });
const auth = { Authorization: `Bearer ${a.adminToken}`, 'Content-Type': 'application/json' };
try {
  for (let i = 0; i < 10; i++) await fetch(`${a.origin}/api/v1/deployments`, { method: 'POST', headers: auth, body: JSON.stringify({ service: `svc-${i}`, branch: 'main' }) });
  const root = join(repo, '.claude', 'deployments', 'deployments');
  console.log(readdirSync(root));
  for (let t = 0; t < 12; t++) {
    await new Promise((r) => setTimeout(r, 1000));
    const ages = [];
    for (const f of readdirSync(root).filter((f) => /^d-\d+\.json$/.test(f))) {
      const d = JSON.parse(readFileSync(join(root, f), 'utf8'));
      ages.push(d.lease ? Date.now() - Date.parse(d.lease.heartbeatAt) : null);
    }
    console.log(t, ages.join(' '));
  }
} finally { await a.stop(); }
