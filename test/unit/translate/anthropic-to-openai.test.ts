import { getTranslator } from '../../../lambda/translate/translators';
import { clientEvents, context, runFixtureAllSplits } from './support/sse';

/** Anthropic caller (Claude Code), OpenAI-compatible upstream (DeepSeek, Ark). */
const translator = getTranslator('anthropic', 'openai');
const deepSeek = context({ publicModel: 'deepseek-reasoner', upstreamModel: 'deepseek-reasoner' });

const event = (data: Record<string, unknown>) => ({ event: data.type as string, data });

const messageStart = event({
  type: 'message_start',
  message: {
    id: 'msg_req1',
    type: 'message',
    role: 'assistant',
    model: 'deepseek-reasoner',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
  },
});

describe('anthropic → openai request', () => {
  it('translates a Claude Code tool turn: system blocks, tools, thinking back as reasoning_content, tool results as tool messages', () => {
    const { body, headers } = translator.request(
      {
        model: 'deepseek-reasoner',
        max_tokens: 32000,
        system: [
          { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'Be careful.' },
        ],
        messages: [
          { role: 'user', content: 'List files' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'I should call ls.', signature: '' },
              { type: 'text', text: 'Listing.' },
              { type: 'tool_use', id: 'call_00_abc', name: 'Bash', input: { command: 'ls' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'call_00_abc', content: [{ type: 'text', text: 'a.txt\nb.txt' }] },
              { type: 'text', text: 'Now count them.', cache_control: { type: 'ephemeral' } },
            ],
          },
        ],
        tools: [
          { name: 'Bash', description: 'Runs a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } },
        ],
        tool_choice: { type: 'auto' },
        thinking: { type: 'enabled', budget_tokens: 10000 },
        metadata: { user_id: 'session-1' },
        stream: true,
        temperature: 1,
        stop_sequences: ['<stop>'],
      },
      deepSeek,
    );
    expect(headers).toBeUndefined();
    expect(body).toEqual({
      model: 'deepseek-reasoner',
      messages: [
        { role: 'system', content: 'You are Claude Code.\n\nBe careful.' },
        { role: 'user', content: 'List files' },
        {
          role: 'assistant',
          content: 'Listing.',
          reasoning_content: 'I should call ls.',
          tool_calls: [{ id: 'call_00_abc', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_00_abc', content: 'a.txt\nb.txt' },
        { role: 'user', content: 'Now count them.' },
      ],
      max_tokens: 32000,
      temperature: 1,
      stop: ['<stop>'],
      tools: [
        {
          type: 'function',
          function: {
            name: 'Bash',
            description: 'Runs a command',
            parameters: { type: 'object', properties: { command: { type: 'string' } } },
          },
        },
      ],
      tool_choice: 'auto',
      thinking: { type: 'enabled' },
      user: 'session-1',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("moves Claude Code's mid-conversation system messages into the system prompt", () => {
    const { body } = translator.request(
      {
        model: 'deepseek-chat',
        max_tokens: 100,
        system: [{ type: 'text', text: 'You are Claude Code.' }],
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'system', content: [{ type: 'text', text: 'The date changed.' }] },
          { role: 'assistant', content: 'hello' },
          { role: 'user', content: 'and now?' },
        ],
      },
      deepSeek,
    ) as { body: { messages: Array<{ role: string; content: unknown }> } };
    expect(body.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(body.messages[0].content)).toContain('You are Claude Code.');
    expect(JSON.stringify(body.messages[0].content)).toContain('The date changed.');
  });

  it('refuses a non-text block in a mid-conversation system message, naming it', () => {
    expect(() =>
      translator.request(
        {
          model: 'deepseek-chat',
          max_tokens: 10,
          messages: [
            { role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] },
            { role: 'user', content: 'x' },
          ],
        },
        deepSeek,
      ),
    ).toThrow(expect.objectContaining({ statusCode: 400, param: 'messages[0].content[0].type' }));
  });

  it('maps tool_choice any/tool/none and disable_parallel_tool_use', () => {
    const request = (toolChoice: Record<string, unknown>) =>
      translator.request(
        {
          model: 'm',
          max_tokens: 10,
          messages: [{ role: 'user', content: 'x' }],
          tools: [{ name: 'f', input_schema: { type: 'object' } }],
          tool_choice: toolChoice,
        },
        deepSeek,
      ).body as Record<string, unknown>;
    expect(request({ type: 'any' }).tool_choice).toBe('required');
    expect(request({ type: 'none' }).tool_choice).toBe('none');
    expect(request({ type: 'tool', name: 'f', disable_parallel_tool_use: true })).toMatchObject({
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
    });
  });

  it('sends images as image_url data URLs and rejects images inside tool results', () => {
    const body = translator.request(
      {
        model: 'm',
        max_tokens: 10,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
              { type: 'text', text: 'what?' },
            ],
          },
        ],
      },
      deepSeek,
    ).body as { messages: unknown[] };
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'text', text: 'what?' },
        ],
      },
    ]);
    expect(() =>
      translator.request(
        {
          model: 'm',
          max_tokens: 10,
          messages: [
            {
              role: 'user',
              content: [
                {
                  type: 'tool_result',
                  tool_use_id: 't',
                  content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA' } }],
                },
              ],
            },
          ],
        },
        deepSeek,
      ),
    ).toThrow(expect.objectContaining({ statusCode: 400, param: 'messages[0].content[0].content' }));
  });

  it.each([
    [{ tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools[0].type'],
    [
      { messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', data: 'x', media_type: 'text/plain' } }] }] },
      'messages[0].content[0].type',
    ],
    [
      { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'search_result' }] }] }] },
      'messages[0].content[0].content[0].type',
    ],
    [{ output_config: { effort: 'huge' } }, 'output_config.effort'],
    [{ tool_choice: { type: 'tool' } }, 'tool_choice.name'],
  ])('rejects %j with a 400 naming %s', (overrides, field) => {
    expect(() =>
      translator.request({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], ...overrides }, deepSeek),
    ).toThrow(expect.objectContaining({ statusCode: 400, kind: 'invalid_request', param: field }));
  });
});

