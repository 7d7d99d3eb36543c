import OpenAI from 'openai';
import { FAKE_ANTHROPIC_USAGE, FAKE_THINKING, type FakeAnthropicServer } from '../../support/fake-upstreams/anthropic-server';
import { FAKE_GEMINI_USAGE, FAKE_THOUGHT_SIGNATURE, type FakeGeminiServer } from '../../support/fake-upstreams/gemini-server';
import { FAKE_UPSTREAM_KEYS, startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { expectOneRecordPerAnsweredCall, trackGatewayCalls, type GatewayCallLog } from '../../support/gateway-calls';
import { recordOf } from '../../support/usage-records';

const CANARY = 'CANARY-openai-x-5b8f-do-not-store';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const WEATHER_TOOL: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

interface StreamResult {
  text: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finish?: string | null;
  usage?: OpenAI.CompletionUsage | null;
}

async function readStream(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<StreamResult> {
  const result: StreamResult = { text: '', reasoning: '', toolCalls: [] };
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (chunk.usage) result.usage = chunk.usage;
    if (!choice) continue;
    result.text += choice.delta.content ?? '';
    result.reasoning += (choice.delta as { reasoning_content?: string }).reasoning_content ?? '';
    for (const call of choice.delta.tool_calls ?? []) {
      const entry = (result.toolCalls[call.index] ??= { id: '', name: '', arguments: '' });
      entry.id ||= call.id ?? '';
      entry.name ||= call.function?.name ?? '';
      entry.arguments += call.function?.arguments ?? '';
    }
    result.finish = choice.finish_reason ?? result.finish;
  }
  return result;
}

describe('OpenAI Chat Completions callers (official SDK) to Anthropic and Gemini', () => {
  let upstreams: FakeUpstreams;
  let anthropic: FakeAnthropicServer;
  let gemini: FakeGeminiServer;
  let harness: GatewayHarness;
  let gatewayCalls: GatewayCallLog;
  let client: OpenAI;

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    ({ anthropic, gemini } = upstreams);
    harness = await startGatewayHarness({
      ...upstreams.environment,
      TOLLGATE_KEEP_ALIVE_SECONDS: '0.3',
      TOLLGATE_API_KEY_CACHE_SECONDS: '0.001',
    });
    gatewayCalls = trackGatewayCalls(() => harness.gateway.url);
    client = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: harness.key, maxRetries: 0 });
  });

  afterAll(async () => {
    gatewayCalls?.restore();
    await harness?.close();
    await upstreams?.close();
  });

  it('streams from Claude with usage, system prompt and thinking as reasoning_content, and meters cache tokens', async () => {
    const before = anthropic.received.length;
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'claude-haiku-4-5',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: `Say ${CANARY}` },
        ],
        reasoning_effort: 'low',
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    const result = await readStream(stream);
    expect(result.text).toBe(`Echo: Say ${CANARY} — 完了 ✓`);
    expect(result.reasoning).toBe(FAKE_THINKING.text);
    expect(result.finish).toBe('stop');
    const { input, cacheRead, cacheWrite, output } = FAKE_ANTHROPIC_USAGE;
    expect(result.usage).toMatchObject({
      prompt_tokens: input + cacheRead + cacheWrite,
      completion_tokens: output,
      prompt_tokens_details: { cached_tokens: cacheRead },
    });

    const upstream = anthropic.received[before];
    expect(upstream.headers['x-api-key']).toBe(FAKE_UPSTREAM_KEYS.anthropic);
    expect(upstream.headers.authorization).toBeUndefined();
    expect(upstream.headers['anthropic-version']).toBe('2023-06-01');
    expect(upstream.body).toMatchObject({
      model: 'claude-haiku-4-5',
      system: [{ type: 'text', text: 'Be brief.' }],
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(upstream.body.max_tokens).toBeGreaterThan(1024);

    const record = await recordOf(harness, response.headers.get('x-request-id'));
    expect(record).toMatchObject({
      provider: 'anthropic',
      protocol: 'openai',
      streamed: true,
      status: 200,
      inputTokens: input + cacheRead + cacheWrite,
      cacheReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      outputTokens: output,
    });
  });

  it('streams a Claude tool call as argument fragments and sends the tool result back as tool_result', async () => {
    const before = anthropic.received.length;
    const first = await readStream(
      await client.chat.completions.create({
        model: 'claude-haiku-4-5',
        messages: [{ role: 'user', content: 'Weather? #scenario=tool-call' }],
        tools: [WEATHER_TOOL],
        stream: true,
      }),
    );
    expect(first.finish).toBe('tool_calls');
    expect(first.toolCalls).toHaveLength(1);
    expect(first.toolCalls[0].name).toBe('get_weather');
    expect(JSON.parse(first.toolCalls[0].arguments)).toEqual({ city: 'Paris' });
    expect(anthropic.received[before].body.tools).toEqual([
      { name: 'get_weather', description: 'Weather for a city', input_schema: WEATHER_TOOL.function.parameters },
    ]);

    const call = first.toolCalls[0];
    const second = await client.chat.completions.create({
      model: 'claude-haiku-4-5',
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'Weather? #scenario=tool-call' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }],
        },
        { role: 'tool', tool_call_id: call.id, content: 'Sunny' },
      ],
    });
    expect(second.choices[0].message.content).toBe('Echo: Tool said: Sunny — 完了 ✓');
    expect((anthropic.received[before + 1].body.messages as unknown[]).slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: [{ type: 'text', text: 'Sunny' }] }] },
    ]);
  });

  it('continues a Claude tool loop with reasoning on, although OpenAI callers cannot send the signed thinking back', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather? #scenario=tool-call' }];
    const first = await client.chat.completions.create({
      model: 'claude-haiku-4-5',
      messages,
      tools: [WEATHER_TOOL],
      reasoning_effort: 'low',
    });
    const message = first.choices[0].message;
    expect((message as unknown as { reasoning_content: string }).reasoning_content).toBe(FAKE_THINKING.text);
    const call = message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    const before = anthropic.received.length;
    const second = await client.chat.completions.create({
      model: 'claude-haiku-4-5',
      tools: [WEATHER_TOOL],
      reasoning_effort: 'low',
      messages: [
        ...messages,
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'Sunny' },
      ],
    });
    expect(second.choices[0].message.content).toBe('Echo: Tool said: Sunny — 完了 ✓');
    expect(anthropic.received[before].body.thinking).toBeUndefined();
  });

  it('sends an image data URL to Claude and to Gemini in their own shapes', async () => {
    const image: OpenAI.ChatCompletionContentPart = { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } };
    const beforeClaude = anthropic.received.length;
    await client.chat.completions.create({
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Look' }, image] }],
    });
    expect((anthropic.received[beforeClaude].body.messages as Array<{ content: unknown[] }>)[0].content[1]).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: PNG },
    });

    const beforeGemini = gemini.received.length;
    const answer = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Look' }, image] }],
    });
    expect(answer.choices[0].message.content).toBe('Echo: Look — 完了 ✓');
    expect((gemini.received[beforeGemini].body.contents as Array<{ parts: unknown[] }>)[0].parts).toEqual([
      { text: 'Look' },
      { inlineData: { mimeType: 'image/png', data: PNG } },
    ]);
  });

  it('streams from Gemini with reasoning and usage, and meters thoughts as reasoning tokens', async () => {
    const before = gemini.received.length;
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'gemini-2.5-flash',
        messages: [
          { role: 'developer', content: 'Be brief.' },
          { role: 'user', content: CANARY },
        ],
        reasoning_effort: 'medium',
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    const result = await readStream(stream);
    expect(result.text).toBe(`Echo: ${CANARY} — 完了 ✓`);
    expect(result.reasoning).toBe('Thinking hard.');
    expect(result.usage).toMatchObject({
      prompt_tokens: 20,
      completion_tokens: 32,
      prompt_tokens_details: { cached_tokens: 8 },
      completion_tokens_details: { reasoning_tokens: 10 },
    });
    const upstream = gemini.received[before];
    expect(upstream.url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(upstream.headers['x-goog-api-key']).toBe(FAKE_UPSTREAM_KEYS.gemini);
    expect(upstream.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { thinkingConfig: { thinkingBudget: 8192, includeThoughts: true } },
    });

    const record = await recordOf(harness, response.headers.get('x-request-id'));
    expect(record).toMatchObject({
      provider: 'gemini',
      protocol: 'openai',
      inputTokens: FAKE_GEMINI_USAGE.prompt,
      cacheReadTokens: FAKE_GEMINI_USAGE.cached,
      outputTokens: FAKE_GEMINI_USAGE.candidates + FAKE_GEMINI_USAGE.thoughts,
      reasoningTokens: FAKE_GEMINI_USAGE.thoughts,
    });
  });

  it("carries Gemini's thoughtSignature through the OpenAI tool-call id and back on the next turn", async () => {
    const before = gemini.received.length;
    const first = await readStream(
      await client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Weather? #scenario=tool-call' }],
        tools: [WEATHER_TOOL],
        stream: true,
      }),
    );
    expect(first.finish).toBe('tool_calls');
    expect(JSON.parse(first.toolCalls[0].arguments)).toEqual({ city: 'Paris' });
    const call = first.toolCalls[0];
    expect(call.id).toMatch(/^[A-Za-z0-9_-]+$/);

    const second = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'Weather? #scenario=tool-call' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }],
        },
        { role: 'tool', tool_call_id: call.id, content: 'Sunny' },
      ],
    });
    expect(second.choices[0].message.content).toBe('Echo: Tool said: {"result":"Sunny"} — 完了 ✓');
    const contents = gemini.received[before + 1].body.contents as Array<{ role: string; parts: unknown[] }>;
    expect(contents[1]).toEqual({
      role: 'model',
      parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: FAKE_THOUGHT_SIGNATURE }],
    });
    expect(contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { result: 'Sunny' } } }] });
  });

  it('maps Claude 429 and 529 and Gemini 503 before the stream to OpenAI statuses, with retry-after', async () => {
    const limited = await client.chat.completions
      .create({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: '#scenario=rate-limited' }], stream: true })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');

    const claudeOverloaded = await client.chat.completions
      .create({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: '#scenario=overloaded' }] })
      .catch((error: unknown) => error);
    expect(claudeOverloaded).toMatchObject({ status: 503 });

    const geminiLimited = await client.chat.completions
      .create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: '#scenario=rate-limited' }] })
      .catch((error: unknown) => error);
    expect(geminiLimited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((geminiLimited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');

    const geminiOverloaded = await client.chat.completions
      .create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: '#scenario=overloaded' }], stream: true })
      .catch((error: unknown) => error);
    expect(geminiOverloaded).toMatchObject({ status: 503 });
  });

  it.each([
    ['Claude', 'claude-haiku-4-5'],
    ['Gemini', 'gemini-2.5-flash'],
  ])('ends the stream with an error chunk when %s fails mid-stream, without echoing it, metered once', async (_name, model) => {
    const { data: stream, response } = await client.chat.completions
      .create({ model, messages: [{ role: 'user', content: `${CANARY} #scenario=error-mid-stream` }], stream: true })
      .withResponse();
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })().catch((error: unknown) => error);
    expect(text).toContain('Echo:');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(String((failure as Error).message)).not.toContain(CANARY);
    const record = await recordOf(harness, response.headers.get('x-request-id'));
    expect(record.status).toBeGreaterThanOrEqual(500);
  });

  it('ends the stream with an error chunk when the upstream is cut before finishing', async () => {
    for (const model of ['claude-haiku-4-5', 'gemini-2.5-flash']) {
      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: '#scenario=cut-mid-stream' }],
        stream: true,
      });
      await expect(readStream(stream)).rejects.toMatchObject({ message: expect.stringContaining('ended before the answer was complete') });
    }
  });

  it('wrote exactly one usage record for every request it answered (none refused)', async () => {
    expect(gatewayCalls.calls.length).toBeGreaterThan(10);
    await expectOneRecordPerAnsweredCall(harness, gatewayCalls, () => false);
  });

  it('never stores or logs the canary sent in prompts and returned in completions', async () => {
    const dump = await harness.store.dumpAllTables();
    expect(dump).toContain(harness.accountId);
    expect(dump).not.toContain(CANARY);
    const output = harness.output();
    expect(output).toContain('request metered');
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain(harness.key);
  });
});
