import { z } from 'zod';
import type { NormalizedUsage } from '../../core/usage';

/**
 * Anthropic `usage` (docs/PROTOCOLS.md §2, §6.1). `input_tokens` excludes cache reads and cache writes;
 * total input = input + cache_creation + cache_read. `output_tokens` includes thinking.
 * In `message_delta` every field but `output_tokens` may be null or missing.
 * https://docs.anthropic.com/en/api/messages#response-usage
 */
export const anthropicUsageSchema = z
  .object({
    input_tokens: z.number().int().nonnegative().nullish(),
    output_tokens: z.number().int().nonnegative().nullish(),
    cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
    cache_read_input_tokens: z.number().int().nonnegative().nullish(),
    output_tokens_details: z.object({ thinking_tokens: z.number().int().nonnegative().nullish() }).loose().nullish(),
  })
  .loose();

export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

export function convertAnthropicUsage(usage: AnthropicUsage): NormalizedUsage {
  const uncached = usage.input_tokens ?? undefined;
  const cacheRead = usage.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage.cache_creation_input_tokens ?? undefined;
  return {
    inputTokens: uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: usage.output_tokens ?? undefined,
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? undefined,
  };
}

/**
 * Merges a streamed report into the usage so far: `message_delta` usage is cumulative, and fields
 * it leaves out (or sends as null) keep the `message_start` values.
 */
export function mergeAnthropicUsage(previous: AnthropicUsage, next: AnthropicUsage): AnthropicUsage {
  const merged: Record<string, unknown> = { ...previous };
  for (const [key, value] of Object.entries(next)) if (value !== null && value !== undefined) merged[key] = value;
  return merged;
}
