import { getTranslator } from '../../../lambda/translate/translators';
import { clientEvents, context, runFixtureAllSplits } from './support/sse';

/** OpenAI caller, Anthropic upstream: transcripts in Anthropic's wire format → OpenAI chunks. */
const translator = getTranslator('openai', 'anthropic');

const chunk = (delta: Record<string, unknown>, finishReason: string | null = null, usage = true) => ({
  data: {
    id: 'chatcmpl-req1',
    object: 'chat.completion.chunk',
    created: 1_730_000_000,
    model: 'public-model',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(usage ? { usage: null } : {}),
  },
});

describe('openai → anthropic stream', () => {
  it('translates thinking, text and a streamed tool call, cut at any byte', () => {
    const run = runFixtureAllSplits('anthropic/thinking-tool.chunks.txt', () => translator.stream(context(), { includeUsage: true }));
    expect(run.error).toBeUndefined();
    expect(clientEvents(run.output)).toEqual([
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning_content: 'Überlegung 🤔: ' }),
      chunk({ reasoning_content: '天気を調べる' }),
      chunk({ content: 'Sure — checking ' }),
      chunk({ content: '東京 ☀️' }),
      chunk({ tool_calls: [{ index: 0, id: 'toolu_01KF', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "東' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '京", "unit": "c' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'elsius"}' } }] }),
      chunk({}, 'tool_calls'),
      {
        data: {
          id: 'chatcmpl-req1',
          object: 'chat.completion.chunk',
          created: 1_730_000_000,
          model: 'public-model',
          choices: [],
          usage: {
            prompt_tokens: 912,
            completion_tokens: 47,
            total_tokens: 959,
            prompt_tokens_details: { cached_tokens: 800, cache_write_tokens: 100 },
            completion_tokens_details: { reasoning_tokens: 0 },
          },
        },
      },
      { data: '[DONE]' },
    ]);
    expect(run.usage).toEqual({
      inputTokens: 912,
      cacheReadTokens: 800,
      cacheWriteTokens: 100,
      outputTokens: 47,
      reasoningTokens: undefined,
    });
    expect(run.completed).toBe(true);
  });

  it('leaves the usage chunk out when the caller did not ask for it, but still meters', () => {
    const run = runFixtureAllSplits('anthropic/text.chunks.txt', () => translator.stream(context(), { includeUsage: false }));
    expect(clientEvents(run.output)).toEqual([
      chunk({ role: 'assistant', content: '' }, null, false),
      chunk({ content: 'Hello' }, null, false),
      chunk({}, 'stop', false),
      { data: '[DONE]' },
    ]);
    expect(run.usage).toEqual({
      inputTokens: 11,
      cacheReadTokens: undefined,
      cacheWriteTokens: undefined,
      outputTokens: 6,
      reasoningTokens: undefined,
    });
  });

  it('turns an Anthropic error event into an OpenAI error frame, keeping what was sent and the usage', () => {
    const run = runFixtureAllSplits('anthropic/error-mid-stream.chunks.txt', () => translator.stream(context(), { includeUsage: true }));
    expect(run.error).toMatchObject({ statusCode: 529, kind: 'overloaded' });
    const events = clientEvents(run.output);
    expect(events.slice(0, 2)).toEqual([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Partial' })]);
    expect(events[2]).toEqual({
      data: { error: { message: expect.stringContaining('overloaded'), type: 'server_error', param: null, code: 'overloaded' } },
    });
    expect(events).toHaveLength(3);
    expect(run.output).not.toContain('CANARY');
    expect(run.usage?.inputTokens).toBe(20);
    expect(run.completed).toBe(false);
  });

  it('fails a stream that ends before a stop reason', () => {
    const stream = translator.stream(context(), { includeUsage: true });
    stream.push({ event: 'message_start', data: '{"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":1}}}' });
    expect(stream.completed).toBe(false);
    const frames = stream.end();
    expect(clientEvents(frames)).toEqual([{ data: { error: expect.objectContaining({ code: 'upstream_error' }) } }]);
    expect(stream.fail(new Error('again') as never)).toBe('');
  });

  it('fails on a malformed event with an upstream error, and stays closed', () => {
    for (const data of ['{"type":"content_block_delta","index":"x"', '{"type":"content_block_delta","index":"x"}']) {
      const stream = translator.stream(context(), { includeUsage: true });
      const frames = stream.push({ event: 'content_block_delta', data });
      expect(stream.failure).toMatchObject({ statusCode: 502, kind: 'upstream_error' });
      expect(clientEvents(frames)).toEqual([{ data: { error: expect.objectContaining({ code: 'upstream_error' }) } }]);
      expect(stream.push({ event: 'message_stop', data: '{"type":"message_stop"}' })).toBe('');
      expect(stream.end()).toBe('');
    }
  });
});
