import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { GatewayError } from '../../../../lambda/core/errors';
import { createTranslator } from '../../../../lambda/translate/translator-pipeline';
import { anthropicUpstreamCodec } from '../../../../lambda/translate/anthropic/codecs';
import { geminiUpstreamCodec } from '../../../../lambda/translate/gemini/codecs';
import { openAiUpstreamCodec } from '../../../../lambda/translate/openai/codecs';
import { responsesClientCodec } from '../../../../lambda/translate/responses/codecs';
import { decodeReasoningToken } from '../../../../lambda/translate/responses/reasoning-token';
import { planResponsesRequest } from '../../../../lambda/translate/responses/request-from-responses';
import { accumulate, responsesContext, responsesEvents } from '../support/responses';
import { runFixtureAllSplits, runStream } from '../support/sse';

const fromDeepSeek = createTranslator(responsesClientCodec, openAiUpstreamCodec);
const fromClaude = createTranslator(responsesClientCodec, anthropicUpstreamCodec);
const fromGemini = createTranslator(responsesClientCodec, geminiUpstreamCodec);

const WEATHER = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const CODEX_BODY = { include: ['reasoning.encrypted_content'], store: false, tools: [WEATHER, { type: 'web_search' }], input: 'Weather?' };

const types = (events: readonly ResponseStreamEvent[]) => events.map((event) => event.type);

/** The event types from `response.output_item.added` of `outputIndex` up to its `.done`. */
function itemEvents(events: readonly ResponseStreamEvent[], outputIndex: number): string[] {
  return events.filter((event) => (event as { output_index?: number }).output_index === outputIndex).map((event) => event.type);
}

