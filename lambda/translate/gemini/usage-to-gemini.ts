import type { NormalizedUsage } from '../../core/usage';

/**
 * Normalized usage → Gemini `usageMetadata` (docs/PROTOCOLS.md §6.1): `promptTokenCount` is all input
 * (cache writes included, Gemini has no field for them), `cachedContentTokenCount` the cache
 * reads, `candidatesTokenCount` the output without reasoning, `thoughtsTokenCount` the reasoning.
 * Counts the upstream did not report are left out.
 */
export function usageToGemini(usage: NormalizedUsage): Record<string, number> {
  const result: Record<string, number> = {};
  if (usage.inputTokens !== undefined) result.promptTokenCount = usage.inputTokens;
  if (usage.cacheReadTokens) result.cachedContentTokenCount = usage.cacheReadTokens;
  if (usage.outputTokens !== undefined) result.candidatesTokenCount = Math.max(0, usage.outputTokens - (usage.reasoningTokens ?? 0));
  if (usage.reasoningTokens) result.thoughtsTokenCount = usage.reasoningTokens;
  result.totalTokenCount = (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
  return result;
}