describe('anthropic → openai stream', () => {
  it('translates a DeepSeek reasoner tool call (keep-alive, reasoning_content, fragments cut mid-token) at any byte cut', () => {
    const run = runFixtureAllSplits('openai/deepseek-reasoner-tool.chunks.txt', () => translator.stream(deepSeek, { includeUsage: true }));
    expect(run.error).toBeUndefined();
    expect(clientEvents(run.output)).toEqual([
      messageStart,
      event({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
      event({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'The user wants ' } }),
      event({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: '天気 in Zürich.' } }),
      event({ type: 'content_block_stop', index: 0 }),
      event({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }),
      event({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Checking…' } }),
      event({ type: 'content_block_stop', index: 1 }),
      event({
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'call_00_abc', name: 'get_weather', input: {} },
      }),
      event({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"ci' } }),
      event({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'ty": "Zür' } }),
      event({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'ich"}' } }),
      event({ type: 'content_block_stop', index: 2 }),
      event({
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { input_tokens: 56, cache_creation_input_tokens: 0, cache_read_input_tokens: 64, output_tokens: 80 },
      }),
      event({ type: 'message_stop' }),
    ]);
    expect(run.usage).toEqual({
      inputTokens: 120,
      cacheReadTokens: 64,
      cacheWriteTokens: undefined,
      outputTokens: 80,
      reasoningTokens: 50,
    });
  });

  it("reads Ark's separate choices: [] usage chunk after the finish chunk", () => {
    const run = runFixtureAllSplits('openai/ark-reasoning-text.chunks.txt', () => translator.stream(context(), { includeUsage: false }));
    const events = clientEvents(run.output);
    expect(events.map((e) => (e.data as { type: string }).type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[6].data).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: '世界' } });
    expect(events[8].data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 12 },
    });
    expect(run.usage).toEqual({ inputTokens: 30, cacheReadTokens: 0, cacheWriteTokens: undefined, outputTokens: 12, reasoningTokens: 4 });
  });

  it('surfaces DeepSeek insufficient_system_resource as an overload error event, keeping the usage', () => {
    const run = runFixtureAllSplits('openai/deepseek-insufficient-resource.chunks.txt', () =>
      translator.stream(context(), { includeUsage: true }),
    );
    expect(run.error).toMatchObject({ statusCode: 503, kind: 'overloaded' });
    const events = clientEvents(run.output);
    expect(events[events.length - 1]).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'overloaded_error', message: expect.stringContaining('insufficient_system_resource') } },
    });
    expect(events.some((e) => (e.data as { type: string }).type === 'message_stop')).toBe(false);
    expect(run.usage).toMatchObject({ inputTokens: 10, outputTokens: 3 });
  });

  it('turns a data: {"error"} chunk into an Anthropic error event without its message', () => {
    const run = runFixtureAllSplits('openai/error-mid-stream.chunks.txt', () => translator.stream(context(), { includeUsage: true }));
    const events = clientEvents(run.output);
    expect(events.slice(-2)).toEqual([
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Partial' } }),
      {
        event: 'error',
        data: { type: 'error', error: { type: 'api_error', message: 'The upstream provider reported an error during the stream.' } },
      },
    ]);
    expect(run.output).not.toContain('CANARY');
  });
});

