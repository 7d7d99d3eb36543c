import { uncachedInputTokens, type NormalizedUsage } from '../../core/usage';

/**
 * Normalized usage → Anthropic `usage` (docs/PROTOCOLS.md §6.1): `input_tokens` is the uncached part,
 * cache reads and writes are separate. Unreported counts are 0 on the wire (the fields are
 * numbers) and stay undefined in the metered usage.
 */
export function usageToAnthropic(usage: NormalizedUsage): Record<string, number> {
  return {
    input_tokens: uncachedInputTokens(usage) ?? 0,
    cache_creation_input_tokens: usage.cacheWriteTokens ?? 0,
    cache_read_input_tokens: usage.cacheReadTokens ?? 0,
    output_tokens: usage.outputTokens ?? 0,
  };
}
