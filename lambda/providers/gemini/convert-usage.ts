import { z } from 'zod';
import type { NormalizedUsage } from '../../core/usage';

/**
 * Gemini `usageMetadata` (docs/PROTOCOLS.md §3, §6.1). `promptTokenCount` includes
 * `cachedContentTokenCount`; tool-use prompt tokens are billed as input too. `candidatesTokenCount`
 * excludes thoughts, so output = candidates + thoughts. Gemini has no cache-write count (explicit
 * caches are created by a separate API call), so cache writes stay unknown.
 * https://ai.google.dev/api/generate-content#UsageMetadata
 */
export const geminiUsageSchema = z
  .object({
    promptTokenCount: z.number().int().nonnegative().optional(),
    cachedContentTokenCount: z.number().int().nonnegative().optional(),
    toolUsePromptTokenCount: z.number().int().nonnegative().optional(),
    candidatesTokenCount: z.number().int().nonnegative().optional(),
    thoughtsTokenCount: z.number().int().nonnegative().optional(),
    totalTokenCount: z.number().int().nonnegative().optional(),
  })
  .loose();

export type GeminiUsage = z.infer<typeof geminiUsageSchema>;

export function convertGeminiUsage(usage: GeminiUsage): NormalizedUsage {
  const prompt = usage.promptTokenCount;
  const output =
    usage.candidatesTokenCount === undefined && usage.thoughtsTokenCount === undefined
      ? undefined
      : (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
  return {
    inputTokens: prompt === undefined ? undefined : prompt + (usage.toolUsePromptTokenCount ?? 0),
    cacheReadTokens: usage.cachedContentTokenCount,
    outputTokens: output,
    reasoningTokens: usage.thoughtsTokenCount,
  };
}
