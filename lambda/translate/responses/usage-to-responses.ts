import type { NormalizedUsage } from '../../core/usage';

/**
 * Normalized usage → Responses `usage`: `input_tokens` is all input (cache reads and writes
 * included) with the cache reads in `input_tokens_details.cached_tokens`; `output_tokens` includes
 * reasoning, counted in `output_tokens_details.reasoning_tokens`. Every field is required on the
 * wire (Codex fails on a `response.completed` whose usage lacks one), so an unreported count is
 * sent as 0 while the metered usage keeps it undefined.
 */
export function usageToResponses(usage: NormalizedUsage): Record<string, unknown> {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}
