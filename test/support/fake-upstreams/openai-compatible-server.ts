import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, serveOnLoopback } from './fake-server';
import { injectFault, type FaultWire } from './faults';
import { writeInPieces } from './split-writer';

/**
 * A fake DeepSeek or Volcano Ark server speaking their real wire formats (docs/PROTOCOLS.md §4, §5):
 * - DeepSeek: `: keep-alive` comments before the first event, `reasoning_content` deltas for
 *   reasoner models and requests with `thinking: {type: "enabled"}`, usage (with `prompt_cache_hit_tokens`) on the finish chunk, blank lines before
 *   a non-streamed JSON body.
 * - Ark: `usage: null` on every chunk and the usage in a separate `choices: []` chunk.
 * Events are written in pieces cut at arbitrary byte offsets.
 *
 * The answer echoes the last user message, so a canary in the prompt comes back in the completion.
 * A directive in the prompt picks a failure: `#scenario=rate-limited`, `overloaded`, `error-mid-stream`,
 * `cut-mid-stream`, `slow-headers`, `stall-body` (headers, then nothing), `tool-call`, `invalid-param` (a 400 about
 * `max_tokens` whose message echoes the prompt, as validation messages do); `#fault=...` injects one of the faults of
 * `faults.ts`.
 */
export type Flavor = 'deepseek' | 'ark';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

export interface FakeOpenAiCompatibleServer {
  readonly baseUrl: string;
  readonly received: ReceivedRequest[];
  /** Delay before answering `slow-headers` requests. @default 1500 ms */
  slowHeadersMs: number;
  close(): Promise<void>;
}

export const FAKE_USAGE = { hit: 8, miss: 12, completion: 30, reasoning: 10 } as const;

/** The last user or tool message's text (a tool result is echoed as `Tool said: ...`). */
function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages as Array<{ role: string; content: unknown }>) ?? [];
  const last = [...messages].reverse().find((message) => message.role === 'user' || message.role === 'tool');
  if (last?.role === 'tool') return `Tool said: ${String(last.content)}`;
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return ((last.content as Array<{ type: string; text?: string }>) ?? []).map((part) => part.text ?? '').join('');
}

function usageFor(flavor: Flavor, reasoning: boolean): Record<string, unknown> {
  const reasoningTokens = reasoning ? FAKE_USAGE.reasoning : 0;
  const common = {
    prompt_tokens: FAKE_USAGE.hit + FAKE_USAGE.miss,
    completion_tokens: FAKE_USAGE.completion,
    total_tokens: FAKE_USAGE.hit + FAKE_USAGE.miss + FAKE_USAGE.completion,
    prompt_tokens_details: { cached_tokens: FAKE_USAGE.hit },
    completion_tokens_details: { reasoning_tokens: reasoningTokens },
  };
  return flavor === 'deepseek' ? { ...common, prompt_cache_hit_tokens: FAKE_USAGE.hit, prompt_cache_miss_tokens: FAKE_USAGE.miss } : common;
}

function errorBody(flavor: Flavor, status: number): Record<string, unknown> {
  if (flavor === 'ark') {
    const codes: Record<number, [string, string]> = {
      429: ['RateLimitExceeded.EndpointRPMExceeded', 'TooManyRequests'],
      503: ['ServerOverloaded', 'ServiceUnavailable'],
      401: ['AuthenticationError', 'Unauthorized'],
    };
    const [code, type] = codes[status] ?? ['InternalServiceError', 'InternalServerError'];
    return { error: { code, message: `Request failed. Request ID: 0217`, param: '', type } };
  }
  const types: Record<number, string> = { 429: 'rate_limit_error', 503: 'server_overloaded', 401: 'authentication_error' };
  return { error: { message: 'Upstream failure', type: types[status] ?? 'server_error', param: null, code: 'invalid_request_error' } };
}

