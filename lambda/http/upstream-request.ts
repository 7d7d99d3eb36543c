import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What the gateway reads of an upstream answer. */
export interface UpstreamResponse {
  readonly status: number;
  /** 2xx */
  readonly ok: boolean;
  readonly headers: Headers;
  /** The body's bytes as they arrive. */
  readonly body: AsyncIterable<Uint8Array>;
  /** The whole body as text. */
  text(): Promise<string>;
}

/**
 * How long a pooled connection may sit idle before the gateway closes it: undici's default (what
 * `fetch` did before). Node's agent keeps idle sockets forever unless given a timeout, and only then
 * honours a server's `Keep-Alive: timeout=N` hint (it closes them a second before N): without it,
 * every connection idle past the upstream's own timeout is a stale one waiting to fail a request.
 */
const IDLE_TIMEOUT_MS = 4_000;

/** One connection pool per scheme, kept for the execution environment's life (as `fetch`'s global one was). */
const AGENTS = {
  'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
} as const;

/** A pooled connection broke before any answer: the server had closed it as the request went out. */
class StaleConnection extends Error {}

/** Errors of a write to, or a read from, a connection the peer has closed. */
const CLOSED_BY_PEER = new Set(['ECONNRESET', 'EPIPE']);

/**
 * POSTs `body` to an upstream over `node:http(s)` and resolves when the response headers arrive.
 * This replaced `fetch` on the hot path: undici's `fetch` wraps every request and body in web
 * objects (Request, Headers, a readable byte stream marked transferable, an AbortSignal chain),
 * which measured ~1-2 ms more CPU per streamed request and a later first byte on a loaded machine
 * (docs/DESIGN-NOTES.md, Performance). Redirects are never followed (a 3xx is returned as is), no
 * `accept-encoding` is sent, so the body arrives as the provider wrote it. Errors carry no upstream bytes.
 *
 * A request whose pooled connection breaks before any answer (the server closed it idle as the
 * request went out: its keep-alive timeout, or a Lambda environment thawed after a pause) is sent
 * once more, as Node.js advises (`request.reusedSocket`), on a new connection of its own: the other
 * pooled connections went idle at the same time and are likely closed too, and a process short of
 * CPU has not read their closes yet (sending again on one of them was the 502 seen under load).
 */
export async function postUpstream(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  signal: AbortSignal,
): Promise<UpstreamResponse> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('The upstream URL is not http or https.');
  const options: RequestOptions = {
    method: 'POST',
    agent: AGENTS[target.protocol],
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    signal,
  };
  try {
    return await send(target, options, body);
  } catch (error) {
    if (!(error instanceof StaleConnection) || signal.aborted) throw error;
    // `agent: false`: a connection for this request alone, never one from the pool.
    return send(target, { ...options, agent: false }, body);
  }
}

function send(target: URL, options: RequestOptions, body: string): Promise<UpstreamResponse> {
  return new Promise((resolveResponse, reject) => {
    const outgoing: ClientRequest = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, options, (incoming) =>
      resolveResponse(upstreamResponse(incoming)),
    );
    let answered = false;
    outgoing.once('response', () => (answered = true));
    // Kept for the request's whole life: an error after the headers (a reset mid-body) reaches the
    // body's reader through the response stream, and must not be an unhandled 'error' event.
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      const stale = outgoing.reusedSocket && error.code !== undefined && CLOSED_BY_PEER.has(error.code);
      reject(stale ? new StaleConnection() : error);
    });
    outgoing.end(body);
  });
}

function upstreamResponse(incoming: IncomingMessage): UpstreamResponse {
  const status = incoming.statusCode ?? 0;
  let headers: Headers | undefined;
  return {
    status,
    ok: status >= 200 && status < 300,
    // Built on first use: the hot path (a 200 stream) never reads them.
    get headers() {
      if (!headers) {
        headers = new Headers();
        for (let index = 0; index < incoming.rawHeaders.length; index += 2)
          headers.append(incoming.rawHeaders[index], incoming.rawHeaders[index + 1]);
      }
      return headers;
    },
    body: incoming,
    async text() {
      const chunks: Buffer[] = [];
      const bytes: AsyncIterable<Buffer> = incoming;
      for await (const chunk of bytes) chunks.push(chunk);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
