import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import type { Protocol } from '../../../lambda/core/providers';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { faultRecord, setRedirectTarget, UPSTREAM_FAULTS } from '../../support/fake-upstreams/faults';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { recordOf, usageRecords } from '../../support/usage-records';

/**
 * The fault table: every upstream fault × every caller protocol × every provider protocol ×
 * streamed / buffered (and token counts where the provider has a counting endpoint). Each case must
 * be answered in the caller's protocol shape, leave exactly one usage record whose status is the
 * one the caller was given, never echo the upstream's message, and, where the gateway gave up on
 * the upstream, have closed the upstream connection (the fake reports when it was hung up on).
 */

type Upstream = 'anthropic' | 'gemini' | 'deepseek';
type Mode = 'streamed' | 'buffered' | 'count';
type Fault = (typeof UPSTREAM_FAULTS)[number];

const CANARY = 'CANARY-faults-5e1d';
const MODELS: Readonly<Record<Upstream, string>> = { anthropic: 'claude-haiku-4-5', gemini: 'gemini-2.5-flash', deepseek: 'deepseek-chat' };
const KEEP_ALIVE_SECONDS = 1;
const HEADERS_TIMEOUT_SECONDS = 5;

type Kind = 'rate_limited' | 'overloaded' | 'upstream_error' | 'upstream_unavailable' | 'upstream_timeout';

/** The gateway's error for a fault, before a caller protocol renders it (buffered, or in-band for streams). */
function gatewayError(fault: Fault, upstream: Upstream, mode: Mode): { readonly kind: Kind; readonly status: number } {
  const overloaded = { kind: 'overloaded', status: upstream === 'anthropic' ? 529 : 503 } as const;
  const failed = { kind: 'upstream_error', status: 502 } as const;
  switch (fault) {
    case 'status-429':
      return { kind: 'rate_limited', status: 429 };
    case 'status-503-retry-after':
      // Anthropic's overloaded_error is its 529; the others' overload is 503.
      return overloaded;
    case 'reset-before-headers':
      return { kind: 'upstream_unavailable', status: 502 };
    case 'hang-before-headers':
    case 'hang-mid-stream':
      return { kind: 'upstream_timeout', status: 504 };
    case 'error-event':
      // Non-streamed: an event stream where JSON was asked for. Streamed: the provider's own error event.
      return mode === 'streamed' && upstream !== 'deepseek' ? overloaded : failed;
    case 'error-body-200':
      return upstream === 'deepseek' ? failed : overloaded;
    default:
      return failed;
  }
}

/** The status a caller protocol gives an error kind (PROTOCOLS.md: Anthropic clients retry 529, Gemini and OpenAI clients 503). */
const CALLER_STATUS: Readonly<Record<Protocol, Partial<Record<Kind, number>>>> = {
  openai: { overloaded: 503 },
  anthropic: { overloaded: 529, rate_limited: 429, upstream_timeout: 504 },
  gemini: { overloaded: 503, upstream_unavailable: 503, upstream_timeout: 504, rate_limited: 429 },
};

function expectedStatus(testCase: Case): number {
  const error = gatewayError(testCase.fault, testCase.upstream, testCase.mode);
  return CALLER_STATUS[testCase.client][error.kind] ?? error.status;
}

/** Faults where the gateway itself ends the exchange while the upstream would go on: it must hang up on it. */
function gatewayGivesUp(fault: Fault, mode: Mode): boolean {
  if (fault === 'hang-before-headers' || fault === 'hang-mid-stream') return true;
  return mode === 'streamed' && (fault === 'malformed-chunk' || fault === 'error-event');
}

const errorShapes: Readonly<Record<Protocol, z.ZodType>> = {
  openai: z.object({
    error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }).strict(),
  }),
  anthropic: z.object({ type: z.literal('error'), error: z.object({ type: z.string(), message: z.string() }).strict() }),
  gemini: z.object({ error: z.object({ code: z.number().int(), message: z.string(), status: z.string() }).strict() }),
};

