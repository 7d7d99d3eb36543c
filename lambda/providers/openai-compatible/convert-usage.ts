import { z } from 'zod';
import type { NormalizedUsage } from '../../core/usage';

/**
 * Usage as OpenAI-compatible providers report it (docs/PROTOCOLS.md §1, §4, §5, §6.1).
 * - OpenAI / Ark: `prompt_tokens` includes `prompt_tokens_details.cached_tokens`.
 * - DeepSeek: `prompt_tokens` = `prompt_cache_hit_tokens` + `prompt_cache_miss_tokens`; newer
 *   answers also carry `prompt_tokens_details.cached_tokens` with the same hit count.
 * - `completion_tokens` includes `completion_tokens_details.reasoning_tokens` everywhere.
 * - OpenAI's newer `cache_write_tokens` is taken to be inside `prompt_tokens` (UNCONFIRMED upstream).
 */
export const openAiCompatibleUsageSchema = z
  .object({
    prompt_tokens: z.number().int().nonnegative().optional(),
    completion_tokens: z.number().int().nonnegative().optional(),
    total_tokens: z.number().int().nonnegative().optional(),
    prompt_cache_hit_tokens: z.number().int().nonnegative().optional(),
    prompt_cache_miss_tokens: z.number().int().nonnegative().optional(),
    prompt_tokens_details: z
      .object({
        cached_tokens: z.number().int().nonnegative().nullish(),
        cache_write_tokens: z.number().int().nonnegative().nullish(),
      })
      .loose()
      .nullish(),
    completion_tokens_details: z.object({ reasoning_tokens: z.number().int().nonnegative().nullish() }).loose().nullish(),
  })
  .loose();

export type OpenAiCompatibleUsage = z.infer<typeof openAiCompatibleUsageSchema>;

export function convertOpenAiCompatibleUsage(usage: OpenAiCompatibleUsage): NormalizedUsage {
  const cacheRead = usage.prompt_cache_hit_tokens ?? usage.prompt_tokens_details?.cached_tokens ?? undefined;
  const inputTokens =
    usage.prompt_tokens ??
    (usage.prompt_cache_hit_tokens !== undefined && usage.prompt_cache_miss_tokens !== undefined
      ? usage.prompt_cache_hit_tokens + usage.prompt_cache_miss_tokens
      : undefined);
  return {
    inputTokens,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: usage.prompt_tokens_details?.cache_write_tokens ?? undefined,
    outputTokens: usage.completion_tokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? undefined,
  };
}
