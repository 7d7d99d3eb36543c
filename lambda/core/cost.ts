import type { ModelPrices } from './catalog';
import { uncachedInputTokens, type NormalizedUsage } from './usage';

/**
 * The cost of one request in USD: uncached input, cache reads, cache writes and output each at
 * their own price. Reasoning tokens are part of the output and priced as output.
 * Unknown counts cost nothing (the record keeps them undefined, so the gap stays visible).
 */
export function costUsd(usage: NormalizedUsage, prices: ModelPrices): number {
  const perToken = (tokens: number | undefined, pricePerMillion: number) => ((tokens ?? 0) * pricePerMillion) / 1_000_000;
  const total =
    perToken(uncachedInputTokens(usage), prices.input) +
    perToken(usage.cacheReadTokens, prices.cacheRead) +
    perToken(usage.cacheWriteTokens, prices.cacheWrite) +
    perToken(usage.outputTokens, prices.output);
  // Nano-dollar precision keeps sums exact enough for statements without float noise.
  return Math.round(total * 1e9) / 1e9;
}