interface Case {
  readonly id: string;
  readonly fault: Fault;
  readonly client: Protocol;
  readonly upstream: Upstream;
  readonly mode: Mode;
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const fault of UPSTREAM_FAULTS)
    for (const client of ['openai', 'anthropic', 'gemini'] as const)
      for (const upstream of ['anthropic', 'gemini', 'deepseek'] as const)
        for (const mode of ['streamed', 'buffered', 'count'] as const) {
          // Counting: Anthropic and Gemini callers, on providers with a counting endpoint.
          if (mode === 'count' && (client === 'openai' || upstream === 'deepseek')) continue;
          all.push({ id: `${fault}_${client}_${upstream}_${mode}`, fault, client, upstream, mode });
        }
  return all;
}

function requestFor(testCase: Case, gatewayUrl: string, key: string): { url: string; init: RequestInit } {
  const prompt = `Say hi. ${CANARY} #fault=${testCase.fault} #case=${testCase.id}`;
  const model = MODELS[testCase.upstream];
  const stream = testCase.mode === 'streamed';
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  let path: string;
  let body: unknown;
  switch (testCase.client) {
    case 'openai':
      path = '/v1/chat/completions';
      body = { model, stream, max_tokens: 64, messages: [{ role: 'user', content: prompt }] };
      break;
    case 'anthropic':
      headers['anthropic-version'] = '2023-06-01';
      path = testCase.mode === 'count' ? '/v1/messages/count_tokens' : '/v1/messages';
      body = { model, stream, max_tokens: 64, messages: [{ role: 'user', content: prompt }] };
      if (testCase.mode === 'count') body = { model, messages: [{ role: 'user', content: prompt }] };
      break;
    case 'gemini': {
      const action = testCase.mode === 'count' ? 'countTokens' : stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      path = `/v1beta/models/${model}:${action}`;
      body = { contents: [{ role: 'user', parts: [{ text: prompt }] }] };
      break;
    }
  }
  return { url: `${gatewayUrl}${path}`, init: { method: 'POST', headers, body: JSON.stringify(body) } };
}

function sseEvents(text: string): Array<{ event?: string; data: string }> {
  const events: Array<{ event?: string; data: string }> = [];
  const parser = createParser({ onEvent: (event) => events.push({ event: event.event, data: event.data }) });
  parser.feed(text);
  parser.feed('\n\n');
  return events;
}

interface Outcome {
  readonly status: number;
  readonly requestId: string | null;
  readonly retryAfter: string | null;
  readonly body: string;
  readonly endedAt: number;
}

/** One request on its own connection (no keep-alive: a pooled connection the server is closing would reset under load). */
function post(url: string, init: RequestInit): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', headers: init.headers as Record<string, string>, agent: false, timeout: 90_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('no answer within 90 s')));
    request.end(init.body as string);
  });
}

async function run(testCase: Case, gatewayUrl: string, key: string): Promise<Outcome> {
  const { url, init } = requestFor(testCase, gatewayUrl, key);
  const response = await post(url, init);
  const header = (name: string) => (typeof response.headers[name] === 'string' ? response.headers[name] : null);
  return {
    status: response.status,
    requestId: header('x-request-id'),
    retryAfter: header('retry-after'),
    body: response.body,
    endedAt: Date.now(),
  };
}

/** Checks the answer's shape and returns the status the caller was given for the failure. */
function checkAnswer(testCase: Case, outcome: Outcome): void {
  const { client } = testCase;
  const expected = expectedStatus(testCase);
  expect(outcome.body).not.toContain('CANARY');
  if (outcome.status !== 200) {
    // Refused before any byte: the status and an error body in the caller's shape.
    expect(outcome.status).toBe(expected);
    expect(errorShapes[client].safeParse(JSON.parse(outcome.body)).success).toBe(true);
    if (testCase.fault === 'status-429') expect(outcome.retryAfter).toBe('7');
    if (testCase.fault === 'status-503-retry-after') expect(outcome.retryAfter).toBe('3');
    return;
  }
  if (testCase.mode !== 'streamed') {
    // Committed to 200 by a keep-alive (newlines) before the failure: the error body follows them.
    expect(errorShapes[client].safeParse(JSON.parse(outcome.body)).success).toBe(true);
    return;
  }
  // A stream: whatever came first, it ends with one error event in the caller's shape and nothing after it.
  const events = sseEvents(outcome.body);
  const last = events[events.length - 1];
  expect(last).toBeDefined();
  if (client === 'anthropic') expect(last.event).toBe('error');
  const error: unknown = JSON.parse(last.data);
  expect(errorShapes[client].safeParse(error).success).toBe(true);
  if (client === 'gemini') expect((error as { error: { code: number } }).error.code).toBe(expected);
  expect(events.filter((event) => event.data.includes('"error"'))).toHaveLength(1);
}