const faultChunk = (delta: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-fault', object: 'chat.completion.chunk', created: 1767411028, model: 'm', choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] })}\n\n`;

/** The OpenAI-compatible wire format for injected faults (faults.ts). */
function faultWire(flavor: Flavor): FaultWire {
  return {
    streamStart: faultChunk({ role: 'assistant', content: '' }) + faultChunk({ content: 'Echo: partial answer ' }),
    textEvent: (text) => faultChunk({ content: text }),
    errorEvent: (prompt) =>
      `data: ${JSON.stringify({ error: { message: `Failure while echoing: ${prompt}`, type: 'server_error', code: 'internal' } })}\n\n`,
    errorBody: (status, prompt) => {
      const body = errorBody(flavor, status) as { error: Record<string, unknown> };
      return JSON.stringify({ error: { ...body.error, message: `Failed on: ${prompt}` } });
    },
    partialJson:
      '{"id":"chatcmpl-fault","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Echo: partial',
  };
}

export async function startFakeOpenAiCompatibleServer(flavor: Flavor, expectedKey: string): Promise<FakeOpenAiCompatibleServer> {
  const received: ReceivedRequest[] = [];
  const pathPrefix = flavor === 'ark' ? '/api/v3' : '';
  let seed = 1;
  const state = { slowHeadersMs: 1500 };
  const wire = faultWire(flavor);

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url !== `${pathPrefix}/chat/completions`) {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error' } }));
      return;
    }
    const body = await readJsonBody(request);
    received.push({ path: request.url, headers: request.headers, body });
    if (request.headers.authorization !== `Bearer ${expectedKey}`) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody(flavor, 401)));
      return;
    }
    const prompt = lastUserText(body);
    if (await injectFault(prompt, wire, request, response, body.stream === true)) return;
    const scenario = /#scenario=([a-z-]+)/.exec(prompt)?.[1];
    if (scenario === 'slow-headers') await new Promise((wake) => setTimeout(wake, state.slowHeadersMs));
    if (scenario === 'stall-body') {
      // Headers, then silence: the answer never comes (until the gateway gives up).
      response.writeHead(200, { 'content-type': body.stream === true ? 'text/event-stream' : 'application/json' });
      response.flushHeaders();
      return;
    }
    if (scenario === 'invalid-param') {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: {
            message: `max_tokens is too large for: ${prompt}`,
            type: 'invalid_request_error',
            param: 'max_tokens',
            code: 'invalid_value',
          },
        }),
      );
      return;
    }
    if (scenario === 'rate-limited' || scenario === 'overloaded') {
      const status = scenario === 'rate-limited' ? 429 : 503;
      response.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '7' } : {}) });
      response.end(JSON.stringify(errorBody(flavor, status)));
      return;
    }
    const model = String(body.model);
    // Reasoner models always think; others when the request turns thinking on (DeepSeek V3.2+, Ark).
    const reasoning = model.includes('reasoner') || (body.thinking as { type?: string } | undefined)?.type === 'enabled';
    const answerText = `Echo: ${prompt} — 完了 ✓`;
    const usage = usageFor(flavor, reasoning);
    const id = `chatcmpl-${flavor}-${received.length}`;

    if (body.stream !== true) {
      const message: Record<string, unknown> = { role: 'assistant', content: answerText };
      if (reasoning) message.reasoning_content = 'Thinking about it.';
      if (scenario === 'tool-call') {
        message.content = null;
        message.tool_calls = [{ id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }];
      }
      const finishReason = scenario === 'tool-call' ? 'tool_calls' : 'stop';
      const completion = {
        id,
        object: 'chat.completion',
        created: 1767411028,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage,
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      // DeepSeek keeps a queued non-streamed request alive with blank lines before the JSON.
      await writeInPieces(response, `${flavor === 'deepseek' ? '\n\n' : ''}${JSON.stringify(completion)}`, seed++);
      response.end();
      return;
    }

    const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) => {
      const base: Record<string, unknown> = {
        id,
        object: 'chat.completion.chunk',
        created: 1767411028,
        model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      };
      if (flavor === 'ark') base.usage = null;
      return `data: ${JSON.stringify({ ...base, ...extra })}\n\n`;
    };
    const events: string[] = [];
    if (flavor === 'deepseek') events.push(': keep-alive\n\n');
    events.push(chunk({ role: 'assistant', content: reasoning ? null : '', ...(reasoning ? { reasoning_content: '' } : {}) }, null));
    if (reasoning) events.push(chunk({ content: null, reasoning_content: 'Thinking about it.' }, null));
    if (scenario === 'tool-call') {
      events.push(
        chunk({ tool_calls: [{ index: 0, id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: '' } }] }, null),
      );
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, null));
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, null));
    } else {
      for (const word of answerText.match(/\S+\s*/g) ?? []) events.push(chunk({ content: word }, null));
    }
    if (scenario === 'error-mid-stream') {
      events.push(
        `data: ${JSON.stringify({ error: { message: `Failure while echoing: ${prompt}`, type: 'server_error', code: 'internal' } })}\n\n`,
      );
    } else if (scenario !== 'cut-mid-stream') {
      const finishReason = scenario === 'tool-call' ? 'tool_calls' : 'stop';
      if (flavor === 'deepseek') {
        events.push(chunk({ content: '' }, finishReason, { usage }));
      } else {
        events.push(chunk({}, finishReason));
        events.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1767411028, model, choices: [], usage })}\n\n`);
      }
      events.push('data: [DONE]\n\n');
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    await writeInPieces(response, events.join(''), seed++);
    response.end();
  }

  const server = await serveOnLoopback(answer);
  return {
    baseUrl: `${server.origin}${pathPrefix}`,
    received,
    get slowHeadersMs() {
      return state.slowHeadersMs;
    },
    set slowHeadersMs(value: number) {
      state.slowHeadersMs = value;
    },
    close: () => server.close(),
  };
}
