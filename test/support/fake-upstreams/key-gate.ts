import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveOnLoopback } from './fake-server';

/** How the gate answers a key: forward it to the fake upstream, or refuse with a status (and `retry-after`). */
export type KeyRule = 'pass' | { readonly status: number; readonly retryAfter?: string };

export interface KeyGate {
  readonly baseUrl: string;
  /** The upstream key of every request, in arrival order. */
  readonly seen: string[];
  /** Change a rule at any time: it applies from the next request. */
  readonly rules: Map<string, KeyRule>;
  close(): Promise<void>;
}

const KEY_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key'] as const;

function keyOf(request: IncomingMessage): { header: (typeof KEY_HEADERS)[number]; key: string } | undefined {
  for (const header of KEY_HEADERS) {
    const value = request.headers[header];
    if (typeof value === 'string') return { header, key: value.replace(/^Bearer /, '') };
  }
  return undefined;
}

/** Every provider's error bodies carry `error`; the gateway reads only the status, `retry-after` and codes. */
function refusal(response: ServerResponse, status: number, retryAfter?: string): void {
  response.writeHead(status, { 'content-type': 'application/json', ...(retryAfter ? { 'retry-after': retryAfter } : {}) });
  response.end(JSON.stringify({ error: { type: status === 429 ? 'rate_limit_error' : 'error', message: 'refused by the key gate' } }));
}

/**
 * A loopback front for one fake upstream that answers by upstream key, for failover tests: a key with a
 * status rule is refused with it (429 with `retry-after`, 401, 503, ...), unknown keys get 401, and a
 * `pass` key is forwarded with the fake's own key in its place, the answer streamed back as it comes.
 */
export async function startKeyGate(upstreamOrigin: string, upstreamKey: string, rules: Record<string, KeyRule>): Promise<KeyGate> {
  const seen: string[] = [];
  const ruleOf = new Map(Object.entries(rules));
  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const found = keyOf(request);
    if (found) seen.push(found.key);
    const rule = found ? (ruleOf.get(found.key) ?? { status: 401 }) : { status: 401 };
    if (rule !== 'pass') return refusal(response, rule.status, rule.retryAfter);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
    }
    headers[found!.header] = found!.header === 'authorization' ? `Bearer ${upstreamKey}` : upstreamKey;
    const upstream = await fetch(`${upstreamOrigin}${request.url}`, { method: request.method, headers, body: Buffer.concat(chunks) });
    const answerHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name)) answerHeaders[name] = value;
    });
    response.writeHead(upstream.status, answerHeaders);
    if (!upstream.body) return void response.end();
    await new Promise<void>((done, fail) => {
      Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream)
        .on('error', fail)
        .pipe(response)
        .on('finish', done);
    });
  }
  const server = await serveOnLoopback(answer);
  return {
    baseUrl: server.origin,
    seen,
    rules: ruleOf,
    close: () => server.close(),
  };
}
