/**
 * The bench's load generator: streams chat completions over keep-alive HTTP/1.1 connections
 * (node:http, cheaper per event than fetch, so the generator takes less of the shared cores) and
 * times each content event as it arrives.
 */
import { Agent, request } from 'node:http';

export interface StreamTarget {
  readonly name: string;
  /** `http://127.0.0.1:PORT/.../chat/completions` */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface StreamSample {
  /** From sending the request to the first event carrying content. */
  readonly firstTokenMs: number;
  /** From the first content event to the last one. */
  readonly spreadMs: number;
  readonly contentEvents: number;
}

const BODY = JSON.stringify({
  model: 'deepseek-chat',
  stream: true,
  messages: [{ role: 'user', content: 'Benchmark prompt of a typical short length, asking for a short answer.' }],
});

/** A data event whose delta carries at least one character of content. */
const CONTENT_EVENT = /"content":"[^"]/;

/** Thrown when a kept-alive connection was closed by the server as the request went out (nothing was answered). */
class StaleConnectionError extends Error {}

/**
 * One streamed request; rejects on a non-200 status, a broken connection or a stream without `[DONE]`.
 * A request sent on a kept-alive connection the server closed at that moment (its idle timeout) is
 * sent again once on a new connection, as Node's documentation advises (`request.reusedSocket`).
 */
export async function streamOnce(target: StreamTarget, agent: Agent): Promise<StreamSample> {
  try {
    return await streamOnceOn(target, agent);
  } catch (error) {
    if (!(error instanceof StaleConnectionError)) throw error;
    return streamOnceOn(target, agent);
  }
}

function streamOnceOn(target: StreamTarget, agent: Agent): Promise<StreamSample> {
  return new Promise((resolveSample, reject) => {
    const started = performance.now();
    let firstAt = 0;
    let lastAt = 0;
    let contentEvents = 0;
    let buffered = '';
    let done = false;
    let answered = false;
    const outgoing = request(
      target.url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY), ...target.headers },
      },
      (response) => {
        answered = true;
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`${target.name}: HTTP ${response.statusCode}`));
          return;
        }
        response.setEncoding('utf8');
        response.on('data', (text: string) => {
          const now = performance.now();
          buffered += text;
          // Whole events only: a half event does not count until its blank line arrives.
          for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
            const event = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            if (event.startsWith('data: [DONE]')) done = true;
            else if (event.startsWith('data:') && CONTENT_EVENT.test(event)) {
              contentEvents += 1;
              if (!firstAt) firstAt = now;
              lastAt = now;
            }
          }
        });
        response.on('end', () => {
          if (!done || !contentEvents) reject(new Error(`${target.name}: the stream ended without content or [DONE]`));
          else resolveSample({ firstTokenMs: firstAt - started, spreadMs: lastAt - firstAt, contentEvents });
        });
        response.on('error', (error) => reject(new Error(`${target.name}: ${error.message}`)));
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const stale = outgoing.reusedSocket && error.code === 'ECONNRESET' && !answered;
      reject(stale ? new StaleConnectionError(`${target.name}: ${error.message}`) : new Error(`${target.name}: ${error.message}`));
    });
    outgoing.end(BODY);
  });
}

/** `requests` streams, at most `concurrency` at once (a bounded loop). */
export async function runStreams(target: StreamTarget, agent: Agent, concurrency: number, requests: number): Promise<StreamSample[]> {
  const samples: StreamSample[] = [];
  let issued = 0;
  const worker = async () => {
    while (issued < requests) {
      issued += 1;
      samples.push(await streamOnce(target, agent));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  return samples;
}

export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Infinity });
}
