// A raw JSON-RPC peer for the real jar: writes whatever bytes a test wants to stdin and collects every stdout
// line, so tests can see exactly what the server answers (or fails to answer) without a client library in between.
import { spawn } from 'node:child_process';
import { JAR } from './harness.mjs';

export const PROTOCOL = '2025-06-18';

export function spawnRaw(projectDir, extraEnv = {}) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_PROJECT_DIR: projectDir,
    DEPLOY_PIPELINE_USER: 'e2e@example.com', ...extraEnv };
  if (process.env.JAVA_HOME) env.JAVA_HOME = process.env.JAVA_HOME;
  const child = spawn('java', ['-jar', JAR], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const byId = new Map();
  const waiters = new Map();
  const messages = [];
  let buf = '';
  let stderr = '';
  let badLines = 0;
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      let msg;
      try { msg = JSON.parse(line); } catch { badLines++; continue; }
      messages.push(msg);
      if (msg.id !== undefined && msg.id !== null && (msg.result !== undefined || msg.error !== undefined)) {
        const key = JSON.stringify(msg.id);
        byId.set(key, msg);
        waiters.get(key)?.(msg);
      }
    }
  });
  child.stdin.on('error', () => {});
  const exited = new Promise((res) => child.on('exit', (code, signal) => {
    // Nobody will answer a dead process: fail the waiters now rather than keep node alive on their timers.
    for (const w of waiters.values()) w.fail(new Error(`process exited (${code ?? signal}) before answering`));
    waiters.clear();
    res({ code, signal, at: Date.now() });
  }));
  return {
    child, exited, messages, byId,
    stderr: () => stderr,
    badLines: () => badLines,
    write(textOrObj) {
      child.stdin.write((typeof textOrObj === 'string' ? textOrObj : JSON.stringify(textOrObj)) + '\n');
    },
    answer(id, timeoutMs = 10000) {
      const key = JSON.stringify(id);
      if (byId.has(key)) return Promise.resolve(byId.get(key));
      if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.reject(new Error(`process exited before answering id ${key}`));
      }
      return new Promise((res, rej) => {
        // Unref'd: the child's pipes keep node alive while it runs, and its exit fails this waiter.
        const t = setTimeout(() => rej(new Error(`no answer to id ${key} within ${timeoutMs} ms; stderr:\n${stderr}`)),
          timeoutMs).unref();
        const done = (m) => { clearTimeout(t); res(m); };
        done.fail = (e) => { clearTimeout(t); rej(e); };
        waiters.set(key, done);
      });
    },
    async initialize(id = 'init') {
      this.write({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: PROTOCOL,
        capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
      const r = await this.answer(id, 20000);
      this.write({ jsonrpc: '2.0', method: 'notifications/initialized' });
      return r;
    },
    kill() { if (child.exitCode === null) child.kill('SIGKILL'); },
  };
}
