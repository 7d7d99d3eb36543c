import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Upstream faults the fake servers inject on request, the same for every provider (each fake
 * supplies its own wire format): a directive `#fault=<name>` in the prompt picks the fault, and
 * `#case=<id>` names the request so a test can ask what happened to it upstream (`faultRecord`),
 * in particular whether the gateway closed the connection before the fake had finished (aborted).
 */
export const UPSTREAM_FAULTS = [
  'status-429',
  'status-500',
  'status-503-retry-after',
  'reset-before-headers',
  'reset-mid-stream',
  'hang-before-headers',
  'hang-mid-stream',
  'malformed-chunk',
  'error-event',
  'html-200',
  'error-body-200',
  'redirect',
] as const;

/** `trickle` (not in the fault table): a stream that keeps sending text every 200 ms until the gateway hangs up. */
export type UpstreamFault = (typeof UPSTREAM_FAULTS)[number] | 'trickle';

/** A provider's wire format for the faults. */
export interface FaultWire {
  /** The first events of a streamed answer (some text), before the fault. */
  readonly streamStart: string;
  /** One more text event of a streamed answer. */
  textEvent(text: string): string;
  /** The provider's error event inside a 200 stream; `prompt` is echoed, as real providers do. */
  errorEvent(prompt: string): string;
  /** The provider's error body for a status (429 rate limit, 500 internal, 503 overloaded); `prompt` is echoed. */
  errorBody(status: number, prompt: string): string;
  /** The beginning of a non-streamed answer, cut off. */
  readonly partialJson: string;
}

export interface FaultRecord {
  readonly fault: UpstreamFault;
  /** When the fake received the request (epoch ms). */
  readonly receivedAt: number;
  /** When the connection closed before the fake ended the response (the gateway hung up); undefined otherwise. */
  closedEarlyAt?: number;
  /** True when the fake itself cut the connection (a reset fault). */
  resetByFake?: boolean;
}

const records = new Map<string, FaultRecord>();
let redirectTarget = 'http://127.0.0.1:9/nowhere';

/** Where `redirect` sends the gateway (a server that must never be reached). */
export function setRedirectTarget(url: string): void {
  redirectTarget = url;
}

/** What the fakes saw of the request named `#case=<caseId>`, or undefined if it never arrived. */
export function faultRecord(caseId: string): FaultRecord | undefined {
  return records.get(caseId);
}

const pause = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

function hangUntilClosed(response: ServerResponse): Promise<void> {
  return new Promise((closed) => response.once('close', () => closed()));
}

/**
 * Answers with the fault the prompt asks for and returns true, or returns false (no directive).
 * `streamed` is whether the request asked for a stream.
 */
export async function injectFault(
  prompt: string,
  wire: FaultWire,
  request: IncomingMessage,
  response: ServerResponse,
  streamed: boolean,
): Promise<boolean> {
  const fault = /#fault=([a-z0-9-]+)/.exec(prompt)?.[1] as UpstreamFault | undefined;
  if (!fault) return false;
  const record: FaultRecord = { fault, receivedAt: Date.now() };
  const caseId = /#case=([A-Za-z0-9_-]+)/.exec(prompt)?.[1];
  if (caseId) records.set(caseId, record);
  response.once('close', () => {
    if (!response.writableFinished) record.closedEarlyAt = Date.now();
  });
  const reset = () => {
    record.resetByFake = true;
    request.socket.destroy();
  };
  const json = { 'content-type': 'application/json' };
  const sse = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
  const begin = () => {
    response.writeHead(200, streamed ? sse : json);
    response.write(streamed ? wire.streamStart : wire.partialJson);
  };

  switch (fault) {
    case 'status-429':
      response.writeHead(429, { ...json, 'retry-after': '7' }).end(wire.errorBody(429, prompt));
      break;
    case 'status-500':
      response.writeHead(500, json).end(wire.errorBody(500, prompt));
      break;
    case 'status-503-retry-after':
      response.writeHead(503, { ...json, 'retry-after': '3' }).end(wire.errorBody(503, prompt));
      break;
    case 'reset-before-headers':
      reset();
      break;
    case 'hang-before-headers':
      await hangUntilClosed(response);
      break;
    case 'reset-mid-stream':
      begin();
      await pause(50);
      reset();
      break;
    case 'hang-mid-stream':
      begin();
      await hangUntilClosed(response);
      break;
    case 'malformed-chunk':
      if (!streamed) {
        response.writeHead(200, json).end(`${wire.partialJson}{"broken`);
        break;
      }
      begin();
      response.write('data: {"choices":[{"delta":{"content":"x"}}\n\n');
      // Keep the connection open: only the gateway hanging up ends it.
      await hangUntilClosed(response);
      break;
    case 'error-event':
      if (!streamed) {
        // An event stream where a JSON answer was asked for.
        response.writeHead(200, sse).end(wire.streamStart + wire.errorEvent(prompt));
        break;
      }
      begin();
      response.write(wire.errorEvent(prompt));
      await hangUntilClosed(response);
      break;
    case 'html-200':
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<html><body><h1>Service temporarily unavailable</h1><p>${prompt}</p></body></html>\n`);
      break;
    case 'error-body-200':
      response.writeHead(200, json).end(wire.errorBody(503, prompt));
      break;
    case 'redirect':
      response.writeHead(307, { location: redirectTarget }).end();
      break;
    case 'trickle': {
      begin();
      let closed = false;
      response.once('close', () => (closed = true));
      for (let index = 0; !closed && index < 3000; index++) {
        await pause(200);
        if (!closed) response.write(wire.textEvent(`word${index} `));
      }
      break;
    }
  }
  return true;
}
