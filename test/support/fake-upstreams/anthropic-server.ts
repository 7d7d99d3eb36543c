import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, serveOnLoopback } from './fake-server';
import { injectFault, type FaultWire } from './faults';
import { writeInPieces } from './split-writer';

/**
 * A fake Anthropic Messages API in its real wire format (docs/PROTOCOLS.md §2, §6.6):
 * named SSE events, a `ping` after the first `content_block_start`, thinking blocks with
 * `thinking_delta` + `signature_delta` (when the request enables thinking), tool_use blocks with
 * `input_json_delta` fragments (the first one empty), a cumulative `message_delta.usage` with cache
 * fields, `event: error` after a 200, and 429/529 bodies with `request_id` plus `request-id` and
 * `retry-after` headers. Like Anthropic, it refuses (400) a thinking request whose last tool-calling
 * assistant turn does not start with its thinking block. `POST /v1/messages/count_tokens` answers `{input_tokens}`.
 * Events are written in pieces cut at arbitrary byte offsets.
 *
 * The answer echoes the last user text (or the tool result it carries), so a canary in the prompt
 * comes back. A directive in the prompt picks a scenario: `#scenario=rate-limited`, `overloaded`,
 * `error-mid-stream`, `cut-mid-stream`, `slow-headers`, `tool-call`; `#fault=...` injects one of the faults of
 * `faults.ts` (also for count_tokens).
 */
export interface ReceivedAnthropicRequest {
  /** Path and query, e.g. `/v1/messages?beta=true`. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

export interface FakeAnthropicServer {
  readonly baseUrl: string;
  readonly received: ReceivedAnthropicRequest[];
  close(): Promise<void>;
}

/** Usage the fake reports: `message_start` carries input and cache counts, `message_delta` the cumulative total. */
export const FAKE_ANTHROPIC_USAGE = { input: 11, cacheWrite: 5, cacheRead: 7, output: 25, countTokens: 17 } as const;
export const FAKE_THINKING = { text: 'Let me think.', signature: 'EqQBsig-anthropic==' } as const;

type Block = Record<string, unknown>;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Block[])
    .map((block) =>
      block.type === 'text' ? String(block.text) : block.type === 'tool_result' ? `Tool said: ${textOf(block.content)}` : '',
    )
    .join('');
}

function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages as Array<{ role: string; content: unknown }>) ?? [];
  const last = [...messages].reverse().find((message) => message.role === 'user');
  return last ? textOf(last.content) : '';
}

/**
 * Anthropic's rule with thinking on: "a final assistant message must start with a thinking block"
 * when it made tool calls (such a request is answered with a 400).
 */
