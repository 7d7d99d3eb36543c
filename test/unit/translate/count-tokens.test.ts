import { getCountTokensTranslator } from '../../../lambda/translate/count-tokens';
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
    expect(() => translator.request({ contents: [], generateContentRequest: {} }, context())).toThrow(expect.objectContaining({ statusCode: 400, param: 'contents' }));
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

  it('has no translator where one side has no counting endpoint', () => {
    expect(getCountTokensTranslator('anthropic', 'openai')).toBeUndefined();
    expect(getCountTokensTranslator('gemini', 'openai')).toBeUndefined();
  });
});
