import { GatewayError } from '../../../lambda/core/errors';
import { getTranslator } from '../../../lambda/translate/translators';
import { context, fixtureJson } from './support/sse';

const translator = getTranslator('openai', 'anthropic');
const anthropicContext = context({ upstreamModel: 'claude-sonnet-4-5-20250929', stream: false });

function translate(body: Record<string, unknown>, stream = false) {
  return translator.request({ model: 'claude-sonnet-4-5', ...body }, { ...anthropicContext, stream }).body as Record<string, unknown>;
}

function rejection(body: Record<string, unknown>): GatewayError {
  try {
    translate(body);
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected a rejection');
}

describe('openai → anthropic request', () => {
  it('moves system and developer messages to `system` and merges tool results into one user turn', () => {
    const body = translate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }] },
        { role: 'user', content: 'Weather in SF and NYC?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"SF"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"NYC"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '25C' }] },
        { role: 'user', content: 'Thanks' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 8192,
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Use tools.' },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in SF and NYC?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'SF' } },
            { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'NYC' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: '18C' }] },
            { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '25C' }] },
            { type: 'text', text: 'Thanks' },
          ],
        },
      ],
    });
  });

  it('maps tools, tool_choice, parallel_tool_calls, stop, user, temperature (clamped) and images', () => {
    const body = translate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
          ],
        },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', description: 'Looks up', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
        },
        { type: 'function', function: { name: 'noop' } },
      ],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      parallel_tool_calls: false,
      stop: 'END',
      temperature: 1.6,
      top_p: 0.9,
      max_completion_tokens: 300,
      user: 'user-42',
      seed: 3,
      presence_penalty: 0.5,
    });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 300,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
      tools: [
        { name: 'lookup', description: 'Looks up', input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
        { name: 'noop', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'tool', name: 'lookup', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 1,
      // no top_p: recent Claude models refuse it together with temperature
      metadata: { user_id: 'user-42' },
    });
  });

  it('keeps top_p when it is the only sampling parameter', () => {
    const body = translate({ model: 'claude-sonnet-4-5', max_tokens: 10, top_p: 0.9, messages: [{ role: 'user', content: 'x' }] });
    expect(body).toMatchObject({ top_p: 0.9 });
    expect(body).not.toHaveProperty('temperature');
  });

  it('turns reasoning_effort into a thinking budget below max_tokens and drops sampling parameters Anthropic refuses with thinking', () => {
    expect(translate({ messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'medium', temperature: 0.2 })).toMatchObject({
      max_tokens: 8192 + 8192,
      thinking: { type: 'enabled', budget_tokens: 8192 },
    });
    expect(translate({ messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'high', max_tokens: 4000 })).toMatchObject({
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 3999 },
    });
    const small = translate({ messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'low', max_tokens: 500 });
    expect(small.thinking).toBeUndefined();
    expect(translate({ messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'none' }).thinking).toEqual({ type: 'disabled' });
    expect(
      translate({ messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'high', temperature: 0.2 }).temperature,
    ).toBeUndefined();
  });

  it('leaves thinking off when the last tool-calling assistant turn has no thinking block to send back', () => {
    const toolTurn = [
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'unsigned',
        tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'Sunny' },
    ];
    const continued = translate({ messages: toolTurn, reasoning_effort: 'medium', temperature: 0.2 });
    expect(continued.thinking).toBeUndefined();
    expect(continued).toMatchObject({ max_tokens: 8192, temperature: 0.2 });
    // Once the tool loop is over (the last assistant turn is text), thinking is back on.
    const after = translate({
      messages: [...toolTurn, { role: 'assistant', content: 'It is sunny.' }, { role: 'user', content: 'Thanks' }],
      reasoning_effort: 'medium',
    });
    expect(after.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
  });

  it('keeps thinking when the last tool-calling turn starts with its signed thinking block (Gemini and Anthropic callers)', () => {
    const geminiCaller = getTranslator('gemini', 'anthropic');
    const body = geminiCaller.request(
      {
        contents: [
          { role: 'user', parts: [{ text: 'Weather?' }] },
          { role: 'model', parts: [{ text: 'hm', thought: true, thoughtSignature: 'sig' }, { functionCall: { name: 'f', args: {} } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'f', response: { ok: true } } }] },
        ],
        generationConfig: { thinkingConfig: { thinkingBudget: 2048 } },
      },
      anthropicContext,
    ).body as Record<string, unknown>;
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect((body.messages as Array<{ content: Array<{ type: string }> }>)[1].content.map((block) => block.type)).toEqual([
      'thinking',
      'tool_use',
    ]);
  });

  it('uses 4096 max_tokens for models outside the per-family table', () => {
    const body = translator.request(
      { model: 'x', messages: [{ role: 'user', content: 'hi' }] },
      { ...anthropicContext, upstreamModel: 'claude-3-haiku-20240307' },
    ).body;
    expect(body).toMatchObject({ max_tokens: 4096 });
  });

  it('keeps reasoning_content out of Anthropic turns (it has no signature) and sends json_schema as output_config', () => {
    const body = translate({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello', reasoning_content: 'unsigned thoughts' },
        { role: 'user', content: 'json please' },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } },
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'hello' }] },
      { role: 'user', content: [{ type: 'text', text: 'json please' }] },
    ]);
    expect(body.output_config).toEqual({ format: { type: 'json_schema', schema: { type: 'object' } } });
  });

  it('sets stream only for streaming calls', () => {
    expect(translate({ messages: [{ role: 'user', content: 'hi' }] }, true).stream).toBe(true);
    expect(translate({ messages: [{ role: 'user', content: 'hi' }] }, false).stream).toBeUndefined();
  });

  it.each([
    [{ n: 2 }, 'n'],
    [{ logprobs: true }, 'logprobs'],
    [{ modalities: ['text', 'audio'] }, 'modalities'],
    [
      { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }] }] },
      'messages[0].content[0].type',
    ],
    [{ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'f' } }] }] }, 'messages[0].content[0].type'],
    [
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] },
      'messages[0].content[0].image_url.url',
    ],
    [
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,AA' } }] }] },
      'messages[0].content[0]',
    ],
    [
      {
        messages: [
          { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{bad' } }] },
        ],
      },
      'messages[0].tool_calls[0].function.arguments',
    ],
    [{ reasoning_effort: 'extreme' }, 'reasoning_effort'],
    [{ messages: [] }, 'messages'],
    [{ messages: [{ role: 'narrator', content: 'x' }] }, 'messages[0].role'],
  ])('rejects %j with a 400 naming %s', (overrides, field) => {
    const error = rejection({ messages: [{ role: 'user', content: 'hi' }], ...overrides });
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ statusCode: 400, kind: 'invalid_request', param: field });
    expect(error.message).toContain(field);
  });
});

