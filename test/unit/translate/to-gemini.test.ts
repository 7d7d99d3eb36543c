import { signatureFromToolCallId } from '../../../lambda/translate/gemini/tool-call-id';
import { getTranslator } from '../../../lambda/translate/translators';
import { clientEvents, context, fixtureJson, runFixtureAllSplits } from './support/sse';

/** OpenAI and Anthropic callers on a Gemini upstream. */
const geminiContext = context({ publicModel: 'gemini-2.5-flash', upstreamModel: 'gemini-2.5-flash' });
const signedId = 'call_req1_0__ts_' + Buffer.from('CiQB+/sig==').toString('base64url');

describe('openai → gemini', () => {
  const translator = getTranslator('openai', 'gemini');

  it('builds contents, systemInstruction, tools, toolConfig and generationConfig', () => {
    const { body } = translator.request(
      {
        model: 'gemini-2.5-flash',
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Divide' },
              { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } },
            ],
          },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: signedId, type: 'function', function: { name: 'customDivide', arguments: '{"numerator":100}' } },
              { id: 'call_json', type: 'function', function: { name: 'status', arguments: '' } },
            ],
          },
          { role: 'tool', tool_call_id: signedId, content: '50' },
          { role: 'tool', tool_call_id: 'call_json', content: '{"ok":true}' },
        ],
        tools: [
          {
            type: 'function',
            function: { name: 'customDivide', parameters: { type: 'object', properties: { numerator: { type: 'number' } } } },
          },
        ],
        tool_choice: 'required',
        max_tokens: 256,
        temperature: 1.5,
        top_p: 0.9,
        stop: ['x'],
        seed: 7,
        response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object' } } },
        reasoning_effort: 'low',
      },
      geminiContext,
    );
    expect(body).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Divide' }, { inlineData: { mimeType: 'image/jpeg', data: '/9j/' } }] },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'customDivide', args: { numerator: 100 } }, thoughtSignature: 'CiQB+/sig==' },
            { functionCall: { name: 'status', args: {} } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'customDivide', response: { result: '50' } } },
            { functionResponse: { name: 'status', response: { ok: true } } },
          ],
        },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      tools: [
        {
          functionDeclarations: [
            { name: 'customDivide', parametersJsonSchema: { type: 'object', properties: { numerator: { type: 'number' } } } },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
      generationConfig: {
        maxOutputTokens: 256,
        temperature: 1.5,
        topP: 0.9,
        stopSequences: ['x'],
        seed: 7,
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object' },
        thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
      },
    });
  });

  it('names the tool result whose call cannot be found, and image URLs Gemini cannot fetch', () => {
    expect(() =>
      translator.request(
        {
          model: 'g',
          messages: [
            { role: 'user', content: 'x' },
            { role: 'tool', tool_call_id: 'unknown', content: 'r' },
          ],
        },
        geminiContext,
      ),
    ).toThrow(expect.objectContaining({ statusCode: 400, param: 'messages[1].content[0].tool_use_id' }));
    expect(() =>
      translator.request(
        { model: 'g', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] },
        geminiContext,
      ),
    ).toThrow(expect.objectContaining({ statusCode: 400, param: 'messages[0].content[0]' }));
  });

  it('gives calls Gemini did not make the placeholder signature on Gemini 3 only, keeping real signatures', () => {
    const messages = [
      { role: 'user', content: 'x' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'toolu_claude', type: 'function', function: { name: 'f', arguments: '{}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'f', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_claude', content: 'a' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'b' },
      { role: 'assistant', content: null, tool_calls: [{ id: signedId, type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: signedId, content: 'c' },
    ];
    const modelParts = (upstreamModel: string) =>
      (
        translator.request({ model: 'g', messages }, { ...geminiContext, upstreamModel }).body as {
          contents: Array<{ role: string; parts: unknown[] }>;
        }
      ).contents
        .filter((content) => content.role === 'model')
        .map((content) => content.parts);
    expect(modelParts('gemini-3-pro-preview')).toEqual([
      [
        { functionCall: { name: 'f', args: {} }, thoughtSignature: 'skip_thought_signature_validator' },
        { functionCall: { name: 'f', args: {} } },
      ],
      [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'CiQB+/sig==' }],
    ]);
    expect(modelParts('gemini-2.5-flash')[0]).toEqual([
      { functionCall: { name: 'f', args: {} } },
      { functionCall: { name: 'f', args: {} } },
    ]);
  });

  it('uses thinkingLevel on Gemini 3', () => {
    const { body } = translator.request(
      { model: 'g', messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'high' },
      { ...geminiContext, upstreamModel: 'gemini-3-pro-preview' },
    );
    expect(body).toMatchObject({ generationConfig: { thinkingConfig: { thinkingLevel: 'HIGH', includeThoughts: true } } });
  });

  it('streams thoughts as reasoning_content and takes the last usageMetadata (CRLF events, cut anywhere)', () => {
    const run = runFixtureAllSplits('gemini/thinking-text.chunks.txt', () => translator.stream(geminiContext, { includeUsage: true }));
    const deltas = clientEvents(run.output).map((e) =>
      e.data === '[DONE]'
        ? '[DONE]'
        : ((e.data as { choices: Array<{ delta: unknown; finish_reason: unknown }> }).choices[0] ?? (e.data as { usage: unknown }).usage),
    );
    expect(deltas).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { reasoning_content: '**Planning** the answer ✨' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'Der Himmel ist ' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'blau. 空は青い。' }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' },
      {
        prompt_tokens: 1200,
        completion_tokens: 40,
        total_tokens: 1240,
        prompt_tokens_details: { cached_tokens: 1000 },
        completion_tokens_details: { reasoning_tokens: 31 },
      },
      '[DONE]',
    ]);
    expect(run.usage).toEqual({ inputTokens: 1200, cacheReadTokens: 1000, outputTokens: 40, reasoningTokens: 31 });
  });

  it('emits each whole functionCall as one tool call with a minted id carrying its thoughtSignature', () => {
    const run = runFixtureAllSplits('gemini/function-call-signature.chunks.txt', () =>
      translator.stream(geminiContext, { includeUsage: false }),
    );
    const choices = clientEvents(run.output).flatMap((e) =>
      e.data === '[DONE]' ? [] : (e.data as { choices: Array<{ delta: Record<string, unknown>; finish_reason: unknown }> }).choices,
    );
    expect(choices.map((choice) => choice.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Let me divide.' },
      { tool_calls: [{ index: 0, id: signedId, type: 'function', function: { name: 'customDivide', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"numerator":100,"denominator":2}' } }] },
      { tool_calls: [{ index: 1, id: 'call_req1_1', type: 'function', function: { name: 'customRound', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{"digits":0}' } }] },
      {},
    ]);
    expect(choices[choices.length - 1].finish_reason).toBe('tool_calls');
    expect(signatureFromToolCallId(signedId)).toBe('CiQB+/sig==');
    expect(run.usage).toEqual({ inputTokens: 293, cacheReadTokens: undefined, outputTokens: 122, reasoningTokens: 102 });
  });

  it('ends a prompt blocked by promptFeedback as content_filter with no content', () => {
    const run = runFixtureAllSplits('gemini/prompt-blocked.chunks.txt', () => translator.stream(geminiContext, { includeUsage: false }));
    const choices = clientEvents(run.output).flatMap((e) =>
      e.data === '[DONE]' ? [] : (e.data as { choices: Array<{ finish_reason: unknown }> }).choices,
    );
    expect(choices.map((choice) => choice.finish_reason)).toEqual([null, 'content_filter']);
    const blocked = translator.response(
      { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 7 } },
      geminiContext,
    );
    expect(blocked.body).toMatchObject({ choices: [{ message: { content: '' }, finish_reason: 'content_filter' }] });
  });

  it('turns a bare mid-stream error object into an OpenAI error frame', () => {
    const run = runFixtureAllSplits('gemini/error-mid-stream.chunks.txt', () => translator.stream(geminiContext, { includeUsage: true }));
    expect(run.error).toMatchObject({ statusCode: 503, kind: 'overloaded' });
    const events = clientEvents(run.output);
    expect(events[events.length - 1]).toEqual({ data: { error: expect.objectContaining({ type: 'server_error', code: 'overloaded' }) } });
    expect(run.output).not.toContain('CANARY');
  });

  it('converts a non-streaming functionCall answer', () => {
    const { body, usage } = translator.response(fixtureJson('gemini/function-call.json'), geminiContext);
    expect(body).toMatchObject({
      choices: [
        {
          message: {
            content: null,
            reasoning_content: 'Thinking about division',
            tool_calls: [
              {
                id: 'call_req1_0__ts_' + Buffer.from('CiQBsig').toString('base64url'),
                type: 'function',
                function: { name: 'customDivide', arguments: '{"numerator":100,"denominator":2}' },
              },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 293,
        completion_tokens: 122,
        prompt_tokens_details: { cached_tokens: 200 },
        completion_tokens_details: { reasoning_tokens: 102 },
      },
    });
    expect(usage).toEqual({ inputTokens: 293, cacheReadTokens: 200, outputTokens: 122, reasoningTokens: 102 });
  });

  it.each([
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'stop'],
    ['OTHER', 'stop'],
  ])('maps finishReason %s to %s', (finishReason, expected) => {
    const { body } = translator.response({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason }] }, geminiContext);
    expect(body).toMatchObject({ choices: [{ finish_reason: expected }] });
  });
});

describe('anthropic → gemini', () => {
  const translator = getTranslator('anthropic', 'gemini');

  it('echoes the thoughtSignature carried in a tool_use id and names the functionResponse from the call', () => {
    const { body } = translator.request(
      {
        model: 'gemini-2.5-flash',
        max_tokens: 1000,
        system: 'Sys',
        thinking: { type: 'enabled', budget_tokens: 2048 },
        messages: [
          { role: 'user', content: 'Divide' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Gemini thoughts', signature: '' },
              { type: 'tool_use', id: signedId, name: 'customDivide', input: { numerator: 100 } },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: signedId, content: 'error: zero', is_error: true }] },
        ],
        tools: [{ name: 'customDivide', input_schema: { type: 'object' } }],
        tool_choice: { type: 'tool', name: 'customDivide' },
        top_k: 40,
      },
      geminiContext,
    );
    expect(body).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Divide' }] },
        { role: 'model', parts: [{ functionCall: { name: 'customDivide', args: { numerator: 100 } }, thoughtSignature: 'CiQB+/sig==' }] },
        { role: 'user', parts: [{ functionResponse: { name: 'customDivide', response: { error: 'error: zero' } } }] },
      ],
      systemInstruction: { parts: [{ text: 'Sys' }] },
      tools: [{ functionDeclarations: [{ name: 'customDivide', parametersJsonSchema: { type: 'object' } }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['customDivide'] } },
      generationConfig: { maxOutputTokens: 1000, topK: 40, thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } },
    });
  });

  it('streams Gemini thoughts, text and calls as Anthropic blocks with usage in the final message_delta', () => {
    const run = runFixtureAllSplits('gemini/function-call-signature.chunks.txt', () =>
      translator.stream(geminiContext, { includeUsage: true }),
    );
    const events = clientEvents(run.output).map((e) => e.data as Record<string, unknown>);
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[4]).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: signedId, name: 'customDivide', input: {} },
    });
    expect(events[5]).toEqual({
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '{"numerator":100,"denominator":2}' },
    });
    expect(events[10]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 293, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 122 },
    });
  });

  it('puts Gemini cache reads in cache_read_input_tokens and the rest in input_tokens', () => {
    const run = runFixtureAllSplits('gemini/thinking-text.chunks.txt', () => translator.stream(geminiContext, { includeUsage: true }));
    const events = clientEvents(run.output).map((e) => e.data as Record<string, unknown>);
    expect(events[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
    expect(events.find((e) => e.type === 'message_delta')).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 200, cache_creation_input_tokens: 0, cache_read_input_tokens: 1000, output_tokens: 40 },
    });
  });

  it('renders a mid-stream Gemini overload as an Anthropic 529 overloaded_error event', () => {
    const run = runFixtureAllSplits('gemini/error-mid-stream.chunks.txt', () => translator.stream(geminiContext, { includeUsage: true }));
    const events = clientEvents(run.output);
    expect(events[events.length - 1]).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'overloaded_error', message: expect.any(String) } },
    });
  });
});