describe('upstream faults × caller protocols × providers × streamed / buffered / count', () => {
  let upstreams: FakeUpstreams;
  let harness: GatewayHarness;
  let trap: Server;
  const trapHits: string[] = [];

  beforeAll(async () => {
    trap = createServer((request, response) => {
      trapHits.push(request.url ?? '');
      response.end('{}');
    });
    await new Promise<void>((listening) => trap.listen(0, '127.0.0.1', () => listening()));
    setRedirectTarget(`http://127.0.0.1:${(trap.address() as AddressInfo).port}/stolen`);
    upstreams = await startFakeUpstreams();
    harness = await startGatewayHarness({
      ...upstreams.environment,
      TOLLGATE_KEEP_ALIVE_SECONDS: String(KEEP_ALIVE_SECONDS),
      TOLLGATE_UPSTREAM_HEADERS_TIMEOUT_SECONDS: String(HEADERS_TIMEOUT_SECONDS),
    });
  });

  afterAll(async () => {
    await harness?.close();
    await upstreams?.close();
    await new Promise<void>((closed) => trap?.close(() => closed()));
  });

  it('answers every case in the caller’s shape with exactly one truthful record, hanging up on abandoned upstreams', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(12 * 3 * 3 * 2);
    // Warm up (module loading, the key lookup) outside the cases' timeouts.
    expect((await fetch(`${harness.gateway.url}/v1/models`, { headers: { authorization: `Bearer ${harness.key}` } })).status).toBe(200);
    const outcomes = new Map<string, Outcome>();
    // A bounded pool: the hang cases wait for timeouts, the others are quick.
    const queue = [...all];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) outcomes.set(next.id, await run(next, harness.gateway.url, harness.key));
      }),
    );

    const failures: string[] = [];
    for (const testCase of all) {
      const outcome = outcomes.get(testCase.id) as Outcome;
      try {
        checkAnswer(testCase, outcome);
        const record = await recordOf(harness, outcome.requestId);
        expect(record.status).toBe(expectedStatus(testCase));
        expect(record.operation).toBe(testCase.mode === 'count' ? 'countTokens' : 'generate');
        expect(record.streamed).toBe(testCase.mode === 'streamed');
        if (testCase.fault !== 'redirect') expect(faultRecord(testCase.id)).toBeDefined();
        if (gatewayGivesUp(testCase.fault, testCase.mode)) {
          // The upstream connection closed before the fake ended it, right after the caller's answer (well before
          // any idle timeout of the stream, which is 20 keep-alive intervals).
          let closedAt = faultRecord(testCase.id)?.closedEarlyAt;
          for (let attempt = 0; closedAt === undefined && attempt < 50; attempt++) {
            await new Promise((wake) => setTimeout(wake, 100));
            closedAt = faultRecord(testCase.id)?.closedEarlyAt;
          }
          expect(closedAt).toBeDefined();
          expect(closedAt as number).toBeLessThan(outcome.endedAt + 5000);
        }
      } catch (error) {
        failures.push(`${testCase.id}: ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`);
      }
    }
    expect(failures).toEqual([]);
    // Nothing was ever sent where a redirect pointed.
    expect(trapHits).toEqual([]);
    // Exactly one record per case and no other.
    const requestIds = [...outcomes.values()].map((outcome) => outcome.requestId);
    const recorded = (await usageRecords(harness)).filter((record) => record.operation !== 'listModels');
    expect(recorded.map((record) => record.requestId).sort()).toEqual([...requestIds].sort());
    expect(harness.output()).not.toContain('CANARY');
  }, 600_000);
});
