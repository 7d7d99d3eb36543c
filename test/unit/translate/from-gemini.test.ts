import { getTranslator } from '../../../lambda/translate/translators';
import { clientEvents, context, fixtureJson, runFixtureAllSplits } from './support/sse';

/** Gemini callers (Gemini CLI, @google/genai) on OpenAI-compatible and Anthropic upstreams. */
const geminiRequest = {
  systemInstruction: { parts: [{ text: 'You are a CLI.' }] },
  contents: [
    { role: 'user', parts: [{ text: 'Divide 100 by 2' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR' } }] },
    {
      role: 'model',
      parts: [
        { text: 'Planning', thought: true },
        { text: ' more', thought: true, thoughtSignature: 'anthropic-sig' },
        { functionCall: { name: 'customDivide', args: { numerator: 100, denominator: 2 } }, thoughtSignature: 'gemini-sig' },
        { functionCall: { name: 'log', args: {} } },
      ],
    },
    {
      role: 'user',
      parts: [
        { functionResponse: { name: 'log', response: { ok: true } } },
        { functionResponse: { name: 'customDivide', response: { result: 50 } } },
      ],
    },
  ],
  tools: [
    {
      functionDeclarations: [
        {
          name: 'customDivide',
          description: 'Divides',
          parameters: { type: 'OBJECT', properties: { numerator: { type: 'NUMBER' } }, required: ['numerator'] },
        },
        { name: 'log', parametersJsonSchema: { type: 'object' } },
      ],
    },
  ],
  toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
  generationConfig: {
    temperature: 0.5,
    maxOutputTokens: 2048,
    stopSequences: ['END'],
    thinkingConfig: { thinkingBudget: 1500, includeThoughts: true },
  },
};

describe('gemini → openai', () => {
  const translator = getTranslator('gemini', 'openai');
  const deepSeek = context({ publicModel: 'deepseek-chat', upstreamModel: 'deepseek-chat', stream: false });

  it('mints call ids in order and matches functionResponses by name; thoughts go back as reasoning_content', () => {
    const { body } = translator.request(geminiRequest, deepSeek);
    expect(body).toEqual({
      model: 'deepseek-chat',
      messages: [
        { role: 'system', content: 'You are a CLI.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Divide 100 by 2' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'Planning more',
          tool_calls: [
            { id: 'call_1_2', type: 'function', function: { name: 'customDivide', arguments: '{"numerator":100,"denominator":2}' } },
            { id: 'call_1_3', type: 'function', function: { name: 'log', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1_3', content: '{"ok":true}' },
        { role: 'tool', tool_call_id: 'call_1_2', content: '{"result":50}' },
      ],
      max_tokens: 2048,
      temperature: 0.5,
      stop: ['END'],
      tools: [
        {
          type: 'function',
          function: {
            name: 'customDivide',
            description: 'Divides',
            parameters: { type: 'object', properties: { numerator: { type: 'number' } }, required: ['numerator'] },
          },
        },
        { type: 'function', function: { name: 'log', parameters: { type: 'object' } } },
      ],
      tool_choice: 'auto',
      thinking: { type: 'enabled' },
    });
  });

  it.each([
    [{ cachedContent: 'cachedContents/x' }, 'cachedContent'],
    [{ generationConfig: { candidateCount: 2 } }, 'generationConfig.candidateCount'],
    [{ generationConfig: { responseModalities: ['IMAGE'] } }, 'generationConfig.responseModalities'],
    [{ tools: [{ googleSearch: {} }] }, 'tools[0].googleSearch'],
    [
      { contents: [{ role: 'user', parts: [{ fileData: { fileUri: 'gs://b/f', mimeType: 'application/pdf' } }] }] },
      'contents[0].parts[0].fileData',
    ],
    [
      { contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'audio/wav', data: 'AA' } }] }] },
      'contents[0].parts[0].inlineData.mimeType',
    ],
    [{ contents: [{ role: 'model', parts: [{ executableCode: { code: 'x' } }] }] }, 'contents[0].parts[0].executableCode'],
    [
      { toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['a', 'b'] } } },
      'toolConfig.functionCallingConfig.allowedFunctionNames',
    ],
    [{ generationConfig: { thinkingConfig: { thinkingLevel: 'EXTREME' } } }, 'generationConfig.thinkingConfig.thinkingLevel'],
    [{ contents: [] }, 'contents'],
  ])('rejects %j with a 400 naming %s', (overrides, field) => {
    expect(() => translator.request({ contents: [{ role: 'user', parts: [{ text: 'x' }] }], ...overrides }, deepSeek)).toThrow(
      expect.objectContaining({ statusCode: 400, kind: 'invalid_request', param: field }),
    );
  });

  it('streams a DeepSeek tool call as Gemini events: text, then one whole functionCall, then finish + usage', () => {
    const run = runFixtureAllSplits('openai/deepseek-reasoner-tool.chunks.txt', () =>
      translator.stream(context({ publicModel: 'deepseek-reasoner' }), { includeUsage: true }),
    );
    const events = clientEvents(run.output).map((e) => e.data);
    const frame = (parts: unknown[], extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
      candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }],
      ...top,
      modelVersion: 'deepseek-reasoner',
      responseId: 'req1',
    });
    expect(events).toEqual([
      frame([{ text: 'The user wants ', thought: true }]),
      frame([{ text: '天気 in Zürich.', thought: true }]),
      frame([{ text: 'Checking…' }]),
      frame([{ functionCall: { id: 'call_00_abc', name: 'get_weather', args: { city: 'Zürich' } } }]),
      frame(
        [{ text: '' }],
        { finishReason: 'STOP' },
        {
          usageMetadata: {
            promptTokenCount: 120,
            cachedContentTokenCount: 64,
            candidatesTokenCount: 30,
            thoughtsTokenCount: 50,
            totalTokenCount: 200,
          },
        },
      ),
    ]);
  });

  it('renders a mid-stream error as a data-framed Gemini error', () => {
    const run = runFixtureAllSplits('openai/error-mid-stream.chunks.txt', () => translator.stream(context(), { includeUsage: true }));
    const events = clientEvents(run.output).map((e) => e.data);
    expect(events[events.length - 1]).toEqual({
      error: { code: 502, message: 'The upstream provider reported an error during the stream.', status: 'INTERNAL' },
    });
  });

  it('converts a non-streaming answer with usage', () => {
    const { body, usage } = translator.response(
      {
        choices: [{ message: { content: 'Fifty', reasoning_content: 'easy' }, finish_reason: 'length' }],
        usage: {
          prompt_tokens: 10,
          completion_tokens: 5,
          prompt_tokens_details: { cached_tokens: 4 },
          completion_tokens_details: { reasoning_tokens: 2 },
        },
      },
      deepSeek,
    );
    expect(body).toEqual({
      candidates: [
        { content: { role: 'model', parts: [{ text: 'easy', thought: true }, { text: 'Fifty' }] }, finishReason: 'MAX_TOKENS', index: 0 },
      ],
      usageMetadata: {
        promptTokenCount: 10,
        cachedContentTokenCount: 4,
        candidatesTokenCount: 3,
        thoughtsTokenCount: 2,
        totalTokenCount: 15,
      },
      modelVersion: 'deepseek-chat',
      responseId: 'req1',
    });
    expect(usage).toEqual({ inputTokens: 10, cacheReadTokens: 4, cacheWriteTokens: undefined, outputTokens: 5, reasoningTokens: 2 });
  });
});

