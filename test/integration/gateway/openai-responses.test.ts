import OpenAI from 'openai';
import type {
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { FAKE_THINKING, type FakeAnthropicServer } from '../../support/fake-upstreams/anthropic-server';
import { FAKE_GEMINI_USAGE, type FakeGeminiServer } from '../../support/fake-upstreams/gemini-server';
import { FAKE_USAGE, type FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { FAKE_UPSTREAM_KEYS, startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { expectOneRecordPerAnsweredCall, trackGatewayCalls, type GatewayCallLog } from '../../support/gateway-calls';
import { recordOf } from '../../support/usage-records';

const CANARY = 'CANARY-responses-4d1e-do-not-store';
const WEATHER: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  strict: false,
};

/** Output items go back as input on the next turn (the API accepts them; the SDK's types do not say so for every item type). */
function asInput(output: readonly ResponseOutputItem[]): ResponseInputItem[] {
  return output as unknown as ResponseInputItem[];
}

describe('OpenAI Responses API callers (official SDK) on DeepSeek, Claude and Gemini', () => {
  let upstreams: FakeUpstreams;
  let deepseek: FakeOpenAiCompatibleServer;
  let anthropic: FakeAnthropicServer;
  let gemini: FakeGeminiServer;
  let harness: GatewayHarness;
  let gatewayCalls: GatewayCallLog;
  let client: OpenAI;

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    ({ deepseek, anthropic, gemini } = upstreams);
    harness = await startGatewayHarness({ ...upstreams.environment, TOLLGATE_KEEP_ALIVE_SECONDS: '0.3' });
    gatewayCalls = trackGatewayCalls(() => harness.gateway.url);
    client = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: harness.key, maxRetries: 0 });
  });

  afterAll(async () => {
    gatewayCalls?.restore();
    await harness?.close();
    await upstreams?.close();
  });

  it('streams a DeepSeek answer through responses.stream(): the SDK rebuilds the Response, usage is metered', async () => {
    const before = deepseek.received.length;
    const stream = client.responses.stream({
      model: 'deepseek-chat',
      instructions: 'Be brief.',
      input: `Say ${CANARY}`,
      reasoning: { effort: 'high' },
    });
    const types: string[] = [];
    let text = '';
    let reasoning = '';
    stream.on('event', (event: ResponseStreamEvent) => types.push(event.type));
    stream.on('response.output_text.delta', (event) => (text += event.delta));
    stream.on('response.reasoning_summary_text.delta', (event) => (reasoning += event.delta));
    const final = await stream.finalResponse();

    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types[types.length - 1]).toBe('response.completed');
    expect(text).toBe(`Echo: Say ${CANARY} — 完了 ✓`);
    expect(final.output_text).toBe(text);
    expect(reasoning).toBe('Thinking about it.');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(final.usage).toEqual({
      input_tokens: FAKE_USAGE.hit + FAKE_USAGE.miss,
      input_tokens_details: { cached_tokens: FAKE_USAGE.hit },
      output_tokens: FAKE_USAGE.completion,
      output_tokens_details: { reasoning_tokens: FAKE_USAGE.reasoning },
      total_tokens: FAKE_USAGE.hit + FAKE_USAGE.miss + FAKE_USAGE.completion,
    });

    const upstream = deepseek.received[before];
    expect(upstream.headers.authorization).toBe(`Bearer ${FAKE_UPSTREAM_KEYS.deepseek}`);
    expect(upstream.body).toMatchObject({
      model: 'deepseek-chat',
      stream: true,
      thinking: { type: 'enabled' },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: `Say ${CANARY}` },
      ],
    });

    const record = await recordOf(harness, final.id.replace(/^resp_/, ''));
    expect(record).toMatchObject({
      model: 'deepseek-chat',
      provider: 'deepseek',
      protocol: 'openai-responses',
      streamed: true,
      status: 200,
      inputTokens: FAKE_USAGE.hit + FAKE_USAGE.miss,
      cacheReadTokens: FAKE_USAGE.hit,
      outputTokens: FAKE_USAGE.completion,
      reasoningTokens: FAKE_USAGE.reasoning,
    });
  });

  it('answers responses.create without streaming on DeepSeek', async () => {
    const { data: response, response: raw } = await client.responses
      .create({ model: 'deepseek-chat', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }] })
      .withResponse();
    expect(raw.status).toBe(200);
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'deepseek-chat', store: false });
    expect(response.output_text).toBe('Echo: Hello — 完了 ✓');
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(FAKE_USAGE.hit);
  });

  it.each([
    ['deepseek-chat', () => deepseek.received],
    ['claude-haiku-4-5', () => anthropic.received],
    ['gemini-2.5-flash', () => gemini.received],
  ] as const)(
    'runs a function-call round trip on %s, streamed then whole, with hosted tools dropped and named',
    async (model, received) => {
      const tools: OpenAI.Responses.Tool[] = [WEATHER, { type: 'web_search' }];
      const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather? #scenario=tool-call' }];
      const { data: stream, response: raw } = await client.responses.create({ model, input, tools, stream: true }).withResponse();
      expect(raw.headers.get('x-tollgate-dropped-tools')).toBe('web_search');
      const events: ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);
      const completed = events.find((event) => event.type === 'response.completed');
      if (completed?.type !== 'response.completed') throw new Error('no response.completed');
      const call = completed.response.output.find((item): item is ResponseFunctionToolCall => item.type === 'function_call');
      if (!call) throw new Error('no function call');
      expect(call.name).toBe('get_weather');
      expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
      // output_item.added comes before any delta of the call, output_item.done after.
      const index = events.findIndex((event) => event.type === 'response.output_item.added' && event.item.type === 'function_call');
      const done = events.findIndex((event) => event.type === 'response.output_item.done' && event.item.type === 'function_call');
      expect(index).toBeGreaterThan(-1);
      expect(done).toBeGreaterThan(index);

      const before = received().length;
      const second = await client.responses.create({
        model,
        tools,
        input: [...input, ...asInput(completed.response.output), { type: 'function_call_output', call_id: call.call_id, output: 'Sunny' }],
      });
      // The fakes echo the tool result as their provider received it (Gemini's as a `{result}` object).
      expect(second.output_text).toMatch(/^Echo: Tool said: (Sunny|\{"result":"Sunny"\}) — 完了 ✓$/);
      const upstreamBody = received()[before].body;
      expect(JSON.stringify(upstreamBody)).not.toContain('web_search');
    },
  );

  it("keeps Claude's signed thinking across a tool call through encrypted_content, as Codex sends it back", async () => {
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather? #scenario=tool-call' }];
    const first = await client.responses.create({
      model: 'claude-haiku-4-5',
      input,
      tools: [WEATHER],
      reasoning: { effort: 'low' },
      include: ['reasoning.encrypted_content'],
      store: false,
    });
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    expect(reasoning).toMatchObject({
      summary: [{ type: 'summary_text', text: FAKE_THINKING.text }],
      encrypted_content: expect.any(String),
    });
    const call = first.output.find((item): item is ResponseFunctionToolCall => item.type === 'function_call');
    const before = anthropic.received.length;
    await client.responses.create({
      model: 'claude-haiku-4-5',
      tools: [WEATHER],
      reasoning: { effort: 'low' },
      input: [...input, ...asInput(first.output), { type: 'function_call_output', call_id: call?.call_id ?? '', output: 'Sunny' }],
    });
    const assistant = (anthropic.received[before].body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>)[1];
    expect(assistant.content[0]).toEqual({ type: 'thinking', thinking: FAKE_THINKING.text, signature: FAKE_THINKING.signature });
    expect(anthropic.received[before].body.thinking).toMatchObject({ type: 'enabled' });
  });

  it('meters Gemini usage (cached and reasoning tokens) for a Responses caller', async () => {
    const { data: response, response: raw } = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Hi' }).withResponse();
    expect(response.usage).toMatchObject({
      input_tokens: FAKE_GEMINI_USAGE.prompt,
      input_tokens_details: { cached_tokens: FAKE_GEMINI_USAGE.cached },
    });
    const record = await recordOf(harness, raw.headers.get('x-request-id'));
    expect(record).toMatchObject({ provider: 'gemini', protocol: 'openai-responses', inputTokens: FAKE_GEMINI_USAGE.prompt });
  });

  it('refuses previous_response_id and a forced hosted tool with a 400 the SDK raises', async () => {
    const previous = await client.responses
      .create({ model: 'deepseek-chat', input: 'x', previous_response_id: 'resp_1' })
      .catch((e: unknown) => e);
    expect(previous).toBeInstanceOf(OpenAI.BadRequestError);
    expect((previous as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/previous_response_id.*send the whole conversation/i);
    const forced = await client.responses
      .create({ model: 'deepseek-chat', input: 'x', tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search_preview' } })
      .catch((e: unknown) => e);
    expect(forced).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('turns an upstream failure mid-stream into response.failed, and an early one into its HTTP status', async () => {
    const stream = await client.responses.create({ model: 'deepseek-chat', input: `#scenario=error-mid-stream ${CANARY}`, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);

    const limited = await client.responses
      .create({ model: 'claude-haiku-4-5', input: '#scenario=rate-limited', stream: true })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('lists models in OpenAI format and keeps the canary out of every table and log line', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('deepseek-chat');
    await expectOneRecordPerAnsweredCall(harness, gatewayCalls, () => false);
    expect(await harness.store.dumpAllTables()).not.toContain(CANARY);
    expect(harness.output()).not.toContain(CANARY);
  });
});