function finalToolTurnLacksThinking(body: Record<string, unknown>): boolean {
  if ((body.thinking as { type?: string } | undefined)?.type !== 'enabled') return false;
  const messages = (body.messages as Array<{ role: string; content: unknown }>) ?? [];
  const last = [...messages].reverse().find((message) => message.role === 'assistant');
  if (!last || !Array.isArray(last.content) || !(last.content as Block[]).some((block) => block.type === 'tool_use')) return false;
  const first = (last.content as Block[])[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}

function errorResponse(response: ServerResponse, status: number, type: string, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake_error', ...extraHeaders });
  response.end(JSON.stringify({ type: 'error', error: { type, message: 'Upstream failure' }, request_id: 'req_fake_error' }));
}

function event(data: Block): string {
  return `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
}

const ANTHROPIC_ERROR_TYPES: Readonly<Record<number, string>> = { 429: 'rate_limit_error', 500: 'api_error', 503: 'overloaded_error' };

/** Anthropic's wire format for injected faults (faults.ts). */
const FAULT_WIRE: FaultWire = {
  streamStart:
    event({
      type: 'message_start',
      message: {
        id: 'msg_fault',
        type: 'message',
        role: 'assistant',
        model: 'm',
        content: [],
        usage: { input_tokens: 11, output_tokens: 1 },
      },
    }) +
    event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Echo: partial answer ' } }),
  textEvent: (text) => event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
  errorEvent: (prompt) => event({ type: 'error', error: { type: 'overloaded_error', message: `Overloaded while echoing: ${prompt}` } }),
  errorBody: (status, prompt) =>
    JSON.stringify({
      type: 'error',
      error: { type: ANTHROPIC_ERROR_TYPES[status] ?? 'api_error', message: `Failed on: ${prompt}` },
      request_id: 'req_fault',
    }),
  partialJson: '{"id":"msg_fault","type":"message","role":"assistant","content":[{"type":"text","text":"Echo: partial',
};

export async function startFakeAnthropicServer(expectedKey: string): Promise<FakeAnthropicServer> {
  const received: ReceivedAnthropicRequest[] = [];
  let seed = 11;

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    if (request.method !== 'POST' || (path !== '/v1/messages' && path !== '/v1/messages/count_tokens')) {
      errorResponse(response, 404, 'not_found_error');
      return;
    }
    const body = await readJsonBody(request);
    received.push({ url: request.url ?? '', headers: request.headers, body });
    if (request.headers['x-api-key'] !== expectedKey) return errorResponse(response, 401, 'authentication_error');
    if (!request.headers['anthropic-version']) return errorResponse(response, 400, 'invalid_request_error');
    if (await injectFault(lastUserText(body), FAULT_WIRE, request, response, body.stream === true)) return;
    if (path === '/v1/messages/count_tokens') {
      response.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_fake_count' });
      response.end(JSON.stringify({ input_tokens: FAKE_ANTHROPIC_USAGE.countTokens }));
      return;
    }

    if (path === '/v1/messages' && finalToolTurnLacksThinking(body)) return errorResponse(response, 400, 'invalid_request_error');
    const prompt = lastUserText(body);
    const scenario = /#scenario=([a-z-]+)/.exec(prompt)?.[1];
    if (scenario === 'slow-headers') await new Promise((wake) => setTimeout(wake, 800));
    if (scenario === 'rate-limited') return errorResponse(response, 429, 'rate_limit_error', { 'retry-after': '7' });
    if (scenario === 'overloaded') return errorResponse(response, 529, 'overloaded_error');

    const thinking = (body.thinking as { type?: string } | undefined)?.type === 'enabled';
    const toolCall = scenario === 'tool-call';
    const answerText = `Echo: ${prompt} — 完了 ✓`;
    const usageStart = {
      input_tokens: FAKE_ANTHROPIC_USAGE.input,
      cache_creation_input_tokens: FAKE_ANTHROPIC_USAGE.cacheWrite,
      cache_read_input_tokens: FAKE_ANTHROPIC_USAGE.cacheRead,
      output_tokens: 1,
    };
    const usageEnd = { ...usageStart, output_tokens: FAKE_ANTHROPIC_USAGE.output };
    const model = String(body.model);
    const id = `msg_fake_${received.length}`;
    const content: Block[] = [];
    if (thinking) content.push({ type: 'thinking', thinking: FAKE_THINKING.text, signature: FAKE_THINKING.signature });
    if (toolCall) content.push({ type: 'tool_use', id: `toolu_fake_${received.length}`, name: 'get_weather', input: { city: 'Paris' } });
    else content.push({ type: 'text', text: answerText });
    const stopReason = toolCall ? 'tool_use' : 'end_turn';

    if (body.stream !== true) {
      const message = {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: usageEnd,
      };
      response.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_fake_ok' });
      await writeInPieces(response, JSON.stringify(message), seed++);
      response.end();
      return;
    }

    const events: string[] = [
      event({
        type: 'message_start',
        message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: usageStart },
      }),
    ];
    content.forEach((block, index) => {
      if (block.type === 'thinking') {
        events.push(event({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
        if (index === 0) events.push(event({ type: 'ping' }));
        events.push(event({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: 'Let me ' } }));
        events.push(event({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: 'think.' } }));
        events.push(event({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: FAKE_THINKING.signature } }));
      } else if (block.type === 'tool_use') {
        events.push(
          event({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }),
        );
        if (index === 0) events.push(event({ type: 'ping' }));
        for (const fragment of ['', '{"city":', ' "Par', 'is"}'])
          events.push(event({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: fragment } }));
      } else {
        events.push(event({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
        if (index === 0) events.push(event({ type: 'ping' }));
        for (const word of answerText.match(/\S+\s*/g) ?? [])
          events.push(event({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: word } }));
      }
      if (scenario !== 'error-mid-stream' && scenario !== 'cut-mid-stream') events.push(event({ type: 'content_block_stop', index }));
    });
    if (scenario === 'error-mid-stream') {
      events.push(event({ type: 'error', error: { type: 'overloaded_error', message: `Overloaded while echoing: ${prompt}` } }));
    } else if (scenario !== 'cut-mid-stream') {
      events.push(event({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: usageEnd }));
      events.push(event({ type: 'message_stop' }));
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_fake_ok' });
    await writeInPieces(response, events.join(''), seed++);
    response.end();
  }

  const server = await serveOnLoopback(answer);
  return {
    baseUrl: `${server.origin}`,
    received,
    close: () => server.close(),
  };
}
