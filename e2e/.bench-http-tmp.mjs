// throwaway: p50/p95 of deploy_status over HTTP, 1 client and 20 concurrent clients
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
const [url, token] = process.argv.slice(2);
async function client() {
  const c = new Client({ name: 'bench', version: '1' });
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return c;
}
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
async function run(c, n, out) {
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await c.callTool({ name: 'deploy_status', arguments: {} });
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
}
const one = await client();
await run(one, 100, []); // warm-up
const single = [];
await run(one, 300, single);
console.log(`1 client: p50 ${pct(single, 0.5).toFixed(2)} ms p95 ${pct(single, 0.95).toFixed(2)} ms`);
const clients = await Promise.all(Array.from({ length: 20 }, client));
const all = [];
const t0 = Date.now();
await Promise.all(clients.map((c) => run(c, 50, all)));
const secs = (Date.now() - t0) / 1000;
console.log(`20 clients: ${all.length} calls p50 ${pct(all, 0.5).toFixed(2)} ms p95 ${pct(all, 0.95).toFixed(2)} ms, ${(all.length / secs).toFixed(0)} calls/s`);
await Promise.all([one, ...clients].map((c) => c.close()));