describe('gemini → anthropic', () => {
  const translator = getTranslator('gemini', 'anthropic');
  const claude = context({ publicModel: 'claude-haiku-4-5', upstreamModel: 'claude-haiku-4-5', stream: true });

  it('sends thought parts with a signature back as thinking blocks, tool results first in the user turn', () => {
    const { body } = translator.request(geminiRequest, claude);
    expect(body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 2048,
      system: [{ type: 'text', text: 'You are a CLI.' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Divide 100 by 2' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Planning more', signature: 'anthropic-sig' },
            { type: 'tool_use', id: 'call_1_2', name: 'customDivide', input: { numerator: 100, denominator: 2 } },
            { type: 'tool_use', id: 'call_1_3', name: 'log', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1_3', content: [{ type: 'text', text: '{"ok":true}' }] },
            { type: 'tool_result', tool_use_id: 'call_1_2', content: [{ type: 'text', text: '{"result":50}' }] },
          ],
        },
      ],
      tools: [
        {
          name: 'customDivide',
          description: 'Divides',
          input_schema: { type: 'object', properties: { numerator: { type: 'number' } }, required: ['numerator'] },
        },
        { name: 'log', input_schema: { type: 'object' } },
      ],
      tool_choice: { type: 'auto' },
      stop_sequences: ['END'],
      thinking: { type: 'enabled', budget_tokens: 1500 },
      stream: true,
    });
  });

  it('streams Anthropic thinking (with its signature), text and a tool call as Gemini events', () => {
    const run = runFixtureAllSplits('anthropic/thinking-tool.chunks.txt', () => translator.stream(claude, { includeUsage: true }));
    const parts = clientEvents(run.output).map(
      (e) => (e.data as { candidates: Array<{ content: { parts: unknown[] }; finishReason?: string }> }).candidates[0],
    );
    expect(parts.map((candidate) => candidate.content.parts)).toEqual([
      [{ text: 'Überlegung 🤔: ', thought: true }],
      [{ text: '天気を調べる', thought: true }],
      [{ text: '', thought: true, thoughtSignature: 'EqQBCkYIBxgCKkBsig==' }],
      [{ text: 'Sure — checking ' }],
      [{ text: '東京 ☀️' }],
      [{ functionCall: { id: 'toolu_01KF', name: 'get_weather', args: { city: '東京', unit: 'celsius' } } }],
      [{ text: '' }],
    ]);
    expect(parts[parts.length - 1].finishReason).toBe('STOP');
    const last = clientEvents(run.output).pop()?.data as { usageMetadata: unknown };
    expect(last.usageMetadata).toEqual({
      promptTokenCount: 912,
      cachedContentTokenCount: 800,
      candidatesTokenCount: 47,
      totalTokenCount: 959,
    });
    expect(run.usage).toEqual({
      inputTokens: 912,
      cacheReadTokens: 800,
      cacheWriteTokens: 100,
      outputTokens: 47,
      reasoningTokens: undefined,
    });
  });

  it('converts a non-streaming Anthropic answer', () => {
    const { body } = translator.response(fixtureJson('anthropic/tool-use.json'), claude);
    expect(body).toMatchObject({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Need the weather.', thought: true, thoughtSignature: 'EqQBsig' },
              { text: 'Let me check.' },
              { functionCall: { id: 'toolu_01A', name: 'get_weather', args: { city: 'SF' } } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 100, cachedContentTokenCount: 70, candidatesTokenCount: 40, totalTokenCount: 140 },
    });
  });

  it('renders an Anthropic overload mid-stream as a Gemini UNAVAILABLE error', () => {
    const run = runFixtureAllSplits('anthropic/error-mid-stream.chunks.txt', () => translator.stream(claude, { includeUsage: true }));
    const events = clientEvents(run.output).map((e) => e.data);
    expect(events[events.length - 1]).toEqual({ error: { code: 503, message: expect.any(String), status: 'UNAVAILABLE' } });
  });
});
