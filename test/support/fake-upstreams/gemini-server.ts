import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, serveOnLoopback } from './fake-server';
import { injectFault, type FaultWire } from './faults';
import { writeInPieces } from './split-writer';

/**
 * A fake Gemini Developer API in its real wire format (docs/PROTOCOLS.md §3, §6.6):
 * `:generateContent`, `:streamGenerateContent?alt=sse` (and the JSON-array stream without
 * `alt=sse`), `:countTokens`. Streams carry partial `usageMetadata` on early chunks and the full
 * one on the last; thought parts when `thinkingConfig.includeThoughts` is set; a functionCall with a
 * `thoughtSignature` (no id); a bare JSON error object mid-stream; RESOURCE_EXHAUSTED (with a
 * RetryInfo delay) and UNAVAILABLE bodies. The key must come in `x-goog-api-key`; a `?key=` in the
 * URL is refused. Events are written in pieces cut at arbitrary byte offsets.
 *
 * The answer echoes the last user text (or the functionResponse it carries), so a canary comes
 * back. Directives: `#scenario=rate-limited`, `overloaded`, `error-mid-stream`, `cut-mid-stream`,
 * `slow-headers`, `tool-call`, `blocked`; `#fault=...` injects one of the faults of `faults.ts` (also for
 * countTokens).
 */