describe('anthropic → openai response', () => {
  it('converts a DeepSeek answer with reasoning and tool calls, usage split into uncached and cache reads', () => {
    const { body, usage } = translator.response(
      {
        id: 'x',
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: '',
              reasoning_content: 'Think.',
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: {
          prompt_tokens: 100,
          completion_tokens: 20,
          total_tokens: 120,
          prompt_cache_hit_tokens: 90,
          prompt_cache_miss_tokens: 10,
          completion_tokens_details: { reasoning_tokens: 5 },
        },
      },
      deepSeek,
    );
    expect(body).toEqual({
      id: 'msg_req1',
      type: 'message',
      role: 'assistant',
      model: 'deepseek-reasoner',
      content: [
        { type: 'thinking', thinking: 'Think.', signature: '' },
        { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 90, output_tokens: 20 },
    });
    expect(usage).toEqual({ inputTokens: 100, cacheReadTokens: 90, cacheWriteTokens: undefined, outputTokens: 20, reasoningTokens: 5 });
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['content_filter', 'refusal'],
  ])('maps finish_reason %s to stop_reason %s', (finishReason, stopReason) => {
    const { body } = translator.response({ choices: [{ message: { content: 'x' }, finish_reason: finishReason }] }, deepSeek);
    expect(body).toMatchObject({ stop_reason: stopReason });
  });

  it('answers insufficient_system_resource with a 503 overload', () => {
    expect(() =>
      translator.response({ choices: [{ message: { content: 'x' }, finish_reason: 'insufficient_system_resource' }] }, deepSeek),
    ).toThrow(expect.objectContaining({ statusCode: 503, kind: 'overloaded' }));
  });
});

describe('anthropic → openai reasoning round trip', () => {
  it('sends thinking back as reasoning_content on tool-calling turns only', () => {
    const { body } = getTranslator('anthropic', 'openai').request(
      {
        model: 'm',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'a' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'plain turn', signature: '' },
              { type: 'text', text: 'b' },
            ],
          },
          { role: 'user', content: 'c' },
        ],
      },
      context(),
    );
    expect((body as { messages: unknown[] }).messages[1]).toEqual({ role: 'assistant', content: 'b' });
  });
});
