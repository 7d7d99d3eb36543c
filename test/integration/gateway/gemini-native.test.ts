import { ApiError, GoogleGenAI, type Content, type GenerateContentResponse } from '@google/genai';
import { FAKE_ANTHROPIC_USAGE, FAKE_THINKING, type FakeAnthropicServer } from '../../support/fake-upstreams/anthropic-server';
import { FAKE_GEMINI_USAGE, FAKE_THOUGHT_SIGNATURE, type FakeGeminiServer } from '../../support/fake-upstreams/gemini-server';
import type { FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { FAKE_UPSTREAM_KEYS, startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { expectOneRecordPerAnsweredCall, trackGatewayCalls, type GatewayCallLog } from '../../support/gateway-calls';
import { recordOf } from '../../support/usage-records';

const CANARY = 'CANARY-gemini-9d2e-do-not-store';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const WEATHER = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
    },
  ],
};

interface SentRequest {
  readonly url: string;
  readonly headers: Headers;
}

describe('Gemini callers (official @google/genai SDK) to Gemini, Claude and DeepSeek', () => {
  let upstreams: FakeUpstreams;
  let anthropic: FakeAnthropicServer;
  let gemini: FakeGeminiServer;
  let deepseek: FakeOpenAiCompatibleServer;
  let harness: GatewayHarness;
  let gatewayCalls: GatewayCallLog;
  let ai: GoogleGenAI;
  /** What the SDK sent to the gateway. */
  const sent: SentRequest[] = [];

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    ({ anthropic, gemini } = upstreams);
    deepseek = upstreams.deepseek;
    harness = await startGatewayHarness({
      ...upstreams.environment,
      TOLLGATE_KEEP_ALIVE_SECONDS: '0.3',
      TOLLGATE_API_KEY_CACHE_SECONDS: '0.001',
    });
    gatewayCalls = trackGatewayCalls(() => harness.gateway.url);
    const recordingFetch: typeof fetch = (input, init) => {
      sent.push({
        url: String(input instanceof Request ? input.url : input),
        headers: new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)),
      });
      return fetch(input, init);
    };
    ai = new GoogleGenAI({ apiKey: harness.key, httpOptions: { baseUrl: harness.gateway.url, fetch: recordingFetch } });
  });

  afterAll(async () => {
    gatewayCalls?.restore();
    await harness?.close();
    await upstreams?.close();
  });

  async function collect(stream: AsyncGenerator<GenerateContentResponse>): Promise<GenerateContentResponse[]> {
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return chunks;
  }

  it('streams from Gemini untouched, with thoughts, the key in x-goog-api-key both ways, and meters the last usage', async () => {
    const before = gemini.received.length;
    const chunks = await collect(
      await ai.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: `Say ${CANARY}`,
        config: { systemInstruction: 'Be brief.', thinkingConfig: { includeThoughts: true, thinkingBudget: 512 } },
      }),
    );
    const parts = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []);
    expect(
      parts
        .filter((part) => part.thought)
        .map((part) => part.text)
        .join(''),
    ).toBe('Thinking hard.');
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe(`Echo: Say ${CANARY} — 完了 ✓`);
    expect(chunks.at(-1)?.usageMetadata).toMatchObject({ promptTokenCount: 20, thoughtsTokenCount: 10 });

    const request = sent.at(-1) as SentRequest;
    expect(request.url).toBe(`${harness.gateway.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`);
    expect(request.headers.get('x-goog-api-key')).toBe(harness.key);
    expect(request.url).not.toContain(harness.key);
    const upstream = gemini.received[before];
    expect(upstream.url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(upstream.headers['x-goog-api-key']).toBe(FAKE_UPSTREAM_KEYS.gemini);
    expect(upstream.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 512 } },
    });

    const requestId = chunks.at(-1)?.sdkHttpResponse?.headers?.['x-request-id'];
    const record = await recordOf(harness, requestId);
    expect(record).toMatchObject({
      provider: 'gemini',
      protocol: 'gemini',
      model: 'gemini-2.5-flash',
      streamed: true,
      status: 200,
      inputTokens: FAKE_GEMINI_USAGE.prompt,
      cacheReadTokens: FAKE_GEMINI_USAGE.cached,
      outputTokens: FAKE_GEMINI_USAGE.candidates + FAKE_GEMINI_USAGE.thoughts,
      reasoningTokens: FAKE_GEMINI_USAGE.thoughts,
    });
  });

  it('returns a Gemini functionCall with its thoughtSignature and sends it back on the next turn (not streamed)', async () => {
    const before = gemini.received.length;
    const contents: Content[] = [
      { role: 'user', parts: [{ text: 'Weather? #scenario=tool-call' }, { inlineData: { mimeType: 'image/png', data: PNG } }] },
    ];
    const first = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents, config: { tools: [WEATHER] } });
    expect(first.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);
    const modelTurn = first.candidates?.[0]?.content as Content;
    expect(modelTurn.parts?.[0].thoughtSignature).toBe(FAKE_THOUGHT_SIGNATURE);
    expect((gemini.received[before].body.contents as Content[])[0].parts?.[1]).toEqual({
      inlineData: { mimeType: 'image/png', data: PNG },
    });

    const second = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: [
        ...contents,
        modelTurn,
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'clear' } } }] },
      ],
      config: { tools: [WEATHER] },
    });
    expect(second.text).toBe('Echo: Tool said: {"sky":"clear"} — 完了 ✓');
    const echoed = (gemini.received[before + 1].body.contents as Content[])[1];
    expect(echoed.parts?.[0]).toEqual({
      functionCall: { name: 'get_weather', args: { city: 'Paris' } },
      thoughtSignature: FAKE_THOUGHT_SIGNATURE,
    });
    const record = await recordOf(harness, second.sdkHttpResponse?.headers?.['x-request-id']);
    expect(record).toMatchObject({ streamed: false, status: 200, outputTokens: 32 });
  });

  it('translates to Claude: system prompt, image, thinking and a streamed tool call as one whole functionCall', async () => {
    const before = anthropic.received.length;
    const chunks = await collect(
      await ai.models.generateContentStream({
        model: 'claude-haiku-4-5',
        contents: [
          { role: 'user', parts: [{ text: 'Weather? #scenario=tool-call' }, { inlineData: { mimeType: 'image/png', data: PNG } }] },
        ],
        config: {
          systemInstruction: 'Use tools.',
          tools: [WEATHER],
          maxOutputTokens: 4096,
          thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
        },
      }),
    );
    const parts = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []);
    expect(
      parts
        .filter((part) => part.thought)
        .map((part) => part.text)
        .join(''),
    ).toBe('Let me think.');
    const calls = parts.filter((part) => part.functionCall).map((part) => part.functionCall);
    expect(calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'Paris' } })]);
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(anthropic.received[before].body).toMatchObject({
      model: 'claude-haiku-4-5',
      max_tokens: 4096,
      system: [{ type: 'text', text: 'Use tools.' }],
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather? #scenario=tool-call' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          ],
        },
      ],
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
    });
    expect(anthropic.received[before].headers['x-api-key']).toBe(FAKE_UPSTREAM_KEYS.anthropic);

    const record = await recordOf(harness, chunks.at(-1)?.sdkHttpResponse?.headers?.['x-request-id']);
    const { input, cacheRead, cacheWrite, output } = FAKE_ANTHROPIC_USAGE;
    expect(record).toMatchObject({
      provider: 'anthropic',
      protocol: 'gemini',
      inputTokens: input + cacheRead + cacheWrite,
      cacheReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      outputTokens: output,
    });
  });

  it("sends Claude's thinking signature and tool call back to Claude from a history assembled from streamed parts", async () => {
    const user: Content = { role: 'user', parts: [{ text: 'Weather? #scenario=tool-call' }] };
    const config = { tools: [WEATHER], maxOutputTokens: 4096, thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } };
    const chunks = await collect(await ai.models.generateContentStream({ model: 'claude-haiku-4-5', contents: [user], config }));
    // What Gemini CLI keeps as the model turn: every streamed part, in order.
    const modelTurn: Content = { role: 'model', parts: chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []) };
    const before = anthropic.received.length;
    const second = await ai.models.generateContent({
      model: 'claude-haiku-4-5',
      contents: [user, modelTurn, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'clear' } } }] }],
      config,
    });
    expect(second.text).toBe('Echo: Tool said: {"sky":"clear"} — 完了 ✓');
    const messages = anthropic.received[before].body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    expect(messages[1].content).toEqual([
      { type: 'thinking', thinking: FAKE_THINKING.text, signature: FAKE_THINKING.signature },
      { type: 'tool_use', id: expect.any(String), name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(messages[2].content).toEqual([
      { type: 'tool_result', tool_use_id: messages[1].content[1].id, content: [{ type: 'text', text: '{"sky":"clear"}' }] },
    ]);
  });

  it('runs a Gemini CLI-style tool turn on DeepSeek: call ids echoed, reasoning_content sent back on the tool-call turn', async () => {
    const user: Content = { role: 'user', parts: [{ text: 'Weather? #scenario=tool-call' }] };
    const config = { tools: [WEATHER], thinkingConfig: { includeThoughts: true } };
    const chunks = await collect(await ai.models.generateContentStream({ model: 'deepseek-reasoner', contents: [user], config }));
    const parts = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []);
    expect(
      parts
        .filter((part) => part.thought)
        .map((part) => part.text)
        .join(''),
    ).toBe('Thinking about it.');
    const calls = parts.filter((part) => part.functionCall);
    expect(calls).toEqual([{ functionCall: { id: 'call_0', name: 'get_weather', args: { city: 'Paris' } } }]);

    const before = deepseek.received.length;
    const second = await ai.models.generateContent({
      model: 'deepseek-reasoner',
      contents: [
        user,
        { role: 'model', parts },
        { role: 'user', parts: [{ functionResponse: { id: 'call_0', name: 'get_weather', response: { output: 'Rain' } } }] },
      ],
      config,
    });
    expect(second.text).toBe('Echo: Tool said: {"output":"Rain"} — 完了 ✓');
    expect((deepseek.received[before].body.messages as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Thinking about it.',
        tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_0', content: '{"output":"Rain"}' },
    ]);
  });

  it('passes a blocked prompt through to Gemini callers and ends the stream normally', async () => {
    const chunks = await collect(await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: '#scenario=blocked' }));
    expect(chunks).toHaveLength(1);
    expect(chunks[0].promptFeedback).toEqual({ blockReason: 'SAFETY' });
    const record = await recordOf(harness, chunks[0].sdkHttpResponse?.headers?.['x-request-id']);
    expect(record).toMatchObject({ status: 200, inputTokens: FAKE_GEMINI_USAGE.prompt });
  });

  it('translates to DeepSeek, streamed and not', async () => {
    const before = deepseek.received.length;
    const chunks = await collect(
      await ai.models.generateContentStream({
        model: 'deepseek-chat',
        contents: `Hi ${CANARY}`,
        config: { systemInstruction: 'Be brief.' },
      }),
    );
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe(`Echo: Hi ${CANARY} — 完了 ✓`);
    expect(chunks.at(-1)?.usageMetadata).toMatchObject({ promptTokenCount: 20, cachedContentTokenCount: 8, candidatesTokenCount: 30 });
    expect(deepseek.received[before].body).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: `Hi ${CANARY}` },
      ],
      stream: true,
    });

    const whole = await ai.models.generateContent({
      model: 'deepseek-reasoner',
      contents: 'Why?',
      config: { thinkingConfig: { includeThoughts: true } },
    });
    expect(whole.text).toBe('Echo: Why? — 完了 ✓');
    expect(whole.candidates?.[0]?.content?.parts?.[0]).toEqual({ text: 'Thinking about it.', thought: true });
    const record = await recordOf(harness, whole.sdkHttpResponse?.headers?.['x-request-id']);
    expect(record).toMatchObject({ provider: 'deepseek', protocol: 'gemini', streamed: false, reasoningTokens: 10 });
  });

  it("raises Gemini's bare mid-stream error object in the SDK, without echoing its message, metered once", async () => {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: `${CANARY} #scenario=error-mid-stream` });
    let text = '';
    let requestId: string | undefined;
    const failure = await (async () => {
      for await (const chunk of stream) {
        text += chunk.text ?? '';
        requestId = chunk.sdkHttpResponse?.headers?.['x-request-id'];
      }
    })().catch((error: unknown) => error);
    expect(text).toContain('Echo:');
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(503);
    expect((failure as ApiError).message).not.toContain(CANARY);
    const record = await recordOf(harness, requestId);
    expect(record.status).toBe(503);
  });

  it('answers upstream 429 and 503 before the stream in the Gemini shape, with retry-after', async () => {
    const limited = await ai.models
      .generateContentStream({ model: 'gemini-2.5-flash', contents: '#scenario=rate-limited' })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(ApiError);
    expect((limited as ApiError).status).toBe(429);
    expect(JSON.parse((limited as ApiError).message)).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
    const raw = await fetch(`${harness.gateway.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': harness.key },
      body: JSON.stringify({ contents: [{ parts: [{ text: '#scenario=rate-limited' }] }] }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');

    const overloaded = await ai.models
      .generateContent({ model: 'claude-haiku-4-5', contents: '#scenario=overloaded' })
      .catch((error: unknown) => error);
    expect(overloaded).toMatchObject({ status: 503 });
    expect(JSON.parse((overloaded as ApiError).message)).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });
  });

  it('writes SSE keep-alive comments while the upstream is slow', async () => {
    const response = await fetch(`${harness.gateway.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': harness.key },
      body: JSON.stringify({ contents: [{ parts: [{ text: '#scenario=slow-headers' }] }] }),
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body.slice(0, body.indexOf('data: '))).toMatch(/^(: keep-alive\n\n)+$/);
    expect(body).toContain('"finishReason":"STOP"');
  });

  it('refuses :streamGenerateContent without alt=sse with a 400 that says to add it', async () => {
    const response = await fetch(`${harness.gateway.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': harness.key },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'Hi' }] }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining("'?alt=sse'") },
    });
  });

  it('counts tokens: Gemini passes through, Claude translated, DeepSeek estimated; each metered once at zero cost', async () => {
    const before = gemini.received.length;
    const own = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: CANARY });
    expect(own.totalTokens).toBe(FAKE_GEMINI_USAGE.countTokens);
    expect(gemini.received[before].url).toBe('/v1beta/models/gemini-2.5-flash:countTokens');
    expect(gemini.received[before].headers['x-goog-api-key']).toBe(FAKE_UPSTREAM_KEYS.gemini);

    const beforeClaude = anthropic.received.length;
    const claude = await ai.models.countTokens({ model: 'claude-haiku-4-5', contents: 'Count me' });
    expect(claude.totalTokens).toBe(FAKE_ANTHROPIC_USAGE.countTokens);
    expect(anthropic.received[beforeClaude]).toMatchObject({
      url: '/v1/messages/count_tokens',
      body: { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: [{ type: 'text', text: 'Count me' }] }] },
    });

    const estimated = await ai.models.countTokens({ model: 'deepseek-chat', contents: 'x'.repeat(300) });
    expect(estimated.totalTokens).toBe(104);

    for (const answer of [own, claude, estimated]) {
      const record = await recordOf(harness, answer.sdkHttpResponse?.headers?.['x-request-id']);
      expect(record).toMatchObject({ status: 200, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    }
  });

  it('lists models in the Gemini format', async () => {
    const names: string[] = [];
    for await (const model of await ai.models.list()) names.push(model.name ?? '');
    expect(names).toEqual(expect.arrayContaining(['models/gemini-2.5-flash', 'models/claude-sonnet-4-5', 'models/deepseek-chat']));
  });

  it('describes one model on GET /v1beta/models/{model}', async () => {
    const model = await ai.models.get({ model: 'gemini-2.5-flash' });
    expect(model).toMatchObject({ name: 'models/gemini-2.5-flash', displayName: expect.any(String) });
    expect(model.supportedActions).toEqual(expect.arrayContaining(['generateContent', 'countTokens']));
  });

  it('refuses a key in the URL and an unknown model in the Gemini shape', async () => {
    const inUrl = await fetch(`${harness.gateway.url}/v1beta/models/gemini-2.5-flash:generateContent?key=${harness.key}`, {
      method: 'POST',
      body: '{}',
    });
    expect(inUrl.status).toBe(400);
    expect((await inUrl.json()).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('header') });
    await expect(ai.models.generateContent({ model: 'gpt-imaginary', contents: 'x' })).rejects.toMatchObject({ status: 404 });
  });

  it('wrote exactly one usage record for every request it answered (refused before authentication (a key in the URL))', async () => {
    expect(gatewayCalls.calls.length).toBeGreaterThan(10);
    await expectOneRecordPerAnsweredCall(harness, gatewayCalls, (call) => call.url.includes('?key='));
  });

  it('never stores or logs the canary sent in prompts and returned in completions', async () => {
    const dump = await harness.store.dumpAllTables();
    expect(dump).toContain(harness.accountId);
    expect(dump).not.toContain(CANARY);
    const output = harness.output();
    expect(output).toContain('request metered');
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain(harness.key);
    expect(output).not.toContain(FAKE_UPSTREAM_KEYS.gemini);
  });
});