export interface ReceivedGeminiRequest {
  /** Path and query, e.g. `/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

export interface FakeGeminiServer {
  readonly baseUrl: string;
  readonly received: ReceivedGeminiRequest[];
  close(): Promise<void>;
}

/** Usage on the last chunk (`promptTokenCount` includes the cached tokens). */
export const FAKE_GEMINI_USAGE = { prompt: 20, cached: 8, candidates: 22, thoughts: 10, countTokens: 23 } as const;
export const FAKE_THOUGHT_SIGNATURE = 'CiQB-fake-thought-signature/+=';

type Part = Record<string, unknown>;
const ACTION = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

function lastUserText(body: Record<string, unknown>): string {
  // countTokens may wrap the request: `{generateContentRequest: {contents}}`.
  const request = (body.generateContentRequest as Record<string, unknown> | undefined) ?? body;
  const contents = (request.contents as Array<{ role?: string; parts: Part[] }>) ?? [];
  const last = [...contents].reverse().find((content) => content.role !== 'model');
  return (last?.parts ?? [])
    .map((part) =>
      typeof part.text === 'string'
        ? part.text
        : part.functionResponse
          ? `Tool said: ${JSON.stringify((part.functionResponse as Part).response)}`
          : '',
    )
    .join('');
}

function errorResponse(response: ServerResponse, code: number, status: string, details: Part[] = []): void {
  response.writeHead(code, { 'content-type': 'application/json; charset=UTF-8' });
  // Google pretty-prints its error bodies.
  response.end(JSON.stringify({ error: { code, message: 'Upstream failure', status, details } }, null, 2));
}

const GEMINI_ERROR_STATUS: Readonly<Record<number, string>> = { 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

const faultChunk = (text: string) =>
  `data: ${JSON.stringify({
    candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0 }],
    usageMetadata: { promptTokenCount: FAKE_GEMINI_USAGE.prompt, totalTokenCount: FAKE_GEMINI_USAGE.prompt },
    modelVersion: 'gemini-fault',
  })}\r\n\r\n`;

/** Gemini's wire format for injected faults (faults.ts): its in-stream error is a bare JSON object. */
const FAULT_WIRE: FaultWire = {
  streamStart: faultChunk('Echo: partial answer '),
  textEvent: faultChunk,
  errorEvent: (prompt) =>
    `${JSON.stringify({ error: { code: 503, message: `Failure while echoing: ${prompt}`, status: 'UNAVAILABLE' } })}\n`,
  errorBody: (status, prompt) =>
    JSON.stringify(
      { error: { code: status, message: `Failed on: ${prompt}`, status: GEMINI_ERROR_STATUS[status] ?? 'INTERNAL' } },
      null,
      2,
    ),
  partialJson: '{\n  "candidates": [\n    {\n      "content": {\n        "parts": [{ "text": "Echo: partial',
};

export async function startFakeGeminiServer(expectedKey: string): Promise<FakeGeminiServer> {
  const received: ReceivedGeminiRequest[] = [];
  let seed = 23;

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const action = ACTION.exec(url.pathname);
    if (request.method !== 'POST' || !action) return errorResponse(response, 404, 'NOT_FOUND');
    const body = await readJsonBody(request);
    received.push({ url: request.url ?? '', headers: request.headers, body });
    if (url.searchParams.has('key')) return errorResponse(response, 400, 'INVALID_ARGUMENT');
    if (request.headers['x-goog-api-key'] !== expectedKey) {
      return errorResponse(response, 400, 'INVALID_ARGUMENT', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' },
      ]);
    }
    if (await injectFault(lastUserText(body), FAULT_WIRE, request, response, action[2] === 'streamGenerateContent')) return;
    if (action[2] === 'countTokens') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          totalTokens: FAKE_GEMINI_USAGE.countTokens,
          promptTokensDetails: [{ modality: 'TEXT', tokenCount: FAKE_GEMINI_USAGE.countTokens }],
        }),
      );
      return;
    }

    const prompt = lastUserText(body);
    const scenario = /#scenario=([a-z-]+)/.exec(prompt)?.[1];
    if (scenario === 'slow-headers') await new Promise((wake) => setTimeout(wake, 800));
    if (scenario === 'rate-limited') {
      return errorResponse(response, 429, 'RESOURCE_EXHAUSTED', [
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' },
      ]);
    }
    if (scenario === 'overloaded') return errorResponse(response, 503, 'UNAVAILABLE');

    const model = action[1];
    const thoughts = ((body.generationConfig as Part | undefined)?.thinkingConfig as Part | undefined)?.includeThoughts === true;
    const answerText = `Echo: ${prompt} — 完了 ✓`;
    const fullUsage = {
      promptTokenCount: FAKE_GEMINI_USAGE.prompt,
      cachedContentTokenCount: FAKE_GEMINI_USAGE.cached,
      candidatesTokenCount: FAKE_GEMINI_USAGE.candidates,
      thoughtsTokenCount: FAKE_GEMINI_USAGE.thoughts,
      totalTokenCount: FAKE_GEMINI_USAGE.prompt + FAKE_GEMINI_USAGE.candidates + FAKE_GEMINI_USAGE.thoughts,
    };
    const partialUsage = { promptTokenCount: FAKE_GEMINI_USAGE.prompt, totalTokenCount: FAKE_GEMINI_USAGE.prompt };
    const responseId = `resp-fake-${received.length}`;
    const chunk = (parts: Part[], extra: Part = {}, usage: Part = partialUsage) => ({
      candidates: [{ content: { parts, role: 'model' }, index: 0, ...extra }],
      usageMetadata: usage,
      modelVersion: model,
      responseId,
    });

    const pieces: Part[][] = [];
    if (thoughts) pieces.push([{ text: 'Thinking ', thought: true }], [{ text: 'hard.', thought: true }]);
    if (scenario === 'tool-call')
      pieces.push([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: FAKE_THOUGHT_SIGNATURE }]);
    else for (const word of answerText.match(/\S+\s*/g) ?? []) pieces.push([{ text: word }]);
    const finish = { finishReason: 'STOP' };

    if (action[2] === 'generateContent') {
      const parts = pieces.flat().reduce<Part[]>((merged, part) => {
        const last = merged[merged.length - 1];
        if (last && typeof last.text === 'string' && typeof part.text === 'string' && last.thought === part.thought) last.text += part.text;
        else merged.push({ ...part });
        return merged;
      }, []);
      const whole =
        scenario === 'blocked'
          ? { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: partialUsage, modelVersion: model, responseId }
          : chunk(parts, finish, fullUsage);
      response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      await writeInPieces(response, JSON.stringify(whole, null, 2), seed++);
      response.end();
      return;
    }

    const chunks: Part[] =
      scenario === 'blocked'
        ? [{ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: partialUsage, modelVersion: model, responseId }]
        : pieces.map((parts, index) => (index === pieces.length - 1 ? chunk(parts, finish, fullUsage) : chunk(parts)));
    if (scenario === 'error-mid-stream' || scenario === 'cut-mid-stream') chunks.splice(Math.max(1, chunks.length - 2));
    const sse = url.searchParams.get('alt') === 'sse';
    let text: string;
    if (sse) {
      // CRLF separators on even requests, LF on odd ones: the SDK accepts both, so must the gateway.
      const separator = received.length % 2 === 0 ? '\r\n\r\n' : '\n\n';
      text = chunks.map((value) => `data: ${JSON.stringify(value)}${separator}`).join('');
      if (scenario === 'error-mid-stream') {
        text += `${JSON.stringify({ error: { code: 503, message: `Failure while echoing: ${prompt}`, status: 'UNAVAILABLE' } })}\n`;
      }
    } else {
      text = `[${chunks.map((value) => JSON.stringify(value, null, 2)).join('\n,\r\n')}]`;
    }
    response.writeHead(200, { 'content-type': sse ? 'text/event-stream' : 'application/json; charset=UTF-8' });
    await writeInPieces(response, text, seed++);
    response.end();
  }

  const server = await serveOnLoopback(answer);
  return {
    baseUrl: `${server.origin}`,
    received,
    close: () => server.close(),
  };
}
