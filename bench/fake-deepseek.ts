/**
 * The bench's upstream, in its own process: a DeepSeek chat-completions stream of a short answer
 * paced like a fast model. A `: keep-alive` comment and the role chunk go out with the headers,
 * then `CONTENT_EVENTS` content chunks `EVENT_GAP_MS` apart, then the finish chunk with usage and
 * `[DONE]`; every event is its own write. Any path ending in `/chat/completions` is served, so the
 * same server stands behind direct calls, Tollgate (`TOLLGATE_DEEPSEEK_BASE_URL`) and Portkey
 * (`x-portkey-custom-host: <url>/v1`). Prints its base URL on stdout; listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';

export const CONTENT_EVENTS = 8;
export const EVENT_GAP_MS = 2;
const REQUEST = z.object({ model: z.string().optional(), stream: z.boolean().optional() });
const WORDS = ['The ', 'quick ', 'brown ', 'fox ', 'jumps ', 'over ', 'the ', 'dog.'];

function chunk(id: string, model: string, delta: Record<string, unknown>, finish: string | null, extra: object = {}): string {
  const body = {
    id,
    object: 'chat.completion.chunk',
    created: 1767411028,
    model,
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { message, type: 'invalid_request_error' } }));
}

async function answer(expectedKey: string, request: IncomingMessage, response: ServerResponse, sequence: number): Promise<void> {
  const chunks: Buffer[] = [];
  request.on('data', (piece: Buffer) => chunks.push(piece));
  await new Promise((resolveEnd) => request.once('end', resolveEnd));
  if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) return refuse(response, 404, 'Not found');
  if (request.headers.authorization !== `Bearer ${expectedKey}`) return refuse(response, 401, 'Authentication Fails');
  const body = REQUEST.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  if (body.stream !== true) return refuse(response, 400, 'The bench upstream only streams.');
  const id = `bench-${sequence}`;
  const model = body.model ?? 'deepseek-chat';
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  response.write(': keep-alive\n\n');
  response.write(chunk(id, model, { role: 'assistant', content: '' }, null));
  for (let index = 0; index < CONTENT_EVENTS; index++) {
    if (index > 0) await new Promise((wake) => setTimeout(wake, EVENT_GAP_MS));
    if (response.destroyed) return;
    response.write(chunk(id, model, { content: WORDS[index % WORDS.length] }, null));
  }
  const usage = {
    prompt_tokens: 20,
    completion_tokens: CONTENT_EVENTS,
    total_tokens: 20 + CONTENT_EVENTS,
    prompt_tokens_details: { cached_tokens: 0 },
    prompt_cache_hit_tokens: 0,
    prompt_cache_miss_tokens: 20,
  };
  response.write(chunk(id, model, { content: '' }, 'stop', { usage }));
  response.end('data: [DONE]\n\n');
}

if (require.main === module) {
  const expectedKey = process.env.DEEPSEEK_API_KEY ?? '';
  let sequence = 0;
  const server = createServer((request, response) => {
    answer(expectedKey, request, response, ++sequence).catch(() => response.destroy());
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