describe('Responses API streams (canonical → response.* events)', () => {
  it('translates a DeepSeek reasoner stream with a tool call into reasoning, message and function_call items, cut at any byte', () => {
    const context = responsesContext(CODEX_BODY);
    const run = runFixtureAllSplits('openai/deepseek-reasoner-tool.chunks.txt', () => fromDeepSeek.stream(context, { includeUsage: true }));
    expect(run.error).toBeUndefined();
    const events = responsesEvents(run.output);
    expect(types(events).slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(itemEvents(events, 0)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    expect(itemEvents(events, 1)).toEqual([
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
    ]);
    expect(itemEvents(events, 2)).toEqual([
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
    ]);
    const last = events[events.length - 1];
    expect(last.type).toBe('response.completed');
    const final = (last as unknown as { response: Record<string, unknown> }).response;
    expect(final).toMatchObject({
      id: 'resp_req1',
      object: 'response',
      status: 'completed',
      model: 'public-model',
      created_at: 1_730_000_000,
      error: null,
      incomplete_details: null,
      store: false,
      tools: [WEATHER],
      usage: {
        input_tokens: 120,
        input_tokens_details: { cached_tokens: 64 },
        output_tokens: 80,
        output_tokens_details: { reasoning_tokens: 50 },
        total_tokens: 200,
      },
      output: [
        {
          id: 'rs_req1_0',
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'The user wants 天気 in Zürich.' }],
          status: 'completed',
        },
        {
          id: 'msg_req1_1',
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Checking…', annotations: [], logprobs: [] }],
        },
        {
          id: 'fc_req1_2',
          type: 'function_call',
          call_id: 'call_00_abc',
          name: 'get_weather',
          arguments: '{"city": "Zürich"}',
          status: 'completed',
        },
      ],
    });
    // The openai SDK's own accumulator rebuilds the same Response from the events.
    const snapshot = accumulate(events);
    expect(snapshot.output).toEqual(final.output);
    expect(snapshot.output_text).toBe('Checking…');
    expect(run.usage).toEqual({ inputTokens: 120, cacheReadTokens: 64, outputTokens: 80, reasoningTokens: 50 });
  });

  it("carries Claude's thinking signature in the reasoning item's encrypted_content, and hands it back upstream", () => {
    const context = responsesContext(CODEX_BODY);
    const run = runFixtureAllSplits('anthropic/thinking-tool.chunks.txt', () => fromClaude.stream(context, { includeUsage: true }));
    expect(run.error).toBeUndefined();
    const events = responsesEvents(run.output);
    const final = accumulate(events);
    const reasoning = final.output[0] as { type: string; encrypted_content?: string; summary: Array<{ text: string }> };
    expect(reasoning.type).toBe('reasoning');
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'Überlegung 🤔: 天気を調べる' }]);
    expect(decodeReasoningToken(reasoning.encrypted_content)).toEqual({ signature: 'EqQBCkYIBxgCKkBsig==' });
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);

    // Next turn, as Codex sends it: the output items as received, plus the tool's output.
    const next = planResponsesRequest({
      model: 'm',
      input: ['Weather?', ...final.output, { type: 'function_call_output', call_id: 'toolu_01KF', output: 'Sunny' }].map((item) =>
        typeof item === 'string' ? { role: 'user', content: item } : item,
      ),
    });
    expect(next.canonical.messages[1].content[0]).toEqual({
      type: 'thinking',
      text: 'Überlegung 🤔: 天気を調べる',
      signature: 'EqQBCkYIBxgCKkBsig==',
    });
  });

  it('leaves encrypted_content out when the caller did not ask for it', () => {
    const context = responsesContext({ input: 'hi' });
    const run = runFixtureAllSplits('anthropic/thinking-tool.chunks.txt', () => fromClaude.stream(context, { includeUsage: true }));
    const final = accumulate(responsesEvents(run.output));
    expect(final.output[0]).not.toHaveProperty('encrypted_content');
  });

  it("keeps Gemini's thought signature inside the call_id it mints, for the next turn", () => {
    const context = responsesContext({ input: 'x' });
    const run = runFixtureAllSplits('gemini/function-call-signature.chunks.txt', () => fromGemini.stream(context, { includeUsage: true }));
    const final = accumulate(responsesEvents(run.output));
    expect(final.output.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call']);
    const [, divide, round] = final.output as Array<{ call_id: string; name: string; arguments: string }>;
    expect(divide).toMatchObject({ name: 'customDivide', arguments: '{"numerator":100,"denominator":2}' });
    expect(round.name).toBe('customRound');
    const next = createTranslator(responsesClientCodec, geminiUpstreamCodec).request(
      {
        model: 'm',
        input: [{ role: 'user', content: 'x' }, ...final.output, { type: 'function_call_output', call_id: divide.call_id, output: '50' }],
      },
      responsesContext({ input: 'x' }),
    ).body as { contents: Array<{ parts: Array<Record<string, unknown>> }> };
    expect(next.contents[1].parts[1]).toEqual({
      functionCall: { name: 'customDivide', args: { numerator: 100, denominator: 2 } },
      thoughtSignature: 'CiQB+/sig==',
    });
  });

  it('splits a namespaced tool call back into namespace and name', () => {
    const namespaced = responsesContext({
      tools: [{ type: 'namespace', name: 'calc', description: 'd', tools: [{ ...WEATHER, name: 'div' }] }],
      input: 'x',
    });
    const stream = fromDeepSeek.stream(namespaced, { includeUsage: true });
    const chunk = (delta: unknown, finish: string | null = null) => ({
      data: JSON.stringify({
        choices: [{ index: 0, delta, finish_reason: finish }],
        ...(finish ? { usage: { prompt_tokens: 3, completion_tokens: 2 } } : {}),
      }),
    });
    const output = runStream(stream, [
      chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'calc__div', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ]).output;
    const call = accumulate(responsesEvents(output)).output[0];
    expect(call).toMatchObject({ type: 'function_call', name: 'div', namespace: 'calc', call_id: 'call_1', arguments: '{}' });
  });

  it('sends a custom tool call as custom_tool_call with the free-form input', () => {
    const context = responsesContext({ tools: [{ type: 'custom', name: 'apply_patch' }], input: 'x' });
    const chunk = (delta: unknown, finish: string | null = null) => ({
      data: JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] }),
    });
    const run = runStream(fromDeepSeek.stream(context, { includeUsage: true }), [
      chunk({ tool_calls: [{ index: 0, id: 'call_9', function: { name: 'apply_patch', arguments: '{"input":"*** Begin' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: ' Patch"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const events = responsesEvents(run.output);
    expect(itemEvents(events, 0)).toEqual([
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
    ]);
    expect(accumulate(events).output[0]).toMatchObject({
      id: 'ctc_req1_0',
      type: 'custom_tool_call',
      call_id: 'call_9',
      name: 'apply_patch',
      input: '*** Begin Patch',
    });
  });

  it('ends a stream cut by max_output_tokens with response.incomplete', () => {
    const context = responsesContext({ input: 'x', max_output_tokens: 5 });
    const chunk = (delta: unknown, finish: string | null = null) => ({
      data: JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] }),
    });
    const run = runStream(fromDeepSeek.stream(context, { includeUsage: true }), [chunk({ content: 'Hello wor' }), chunk({}, 'length')]);
    const events = responsesEvents(run.output);
    const last = events[events.length - 1] as unknown as { type: string; response: Record<string, unknown> };
    expect(last.type).toBe('response.incomplete');
    expect(last.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(accumulate(events).output[0]).toMatchObject({ status: 'incomplete', content: [{ text: 'Hello wor' }] });
  });

  it('reports an upstream failure mid-stream as an error event and response.failed, after the output so far', () => {
    const context = responsesContext({ input: 'x' });
    const run = runFixtureAllSplits('openai/error-mid-stream.chunks.txt', () => fromDeepSeek.stream(context, { includeUsage: true }));
    expect(run.error).toBeInstanceOf(GatewayError);
    const events = responsesEvents(run.output);
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'error',
      'response.failed',
    ]);
    const failed = events[events.length - 1] as unknown as { response: Record<string, unknown> };
    expect(failed.response).toMatchObject({ status: 'failed', error: { code: 'server_error', message: expect.any(String) } });
    expect(run.output).not.toContain('CANARY-7f3a');
    accumulate(events);
  });

  it('fails with rate_limit_exceeded or insufficient_quota codes Codex acts on', () => {
    const context = responsesContext({ input: 'x' });
    const limited = fromDeepSeek.stream(context, { includeUsage: true }).fail(new GatewayError(429, 'rate_limited', 'Slow down.'));
    expect(responsesEvents(limited).map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'error',
      'response.failed',
    ]);
    expect(limited).toContain('"code":"rate_limit_exceeded"');
    const broke = fromDeepSeek.stream(context, { includeUsage: true }).fail(new GatewayError(402, 'quota_exceeded', 'Budget spent.'));
    expect(broke).toContain('"code":"insufficient_quota"');
  });
});

describe('Responses API whole answers', () => {
  it('translates a non-streamed Claude answer with thinking and a tool call into the same items', () => {
    const context = responsesContext(CODEX_BODY, { stream: false });
    const { body, usage } = fromClaude.response(
      {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude',
        content: [
          { type: 'thinking', thinking: 'Hmm.', signature: 'sig-1' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: 10, cache_read_input_tokens: 4, cache_creation_input_tokens: 0, output_tokens: 20 },
      },
      context,
    );
    expect(body).toMatchObject({
      id: 'resp_req1',
      object: 'response',
      status: 'completed',
      output: [
        {
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'Hmm.' }],
          encrypted_content: expect.stringMatching(/^tollgate\.1\./),
        },
        { type: 'message', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}', status: 'completed' },
      ],
      usage: { input_tokens: 14, input_tokens_details: { cached_tokens: 4 }, output_tokens: 20, total_tokens: 34 },
    });
    expect(usage).toMatchObject({ inputTokens: 14, cacheReadTokens: 4, outputTokens: 20 });
  });
});
