import { convertAnthropicUsage, mergeAnthropicUsage } from '../../../lambda/providers/anthropic/convert-usage';
import { convertGeminiUsage } from '../../../lambda/providers/gemini/convert-usage';

describe('Anthropic usage', () => {
  it('counts cache reads and writes into all input, keeping them apart', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 10,
        cache_read_input_tokens: 200,
        cache_creation_input_tokens: 30,
        output_tokens: 5,
        output_tokens_details: { thinking_tokens: 3 },
      }),
    ).toEqual({ inputTokens: 240, cacheReadTokens: 200, cacheWriteTokens: 30, outputTokens: 5, reasoningTokens: 3 });
  });

  it('keeps unreported counts undefined, never 0', () => {
    expect(convertAnthropicUsage({ output_tokens: 6, input_tokens: null, cache_read_input_tokens: null })).toEqual({
      inputTokens: undefined,
      cacheReadTokens: undefined,
      cacheWriteTokens: undefined,
      outputTokens: 6,
      reasoningTokens: undefined,
    });
  });

  it('lets message_delta’s cumulative counts replace message_start’s, and nulls keep the earlier value', () => {
    const start = { input_tokens: 11, cache_read_input_tokens: 4, output_tokens: 1 };
    expect(mergeAnthropicUsage(start, { output_tokens: 30, input_tokens: null })).toEqual({
      input_tokens: 11,
      cache_read_input_tokens: 4,
      output_tokens: 30,
    });
  });
});

describe('Gemini usage', () => {
  it('adds tool-use prompt tokens to input and thoughts to output', () => {
    expect(
      convertGeminiUsage({
        promptTokenCount: 100,
        cachedContentTokenCount: 60,
        toolUsePromptTokenCount: 7,
        candidatesTokenCount: 20,
        thoughtsTokenCount: 15,
        totalTokenCount: 142,
      }),
    ).toEqual({ inputTokens: 107, cacheReadTokens: 60, outputTokens: 35, reasoningTokens: 15 });
  });

  it('keeps a partial early report partial', () => {
    expect(convertGeminiUsage({ promptTokenCount: 8, totalTokenCount: 8 })).toEqual({
      inputTokens: 8,
      cacheReadTokens: undefined,
      outputTokens: undefined,
      reasoningTokens: undefined,
    });
  });
});
