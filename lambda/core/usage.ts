/**
 * Normalized token usage, the one shape every provider's usage is converted into (docs/PROTOCOLS.md §6.1).
 *
 * Unknown values stay undefined, never 0: a provider that does not report cache writes has not
 * reported zero cache writes.
 */
export interface NormalizedUsage {
  /** All prompt tokens, cached ones included (= uncached + cacheRead + cacheWrite). */
  readonly inputTokens?: number;
  /** Prompt tokens served from the provider's cache. */
  readonly cacheReadTokens?: number;
  /** Prompt tokens written to the provider's cache. */
  readonly cacheWriteTokens?: number;
  /** All completion tokens, reasoning included. */
  readonly outputTokens?: number;
  /** Completion tokens spent on reasoning / thinking. */
  readonly reasoningTokens?: number;
}

/** Prompt tokens billed at the base input price: all input minus cache reads and writes. */
export function uncachedInputTokens(usage: NormalizedUsage): number | undefined {
  if (usage.inputTokens === undefined) return undefined;
  return Math.max(0, usage.inputTokens - (usage.cacheReadTokens ?? 0) - (usage.cacheWriteTokens ?? 0));
}

/** Adds counts, keeping undefined where both sides are undefined. */
export function addUsage(a: NormalizedUsage, b: NormalizedUsage): NormalizedUsage {
  const sum = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  return {
    inputTokens: sum(a.inputTokens, b.inputTokens),
    cacheReadTokens: sum(a.cacheReadTokens, b.cacheReadTokens),
    cacheWriteTokens: sum(a.cacheWriteTokens, b.cacheWriteTokens),
    outputTokens: sum(a.outputTokens, b.outputTokens),
    reasoningTokens: sum(a.reasoningTokens, b.reasoningTokens),
  };
}
