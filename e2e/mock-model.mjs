// A loopback mock of the Anthropic Messages API for driving the real Claude Code CLI offline: `turn(request)` is the
// "model", returning the content blocks (text or tool_use) and the stop reason of its next message.
import { createServer } from 'node:http';

function sse(res, id, blocks, stopReason) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message_start', { message: { id, type: 'message', role: 'assistant',
    model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 1 } } });
  blocks.forEach((b, index) => {
    if (b.type === 'tool_use') {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } });
    } else {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: b.text } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 5 } });
  send('message_stop', {});
  res.end();
}

/** The tool_result blocks of a Messages request, from every message. */
export function toolResults(request) {
  return (request.messages || []).flatMap((m) => Array.isArray(m.content) ? m.content : [])
    .filter((c) => c.type === 'tool_result');
}

/** Starts the mock on a free loopback port; `turn(request)` returns `{ blocks, stop }`. Resolves to the server. */
export async function mockModel(turn) {
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      if (!req.url.startsWith('/v1/messages') || req.url.includes('count_tokens')) {
        res.writeHead(req.url.includes('count_tokens') ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(req.url.includes('count_tokens') ? { input_tokens: 10 } : { error: 'not mocked' }));
        return;
      }
      const r = JSON.parse(body || '{}');
      const { blocks, stop } = turn(r);
      n += 1;
      if (r.stream) return sse(res, `msg_${n}`, blocks, stop);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `msg_${n}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5',
        content: blocks, stop_reason: stop, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server;
}