describe('openai → anthropic response', () => {
  it('converts thinking, text, tool use, stop reason and cache usage', () => {
    const { body, usage } = translator.response(fixtureJson('anthropic/tool-use.json'), anthropicContext);
    expect(body).toEqual({
      id: 'chatcmpl-req1',
      object: 'chat.completion',
      created: 1_730_000_000,
      model: 'public-model',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            refusal: null,
            reasoning_content: 'Need the weather.',
            tool_calls: [{ id: 'toolu_01A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"SF"}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 40,
        total_tokens: 140,
        prompt_tokens_details: { cached_tokens: 70, cache_write_tokens: 5 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(usage).toEqual({ inputTokens: 100, cacheReadTokens: 70, cacheWriteTokens: 5, outputTokens: 40, reasoningTokens: undefined });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'stop'],
  ])('maps stop_reason %s to finish_reason %s', (stopReason, finishReason) => {
    const { body } = translator.response(
      { type: 'message', content: [{ type: 'text', text: 'x' }], stop_reason: stopReason, usage: { input_tokens: 1, output_tokens: 1 } },
      anthropicContext,
    );
    expect((body as { choices: Array<{ finish_reason: string }> }).choices[0].finish_reason).toBe(finishReason);
  });

  it('rejects a malformed answer with a 502', () => {
    expect(() => translator.response({ content: 'nope' }, anthropicContext)).toThrow(expect.objectContaining({ statusCode: 502 }));
  });
});
