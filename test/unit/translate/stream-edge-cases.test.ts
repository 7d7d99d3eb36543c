import { mintToolCallId, signatureFromToolCallId } from '../../../lambda/translate/gemini/tool-call-id';
import { getTranslator } from '../../../lambda/translate/translators';
import { clientEvents, context, runStream } from './support/sse';

const openAiChunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
  data: JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices, ...extra }),
});

describe('tool-call ids carrying Gemini thought signatures', () => {
  it('round-trips any signature and stays within the Anthropic id alphabet', () => {
    const signature = 'CiQB+/=\u00e9' + 'x'.repeat(500);
    const id = mintToolCallId('req-1:2', 3, signature);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(id.startsWith('call_req-12_3__ts_')).toBe(true);
    expect(signatureFromToolCallId(id)).toBe(signature);
    expect(mintToolCallId('r', 0)).toBe('call_r_0');
    expect(signatureFromToolCallId('call_r_0')).toBeUndefined();
    expect(signatureFromToolCallId('toolu_01ABC')).toBeUndefined();
    expect(mintToolCallId('r', 0, undefined, 'fc_9')).toBe('fc_9');
  });
});

describe('OpenAI-compatible upstream edge cases, Anthropic caller', () => {
  const translator = getTranslator('anthropic', 'openai');

  it('gives parallel tool calls one block each, in order', () => {
    const run = runStream(translator.stream(context(), { includeUsage: true }), [
      openAiChunk([
        {
          index: 0,
          delta: {
            role: 'assistant',
            tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'a', arguments: '{"x":' } }],
          },
        },
      ]),
      openAiChunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] } }]),
      openAiChunk([
        { index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'b', arguments: '{}' } }] } },
      ]),
      openAiChunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
      { data: '[DONE]' },
    ]);
    const events = clientEvents(run.output).map((e) => e.data as Record<string, unknown>);
    expect(events.slice(1, -2)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'call_a', name: 'a', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"x":' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '1}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_b', name: 'b', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } },
      { type: 'content_block_stop', index: 1 },
    ]);
    expect(events[events.length - 2]).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'tool_use' } });
  });

  it('mints ids and indexes for servers that omit them, and meters nothing when no usage came', () => {
    const run = runStream(translator.stream(context(), { includeUsage: true }), [
      openAiChunk([{ delta: { tool_calls: [{ function: { name: 'f', arguments: '{}' } }] } }], { usage: null }),
      openAiChunk([{ delta: {}, finish_reason: 'tool_calls' }], { usage: null }),
    ]);
    const events = clientEvents(run.output).map((e) => e.data as Record<string, unknown>);
    expect(events[1]).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 'call_req1_0', name: 'f', input: {} },
    });
    expect(events[events.length - 2]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
    });
    expect(run.usage).toBeUndefined();
    expect(run.completed).toBe(true);
  });

  it('fails a stream cut before any finish_reason ([DONE] missing)', () => {
    const run = runStream(translator.stream(context(), { includeUsage: true }), [openAiChunk([{ index: 0, delta: { content: 'Hel' } }])]);
    expect(run.completed).toBe(false);
    const events = clientEvents(run.output);
    expect(events[events.length - 1]).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'api_error', message: expect.any(String) } },
    });
  });
});

describe('Gemini caller on an OpenAI-compatible upstream', () => {
  it('fails rather than inventing arguments when a streamed tool call is cut short', () => {
    const translator = getTranslator('gemini', 'openai');
    const run = runStream(translator.stream(context(), { includeUsage: true }), [
      openAiChunk([{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{"a":' } }] } }]),
      openAiChunk([{ index: 0, delta: {}, finish_reason: 'length' }]),
    ]);
    expect(run.error).toMatchObject({ statusCode: 502 });
    expect(clientEvents(run.output).pop()).toEqual({ data: { error: { code: 502, message: expect.any(String), status: 'INTERNAL' } } });
  });
});
