import type { NormalizedUsage } from '../../core/usage';

/**
 * Normalized usage → OpenAI `usage` (docs/PROTOCOLS.md §6.1): `prompt_tokens` is all input (cache reads
 * and writes included), `cached_tokens` the cache reads, `completion_tokens` includes reasoning.
 * A count the upstream did not report is sent as 0 on the wire (the field is required) but stays
 * undefined in the metered usage.
 */
export function usageToOpenAi(usage: NormalizedUsage): Record<string, unknown> {
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  const result: Record<string, unknown> = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
  if (usage.cacheWriteTokens !== undefined) {
    (result.prompt_tokens_details as Record<string, number>).cache_write_tokens = usage.cacheWriteTokens;
  }
  return result;
}
