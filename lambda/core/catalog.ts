import type { ProviderId } from './providers';

/** Prices in USD per million tokens. */
export interface ModelPrices {
  /** Uncached prompt tokens. */
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  /** Tokens written to the cache (Anthropic charges extra; providers without explicit cache writes use the input price). */
  readonly cacheWrite: number;
}

export interface CatalogEntry {
  /** The public model name, or a prefix pattern ending in `*` (e.g. `ep-*`). */
  readonly pattern: string;
  readonly provider: ProviderId;
  /** The upstream model id; defaults to the requested name. */
  readonly upstreamModel?: string;
  readonly prices: ModelPrices;
  /** Where the prices come from, and when they were checked. */
  readonly pricesSource: string;
  /** Shown in `GET /v1/models`; patterns are not listed. */
  readonly displayName: string;
}

/** The model a request resolved to. */
export interface ResolvedModel {
  readonly publicName: string;
  readonly upstreamModel: string;
  readonly provider: ProviderId;
  readonly prices: ModelPrices;
}

const DEEPSEEK_SOURCE = 'api-docs.deepseek.com/quick_start/pricing (V3.2 prices, checked 2026-11-27)';
// Volcano Ark publishes CNY prices per input-length tier; the <=32K tier is used, converted at 7.1 CNY/USD.
const ARK_SOURCE = 'volcengine.com/docs/82379 model pricing, <=32K input tier, CNY converted at 7.1/USD (checked 2026-11-27)';

const DEEPSEEK_PRICES: ModelPrices = { input: 0.28, output: 0.42, cacheRead: 0.028, cacheWrite: 0.28 };
const DOUBAO_SEED_1_6_PRICES: ModelPrices = { input: 0.1127, output: 1.1268, cacheRead: 0.0225, cacheWrite: 0.1127 };
const DOUBAO_SEED_1_6_FLASH_PRICES: ModelPrices = { input: 0.0211, output: 0.2113, cacheRead: 0.0042, cacheWrite: 0.0211 };

/**
 * The model catalog. Exact names win over patterns; among patterns the longest prefix wins.
 * Prices are list prices at the time of checking: an operator who negotiated others edits them here.
 */
export const CATALOG: readonly CatalogEntry[] = [
  { pattern: 'deepseek-chat', provider: 'deepseek', prices: DEEPSEEK_PRICES, pricesSource: DEEPSEEK_SOURCE, displayName: 'DeepSeek Chat (non-thinking)' },
  { pattern: 'deepseek-reasoner', provider: 'deepseek', prices: DEEPSEEK_PRICES, pricesSource: DEEPSEEK_SOURCE, displayName: 'DeepSeek Reasoner (thinking)' },
  { pattern: 'deepseek-*', provider: 'deepseek', prices: DEEPSEEK_PRICES, pricesSource: DEEPSEEK_SOURCE, displayName: 'DeepSeek models' },
  { pattern: 'doubao-seed-1-6-250615', provider: 'ark', prices: DOUBAO_SEED_1_6_PRICES, pricesSource: ARK_SOURCE, displayName: 'Doubao Seed 1.6' },
  { pattern: 'doubao-seed-1-6-flash-250615', provider: 'ark', prices: DOUBAO_SEED_1_6_FLASH_PRICES, pricesSource: ARK_SOURCE, displayName: 'Doubao Seed 1.6 Flash' },
  { pattern: 'doubao-*', provider: 'ark', prices: DOUBAO_SEED_1_6_PRICES, pricesSource: ARK_SOURCE, displayName: 'Doubao models' },
  // An inference endpoint id names a deployment of any Ark model; priced as Seed 1.6 unless listed by exact id.
  { pattern: 'ep-*', provider: 'ark', prices: DOUBAO_SEED_1_6_PRICES, pricesSource: ARK_SOURCE, displayName: 'Ark inference endpoints' },
];

/** Finds the catalog entry for a requested model name, or undefined. */
export function resolveModel(model: string, catalog: readonly CatalogEntry[] = CATALOG): ResolvedModel | undefined {
  const exact = catalog.find((entry) => entry.pattern === model);
  const entry =
    exact ??
    catalog
      .filter((candidate) => candidate.pattern.endsWith('*') && model.startsWith(candidate.pattern.slice(0, -1)))
      .sort((a, b) => b.pattern.length - a.pattern.length)[0];
  if (!entry || model.length === 0) return undefined;
  return { publicName: model, upstreamModel: entry.upstreamModel ?? model, provider: entry.provider, prices: entry.prices };
}

/** The models that can be listed by name (patterns are not). */
export function listedModels(catalog: readonly CatalogEntry[] = CATALOG): readonly CatalogEntry[] {
  return catalog.filter((entry) => !entry.pattern.endsWith('*'));
}
