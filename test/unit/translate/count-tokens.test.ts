import { estimateCountTokens, getCountTokensTranslator } from '../../../lambda/translate/count-tokens';
import { context } from './support/sse';

describe('count tokens across protocols', () => {
  it('Gemini countTokens → Anthropic count_tokens, with only the fields count_tokens accepts', () => {
    const translator = getCountTokensTranslator('gemini', 'anthropic')!;
    const body = {
      generateContentRequest: {
        model: 'models/claude-haiku-4-5',
        systemInstruction: { parts: [{ text: 'Sys' }] },
        contents: [{ role: 'user', parts: [{ text: 'Count me' }] }],
        tools: [{ functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object' } }] }],
        generationConfig: { maxOutputTokens: 10, temperature: 0.3 },
      },
    };
    expect(translator.request(body, context({ upstreamModel: 'claude-haiku-4-5' })).body).toEqual({
      model: 'claude-haiku-4-5',
      system: [{ type: 'text', text: 'Sys' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Count me' }] }],
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
    });
    expect(translator.request({ contents: [{ parts: [{ text: 'x' }] }] }, context({ upstreamModel: 'c' })).body).toEqual({
      model: 'c',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    });
    expect(translator.response({ input_tokens: 17 })).toEqual({ body: { totalTokens: 17 }, inputTokens: 17 });
    expect(() => translator.response({ tokens: 'x' })).toThrow(expect.objectContaining({ statusCode: 502 }));
    expect(() => translator.request({ contents: [], generateContentRequest: {} }, context())).toThrow(
      expect.objectContaining({ statusCode: 400, param: 'contents' }),
    );
  });

  it('Anthropic count_tokens → Gemini countTokens as a generateContentRequest', () => {
    const translator = getCountTokensTranslator('anthropic', 'gemini')!;
    const { body } = translator.request(
      { model: 'gemini-2.5-flash', system: 'Sys', messages: [{ role: 'user', content: 'Count me' }] },
      context({ upstreamModel: 'gemini-2.5-flash' }),
    );
    expect(body).toEqual({
      generateContentRequest: {
        model: 'models/gemini-2.5-flash',
        contents: [{ role: 'user', parts: [{ text: 'Count me' }] }],
        systemInstruction: { parts: [{ text: 'Sys' }] },
      },
    });
    expect(translator.response({ totalTokens: 9, promptTokensDetails: [] })).toEqual({ body: { input_tokens: 9 }, inputTokens: 9 });
  });

  it('passes same-protocol counts through, forwarding Anthropic version and beta headers', () => {
    const anthropic = getCountTokensTranslator('anthropic', 'anthropic')!;
    const body = { model: 'claude-x', messages: [{ role: 'user', content: 'hi' }], future_field: { a: 1 } };
    const headers = { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'token-counting-2024-11-01', 'x-api-key': 'caller-key' };
    expect(anthropic.request(body, { ...context({ upstreamModel: 'claude-up' }), clientHeaders: headers })).toEqual({
      body: { ...body, model: 'claude-up' },
      headers: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'token-counting-2024-11-01' },
    });
    expect(anthropic.response({ input_tokens: 5 })).toEqual({ body: { input_tokens: 5 }, inputTokens: 5 });
    expect(() => anthropic.response({})).toThrow(expect.objectContaining({ statusCode: 502 }));

    const gemini = getCountTokensTranslator('gemini', 'gemini')!;
    expect(gemini.request({ contents: [] }, context()).body).toEqual({ contents: [] });
    expect(gemini.response({ totalTokens: 3, cachedContentTokenCount: 1 })).toEqual({
      body: { totalTokens: 3, cachedContentTokenCount: 1 },
      inputTokens: 3,
    });
  });

  it('has no translator where the provider has no counting endpoint', () => {
    expect(getCountTokensTranslator('anthropic', 'openai')).toBeUndefined();
    expect(getCountTokensTranslator('gemini', 'openai')).toBeUndefined();
  });

  it('estimates high for providers without a counting endpoint: 3 bytes a token, images flat, never the base64 as text', () => {
    const text = 'x'.repeat(300);
    const anthropic = estimateCountTokens('anthropic', {
      model: 'deepseek-chat',
      system: 'abc',
      messages: [{ role: 'user', content: text }],
    });
    // system 1 + framing 4 + text 100
    expect(anthropic).toEqual({ body: { input_tokens: 105 }, inputTokens: 105 });

    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(300_000) } };
    const withImage = estimateCountTokens('anthropic', { model: 'deepseek-chat', messages: [{ role: 'user', content: [image] }] });
    expect(withImage.inputTokens).toBe(4 + 1600);

    // 100 CJK characters are 300 UTF-8 bytes: 100 tokens, above DeepSeek's documented 0.6 per character.
    const gemini = estimateCountTokens('gemini', { contents: [{ role: 'user', parts: [{ text: '字'.repeat(100) }] }] });
    expect(gemini).toEqual({ body: { totalTokens: 104 }, inputTokens: 104 });
    const wrapped = estimateCountTokens('gemini', {
      generateContentRequest: { model: 'models/deepseek-chat', contents: [{ parts: [{ text: '字'.repeat(100) }] }] },
    });
    expect(wrapped.inputTokens).toBe(104);

    const tools = estimateCountTokens('anthropic', {
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
    });
    expect(tools.inputTokens).toBeGreaterThan(5 + 4);
    expect(() => estimateCountTokens('anthropic', { model: 'deepseek-chat', messages: [] })).toThrow(
      expect.objectContaining({ statusCode: 400, param: 'messages' }),
    );
  });
});
