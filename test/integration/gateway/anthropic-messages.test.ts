import Anthropic from '@anthropic-ai/sdk';
import { FAKE_ANTHROPIC_USAGE, FAKE_THINKING, type FakeAnthropicServer } from '../../support/fake-upstreams/anthropic-server';
import { FAKE_THOUGHT_SIGNATURE, type FakeGeminiServer } from '../../support/fake-upstreams/gemini-server';
import { FAKE_USAGE, type FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { FAKE_UPSTREAM_KEYS, startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { expectOneRecordPerAnsweredCall, trackGatewayCalls, type GatewayCallLog } from '../../support/gateway-calls';
import { recordOf } from '../../support/usage-records';

const CANARY = 'CANARY-anthropic-41c7-do-not-store';
const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('Anthropic Messages callers (official SDK) to Anthropic, Gemini and DeepSeek', () => {
  let upstreams: FakeUpstreams;
  let anthropic: FakeAnthropicServer;
  let gemini: FakeGeminiServer;
  let deepseek: FakeOpenAiCompatibleServer;
  let harness: GatewayHarness;
  let gatewayCalls: GatewayCallLog;
  let client: Anthropic;
  /** The `anthropic-version` the SDK sent last. */
  let sentVersion: string | null = null;
  /** The URL the SDK called last. */
  let sentUrl = '';
  let recordingFetch: typeof fetch;

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
    recordingFetch = (input, init) => {
      sentVersion = new Headers(init?.headers).get('anthropic-version');
      sentUrl = input instanceof Request ? input.url : input.toString();
      return fetch(input, init);
    };
    client = new Anthropic({ baseURL: harness.gateway.url, apiKey: harness.key, maxRetries: 0, fetch: recordingFetch });
  });

  afterAll(async () => {
    gatewayCalls?.restore();
    await harness?.close();
    await upstreams?.close();
  });

  it('streams from Claude untouched (x-api-key), with thinking, and meters cache reads and writes', async () => {
    const before = anthropic.received.length;
    const { data: stream, response } = await client.messages
      .create({
        model: 'claude-sonnet-4-6-20260101',
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        system: 'Be brief.',
        messages: [{ role: 'user', content: `Say ${CANARY}` }],
        stream: true,
      })
      .withResponse();
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const text = events
      .flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : []))
      .join('');
    expect(text).toBe(`Echo: Say ${CANARY} — 完了 ✓`);
    const signature = events.find((event) => event.type === 'content_block_delta' && event.delta.type === 'signature_delta');
    expect(signature).toMatchObject({ delta: { signature: FAKE_THINKING.signature } });

    const upstream = anthropic.received[before];
    expect(upstream.headers['x-api-key']).toBe(FAKE_UPSTREAM_KEYS.anthropic);
    expect(upstream.headers.authorization).toBeUndefined();
    // The caller's own version goes up, not the gateway's default.
    expect(sentVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(upstream.headers['anthropic-version']).toBe(sentVersion);
    expect(upstream.body).toMatchObject({
      model: 'claude-sonnet-4-6-20260101',
      thinking: { type: 'enabled', budget_tokens: 1024 },
      system: 'Be brief.',
      stream: true,
    });

    const record = await recordOf(harness, response.headers.get('x-request-id'));
    const { input, cacheRead, cacheWrite, output } = FAKE_ANTHROPIC_USAGE;
    expect(record).toMatchObject({
      provider: 'anthropic',
      protocol: 'anthropic',
      model: 'claude-sonnet-*', // the family, never the caller's spelling
      streamed: true,
      status: 200,
      inputTokens: input + cacheRead + cacheWrite,
      cacheReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      outputTokens: output,
    });
    // 11 × $3/M + 7 × $0.30/M + 5 × $3.75/M + 25 × $15/M
    expect(record.costUsd).toBeCloseTo(0.00042885, 10);
  });

  it('passes ?beta=true, anthropic-beta and unknown body fields through to Claude (Bearer auth token)', async () => {
    // Claude Code calls `/v1/messages?beta=true`; this SDK version leaves the query out, so add it.
    const bearer = new Anthropic({
      baseURL: harness.gateway.url,
      authToken: harness.key,
      apiKey: null,
      maxRetries: 0,
      fetch: recordingFetch,
      defaultQuery: { beta: 'true' },
    });
    const before = anthropic.received.length;
    const { data: message, response } = await bearer.beta.messages
      .create({
        model: 'claude-haiku-4-5',
        max_tokens: 256,
        betas: ['interleaved-thinking-2025-05-14', 'context-management-2025-06-27'],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Look' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            ],
          },
        ],
        // A field this gateway knows nothing about must still reach Anthropic.
        ...({ future_field: { keep: true } } as object),
      })
      .withResponse();
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: Look — 完了 ✓' }]);
    expect(sentUrl).toBe(`${harness.gateway.url}/v1/messages?beta=true`);
    const upstream = anthropic.received[before];
    expect(upstream.url).toBe('/v1/messages');
    expect(upstream.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14,context-management-2025-06-27');
    expect(upstream.headers['x-api-key']).toBe(FAKE_UPSTREAM_KEYS.anthropic);
    expect(upstream.headers.authorization).toBeUndefined();
    expect(upstream.body.future_field).toEqual({ keep: true });
    expect((upstream.body.messages as Array<{ content: unknown[] }>)[0].content[1]).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: PNG },
    });
    expect(JSON.stringify(upstream.headers)).not.toContain(harness.key);
    const record = await recordOf(harness, response.headers.get('x-request-id'));
    expect(record).toMatchObject({ streamed: false, status: 200, outputTokens: FAKE_ANTHROPIC_USAGE.output });
  });

  it('streams a tool call from Claude and sends the tool result back on the next turn', async () => {
    const first = await client.messages
      .stream({
        model: 'claude-sonnet-4-6',
        max_tokens: 512,
        tools: [WEATHER_TOOL],
        messages: [{ role: 'user', content: 'Weather? #scenario=tool-call' }],
      })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });

    const second = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 512,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'Weather? #scenario=tool-call' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Sunny, 21 °C' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Echo: Tool said: Sunny, 21 °C — 完了 ✓' }]);
  });

  it('answers upstream 429 and 529 before the stream in the Anthropic shape, with retry-after', async () => {
    const limited = await client.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: '#scenario=rate-limited' }], stream: true })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toBe('7');
    expect((limited as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error' },
    });

    const overloaded = await client.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: '#scenario=overloaded' }] })
      .catch((error: unknown) => error);
    expect(overloaded).toMatchObject({ status: 529, error: { type: 'error', error: { type: 'overloaded_error' } } });

    // Gemini's 503 UNAVAILABLE is an overload too: Anthropic callers (and Claude Code's retries) see 529.
    const geminiOverloaded = await client.messages
      .create({ model: 'gemini-2.5-flash', max_tokens: 10, messages: [{ role: 'user', content: '#scenario=overloaded' }], stream: true })
      .catch((error: unknown) => error);
    expect(geminiOverloaded).toMatchObject({ status: 529, error: { error: { type: 'overloaded_error' } } });
  });

  it('ends a stream with an error event when Claude fails mid-stream, without echoing its message, metered once', async () => {
    const { data: stream, response } = await client.messages
      .create({
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        messages: [{ role: 'user', content: `${CANARY} #scenario=error-mid-stream` }],
        stream: true,
      })
      .withResponse();
    let text = '';
    const failure = await (async () => {
      for await (const event of stream)
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    })().catch((error: unknown) => error);
    expect(text).toContain('Echo:');
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect(String((failure as Error).message)).toContain('overloaded_error');
    expect(String((failure as Error).message)).not.toContain(CANARY);
    const record = await recordOf(harness, response.headers.get('x-request-id'));
    expect(record.status).toBe(529);
  });

  it('sends ping events while the upstream is slow, and the SDK still reads the answer', async () => {
    const response = await fetch(`${harness.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': harness.key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 10,
        stream: true,
        messages: [{ role: 'user', content: '#scenario=slow-headers' }],
      }),
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    const head = body.slice(0, body.indexOf('event: message_start'));
    expect(head).toMatch(/^(event: ping\ndata: \{"type": "ping"\}\n\n)+$/);
    expect(body.trimEnd().endsWith('event: message_stop\ndata: {"type":"message_stop"}')).toBe(true);

    expect(anthropic.received.at(-1)?.headers['anthropic-version']).toBe('2023-06-01');
    const message = await client.messages
      .stream({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: '#scenario=slow-headers' }] })
      .finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Echo: #scenario=slow-headers — 完了 ✓' });
  });

  it('counts tokens: Claude passes through, Gemini translated, DeepSeek estimated; each metered once at zero cost', async () => {
    const before = anthropic.received.length;
    const claude = await client.messages
      .countTokens({ model: 'claude-sonnet-4-6', system: 'Sys', tools: [WEATHER_TOOL], messages: [{ role: 'user', content: CANARY }] })
      .withResponse();
    expect(claude.data).toEqual({ input_tokens: FAKE_ANTHROPIC_USAGE.countTokens });
    expect(anthropic.received[before].url).toBe('/v1/messages/count_tokens');
    expect(anthropic.received[before].body).toMatchObject({ model: 'claude-sonnet-4-6', system: 'Sys' });
    expect(anthropic.received[before].headers['x-api-key']).toBe(FAKE_UPSTREAM_KEYS.anthropic);

    const beforeGemini = gemini.received.length;
    const viaGemini = await client.messages
      .countTokens({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Count me' }] })
      .withResponse();
    expect(viaGemini.data).toEqual({ input_tokens: 23 });
    expect(gemini.received[beforeGemini].url).toBe('/v1beta/models/gemini-2.5-flash:countTokens');
    expect(gemini.received[beforeGemini].body).toEqual({
      generateContentRequest: { model: 'models/gemini-2.5-flash', contents: [{ role: 'user', parts: [{ text: 'Count me' }] }] },
    });

    const beforeDeepSeek = deepseek.received.length;
    const estimated = await client.messages
      .countTokens({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'x'.repeat(300) }] })
      .withResponse();
    expect(estimated.data).toEqual({ input_tokens: 104 });
    expect(estimated.response.headers.get('x-tollgate-token-count')).toBe('estimate');
    expect(deepseek.received.length).toBe(beforeDeepSeek);

    for (const answer of [claude, viaGemini, estimated]) {
      const record = await recordOf(harness, answer.response.headers.get('x-request-id'));
      expect(record).toMatchObject({ status: 200, streamed: false, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    }
  });

  it('translates to Gemini: thoughts as thinking blocks, an image inline, and the thoughtSignature round trip', async () => {
    const before = gemini.received.length;
    const first = await client.messages
      .stream({
        model: 'gemini-2.5-flash',
        max_tokens: 2048,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        system: [{ type: 'text', text: 'Use tools.' }],
        tools: [WEATHER_TOOL],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'text', text: 'Weather? #scenario=tool-call' },
            ],
          },
        ],
      })
      .finalMessage();
    expect(first.content[0]).toMatchObject({ type: 'thinking', thinking: 'Thinking hard.' });
    const toolUse = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    expect(first.stop_reason).toBe('tool_use');
    const upstream = gemini.received[before];
    expect(upstream.url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(upstream.headers['x-goog-api-key']).toBe(FAKE_UPSTREAM_KEYS.gemini);
    expect(upstream.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'Use tools.' }] },
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: PNG } }, { text: 'Weather? #scenario=tool-call' }] }],
      generationConfig: { maxOutputTokens: 2048, thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } },
    });

    const second = await client.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 2048,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'Weather? #scenario=tool-call' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '{"sky":"clear"}' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Echo: Tool said: {"sky":"clear"} — 完了 ✓' }]);
    const call = (gemini.received[before + 1].body.contents as Array<{ role: string; parts: Array<Record<string, unknown>> }>)[1];
    expect(call).toEqual({
      role: 'model',
      parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: FAKE_THOUGHT_SIGNATURE }],
    });
    expect((gemini.received[before + 1].body.contents as Array<{ parts: unknown[] }>)[2].parts).toEqual([
      { functionResponse: { name: 'get_weather', response: { sky: 'clear' } } },
    ]);
  });

  it('runs Claude Code on a DeepSeek model: tools and thinking, with reasoning_content sent back on the tool-use turn', async () => {
    const claudeCode = {
      system: [{ type: 'text' as const, text: 'You are Claude Code.', cache_control: { type: 'ephemeral' as const } }],
      metadata: { user_id: 'user_abc_session_1' },
    };
    const claudeCodeClient = new Anthropic({
      baseURL: harness.gateway.url,
      apiKey: harness.key,
      maxRetries: 0,
      defaultQuery: { beta: 'true' },
    });
    const before = deepseek.received.length;
    const stream = claudeCodeClient.beta.messages.stream({
      ...claudeCode,
      model: 'deepseek-chat',
      max_tokens: 32000,
      betas: ['claude-code-20250219', 'interleaved-thinking-2025-05-14'],
      thinking: { type: 'enabled', budget_tokens: 4000 },
      tools: [WEATHER_TOOL],
      messages: [{ role: 'user', content: [{ type: 'text', text: `${CANARY} weather? #scenario=tool-call` }] }],
    });
    const first = await stream.finalMessage();
    const { response } = await stream.withResponse();
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(first.content[0]).toMatchObject({ thinking: 'Thinking about it.' });
    const toolUse = first.content[1] as Anthropic.Beta.BetaToolUseBlock;
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.usage).toMatchObject({
      input_tokens: FAKE_USAGE.miss,
      cache_read_input_tokens: FAKE_USAGE.hit,
      output_tokens: FAKE_USAGE.completion,
    });
    expect(deepseek.received[before].body).toMatchObject({
      model: 'deepseek-chat',
      stream: true,
      thinking: { type: 'enabled' },
      messages: [{ role: 'system', content: 'You are Claude Code.' }, { role: 'user' }],
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    });
    expect(deepseek.received[before].headers.authorization).toBe(`Bearer ${FAKE_UPSTREAM_KEYS.deepseek}`);
    const record = await recordOf(harness, response.headers.get('x-request-id'));
    expect(record).toMatchObject({
      provider: 'deepseek',
      protocol: 'anthropic',
      inputTokens: 20,
      cacheReadTokens: 8,
      outputTokens: 30,
      status: 200,
    });

    const second = await claudeCodeClient.beta.messages
      .stream({
        ...claudeCode,
        model: 'deepseek-chat',
        max_tokens: 32000,
        betas: ['claude-code-20250219'],
        thinking: { type: 'enabled', budget_tokens: 4000 },
        tools: [WEATHER_TOOL],
        messages: [
          { role: 'user', content: [{ type: 'text', text: `${CANARY} weather? #scenario=tool-call` }] },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Rain' }] },
        ],
      })
      .finalMessage();
    expect(second.content.find((block) => block.type === 'text')).toMatchObject({ text: 'Echo: Tool said: Rain — 完了 ✓' });
    const messages = deepseek.received[before + 1].body.messages as Array<Record<string, unknown>>;
    expect(messages[2]).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: 'Thinking about it.',
      tool_calls: [{ id: toolUse.id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    });
    expect(messages[3]).toEqual({ role: 'tool', tool_call_id: toolUse.id, content: 'Rain' });

    // Claude Code also counts tokens (`/v1/messages/count_tokens?beta=true`) on every turn: an estimate, never a fake 0.
    const count = await claudeCodeClient.beta.messages.countTokens({
      ...claudeCode,
      model: 'deepseek-chat',
      tools: [WEATHER_TOOL],
      messages: [{ role: 'user', content: 'weather?' }],
    });
    expect(count.input_tokens).toBeGreaterThan(10);
  });

  it('answers a non-streamed DeepSeek request in the Anthropic shape', async () => {
    const { data: message, response } = await client.messages
      .create({ model: 'deepseek-reasoner', max_tokens: 100, messages: [{ role: 'user', content: 'Why?' }] })
      .withResponse();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Thinking about it.', signature: '' },
      { type: 'text', text: 'Echo: Why? — 完了 ✓' },
    ]);
    expect(message.usage).toMatchObject({
      input_tokens: FAKE_USAGE.miss,
      cache_read_input_tokens: FAKE_USAGE.hit,
      output_tokens: FAKE_USAGE.completion,
    });
    const record = await recordOf(harness, response.headers.get('x-request-id'));
    expect(record).toMatchObject({ streamed: false, reasoningTokens: FAKE_USAGE.reasoning });
    // The Anthropic SDK reads the request id from `request-id`.
    expect(response.headers.get('request-id')).toBe(record.requestId);
  });

  it('describes one model on GET /v1/models/{id}, a dated Claude id by its family', async () => {
    const model = await client.models.retrieve('claude-sonnet-4-5-20250929');
    expect(model).toMatchObject({ type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: expect.any(String) });
  });

  it('lists models in the Anthropic format when anthropic-version is sent', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model.type).toBe('model');
      ids.push(model.id);
    }
    expect(ids).toEqual(expect.arrayContaining(['claude-sonnet-4-5', 'gemini-2.5-flash', 'deepseek-chat']));
  });

  it('refuses an unknown model and a bad key in the Anthropic shape', async () => {
    await expect(
      client.messages.create({ model: 'gpt-imaginary', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      status: 404,
      error: { type: 'error', error: { type: 'not_found_error' } },
    });
    const wrong = new Anthropic({ baseURL: harness.gateway.url, apiKey: 'tg_aaaaaaaaaaaa_' + 'x'.repeat(43), maxRetries: 0 });
    await expect(
      wrong.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('wrote exactly one usage record for every request it answered (refused before authentication (a wrong key))', async () => {
    expect(gatewayCalls.calls.length).toBeGreaterThan(10);
    await expectOneRecordPerAnsweredCall(harness, gatewayCalls, (call) => call.status === 401);
  });

  it('never stores or logs the canary sent in prompts and returned in completions', async () => {
    const dump = await harness.store.dumpAllTables();
    expect(dump).toContain(harness.accountId);
    expect(dump).not.toContain(CANARY);
    const output = harness.output();
    expect(output).toContain('request metered');
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain(harness.key);
    expect(output).not.toContain(FAKE_UPSTREAM_KEYS.anthropic);
  });
});
