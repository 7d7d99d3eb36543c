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
  /**
   * The name as the caller sent it, echoed in the caller's own answer. Caller-chosen text: never
   * stored, logged or printed (`deepseek-<anything>` matches a pattern).
   */
  readonly publicName: string;
  /**
   * The name usage records, logs and the CLI show: the catalog entry that served the request — an
   * exact name the operator configured (built in, an Ark endpoint id, or added by the operator), or
   * the family pattern (`claude-sonnet-4-5-*`) for names matched by prefix. Never caller text.
   */
  readonly recordedName: string;
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

// Anthropic list prices per MTok, prompts up to 200K tokens. Cache writes use the 5-minute price
// (the default TTL; 1-hour writes cost 1.6x more and are under-billed until usage reports them apart).
const ANTHROPIC_SOURCE = 'platform.claude.com/docs/en/about-claude/pricing (model pricing table, 5m cache writes, checked 2026-11-27)';
const CLAUDE_OPUS_4_1_PRICES: ModelPrices = { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 };
const CLAUDE_OPUS_4_5_PRICES: ModelPrices = { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 };
const CLAUDE_SONNET_4_5_PRICES: ModelPrices = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
const CLAUDE_HAIKU_4_5_PRICES: ModelPrices = { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 };
// Google list prices per MTok, Standard tier, prompts up to 200K tokens. Gemini bills no cache
// writes: implicit caching is free to fill and explicit caches are created (and billed per hour of
// storage) outside the request, so cacheWrite is the input price, which is never applied because
// Gemini usage never reports cache writes.
const GEMINI_SOURCE = 'ai.google.dev/gemini-api/docs/pricing (Standard tier, <=200K prompt, checked 2026-11-27)';
const GEMINI_2_5_PRO_PRICES: ModelPrices = { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 1.25 };
const GEMINI_2_5_FLASH_PRICES: ModelPrices = { input: 0.3, output: 2.5, cacheRead: 0.03, cacheWrite: 0.3 };
const GEMINI_2_5_FLASH_LITE_PRICES: ModelPrices = { input: 0.1, output: 0.4, cacheRead: 0.01, cacheWrite: 0.1 };
const GEMINI_3_PRO_PRICES: ModelPrices = { input: 2, output: 12, cacheRead: 0.2, cacheWrite: 2 };

/**
 * The model catalog. Exact names win over patterns; among patterns the longest prefix wins.
 * Prices are list prices at the time of checking: an operator who negotiated others edits them here.
 */
export const CATALOG: readonly CatalogEntry[] = [
  {
    pattern: 'deepseek-chat',
    provider: 'deepseek',
    prices: DEEPSEEK_PRICES,
    pricesSource: DEEPSEEK_SOURCE,
    displayName: 'DeepSeek Chat (non-thinking)',
  },
  {
    pattern: 'deepseek-reasoner',
    provider: 'deepseek',
    prices: DEEPSEEK_PRICES,
    pricesSource: DEEPSEEK_SOURCE,
    displayName: 'DeepSeek Reasoner (thinking)',
  },
  { pattern: 'deepseek-*', provider: 'deepseek', prices: DEEPSEEK_PRICES, pricesSource: DEEPSEEK_SOURCE, displayName: 'DeepSeek models' },
  {
    pattern: 'doubao-seed-1-6-250615',
    provider: 'ark',
    prices: DOUBAO_SEED_1_6_PRICES,
    pricesSource: ARK_SOURCE,
    displayName: 'Doubao Seed 1.6',
  },
  {
    pattern: 'doubao-seed-1-6-flash-250615',
    provider: 'ark',
    prices: DOUBAO_SEED_1_6_FLASH_PRICES,
    pricesSource: ARK_SOURCE,
    displayName: 'Doubao Seed 1.6 Flash',
  },
  { pattern: 'doubao-*', provider: 'ark', prices: DOUBAO_SEED_1_6_PRICES, pricesSource: ARK_SOURCE, displayName: 'Doubao models' },
  // Ark inference endpoint ids (`ep-...`) are not matched by a pattern: they are caller-chosen text until the
  // operator lists them (TOLLGATE_ARK_ENDPOINT_IDS, `arkEndpointEntries`).
  // Claude: dated ids (claude-sonnet-4-5-20250929, as Claude Code sends them) match the family patterns.
  {
    pattern: 'claude-opus-4-1',
    provider: 'anthropic',
    prices: CLAUDE_OPUS_4_1_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Opus 4.1',
  },
  {
    pattern: 'claude-opus-4-5',
    provider: 'anthropic',
    prices: CLAUDE_OPUS_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Opus 4.5',
  },
  {
    pattern: 'claude-sonnet-4-5',
    provider: 'anthropic',
    prices: CLAUDE_SONNET_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Sonnet 4.5',
  },
  {
    pattern: 'claude-haiku-4-5',
    provider: 'anthropic',
    prices: CLAUDE_HAIKU_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Haiku 4.5',
  },
  {
    pattern: 'claude-opus-4-5-*',
    provider: 'anthropic',
    prices: CLAUDE_OPUS_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Opus 4.5 (dated ids)',
  },
  {
    pattern: 'claude-sonnet-4-5-*',
    provider: 'anthropic',
    prices: CLAUDE_SONNET_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Sonnet 4.5 (dated ids)',
  },
  {
    pattern: 'claude-haiku-4-5-*',
    provider: 'anthropic',
    prices: CLAUDE_HAIKU_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Haiku 4.5 (dated ids)',
  },
  {
    pattern: 'claude-opus-4-1*',
    provider: 'anthropic',
    prices: CLAUDE_OPUS_4_1_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Opus 4.1 (dated ids)',
  },
  {
    pattern: 'claude-opus-4-0*',
    provider: 'anthropic',
    prices: CLAUDE_OPUS_4_1_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Opus 4 (dated ids)',
  },
  {
    pattern: 'claude-opus-4-2*',
    provider: 'anthropic',
    prices: CLAUDE_OPUS_4_1_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Opus 4 (claude-opus-4-2025... ids)',
  },
  {
    pattern: 'claude-opus-*',
    provider: 'anthropic',
    prices: CLAUDE_OPUS_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Opus models (4.5 and later)',
  },
  {
    pattern: 'claude-sonnet-*',
    provider: 'anthropic',
    prices: CLAUDE_SONNET_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Sonnet models',
  },
  {
    pattern: 'claude-haiku-*',
    provider: 'anthropic',
    prices: CLAUDE_HAIKU_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude Haiku models',
  },
  {
    pattern: 'claude-*',
    provider: 'anthropic',
    prices: CLAUDE_SONNET_4_5_PRICES,
    pricesSource: ANTHROPIC_SOURCE,
    displayName: 'Claude models (priced as Sonnet unless listed)',
  },
  {
    pattern: 'gemini-2.5-pro',
    provider: 'gemini',
    prices: GEMINI_2_5_PRO_PRICES,
    pricesSource: GEMINI_SOURCE,
    displayName: 'Gemini 2.5 Pro',
  },
  {
    pattern: 'gemini-2.5-flash',
    provider: 'gemini',
    prices: GEMINI_2_5_FLASH_PRICES,
    pricesSource: GEMINI_SOURCE,
    displayName: 'Gemini 2.5 Flash',
  },
  {
    pattern: 'gemini-2.5-flash-lite',
    provider: 'gemini',
    prices: GEMINI_2_5_FLASH_LITE_PRICES,
    pricesSource: GEMINI_SOURCE,
    displayName: 'Gemini 2.5 Flash-Lite',
  },
  {
    pattern: 'gemini-2.5-flash-lite*',
    provider: 'gemini',
    prices: GEMINI_2_5_FLASH_LITE_PRICES,
    pricesSource: GEMINI_SOURCE,
    displayName: 'Gemini 2.5 Flash-Lite versions',
  },
  {
    pattern: 'gemini-2.5-flash*',
    provider: 'gemini',
    prices: GEMINI_2_5_FLASH_PRICES,
    pricesSource: GEMINI_SOURCE,
    displayName: 'Gemini 2.5 Flash versions',
  },
  {
    pattern: 'gemini-3*',
    provider: 'gemini',
    prices: GEMINI_3_PRO_PRICES,
    pricesSource: GEMINI_SOURCE,
    displayName: 'Gemini 3 models (priced as 3 Pro unless listed)',
  },
  {
    pattern: 'gemini-*',
    provider: 'gemini',
    prices: GEMINI_2_5_PRO_PRICES,
    pricesSource: GEMINI_SOURCE,
    displayName: 'Gemini models (priced as 2.5 Pro unless listed)',
  },
];

/** Ark inference endpoint ids as Ark issues them (`ep-20250101000000-abcde`). */
export const ARK_ENDPOINT_ID = /^ep-[A-Za-z0-9-]{1,64}$/;

/**
 * Catalog entries for the Ark inference endpoints the operator configured: an endpoint names a
 * deployment of any Ark model, priced as Doubao Seed 1.6. Only listed ids are served, so the name a
 * usage record keeps is always one the operator wrote.
 */
export function arkEndpointEntries(endpointIds: readonly string[]): CatalogEntry[] {
  return endpointIds.map((id) => {
    if (!ARK_ENDPOINT_ID.test(id)) throw new Error(`Ark endpoint ids look like ep-20250101000000-abcde; '${id}' does not.`);
    return {
      pattern: id,
      provider: 'ark',
      prices: DOUBAO_SEED_1_6_PRICES,
      pricesSource: ARK_SOURCE,
      displayName: 'Ark inference endpoint',
    };
  });
}

/** The built-in catalog plus what the operator configured (Ark endpoint ids). */
export function configuredCatalog(arkEndpointIds: readonly string[]): readonly CatalogEntry[] {
  return arkEndpointIds.length ? [...CATALOG, ...arkEndpointEntries(arkEndpointIds)] : CATALOG;
}

/** The model a requested name resolves to, or undefined when the catalog does not serve it. */
export function resolveModel(model: string, catalog: readonly CatalogEntry[] = CATALOG): ResolvedModel | undefined {
  const entry = findCatalogEntry(model, catalog);
  if (!entry) return undefined;
  return {
    publicName: model,
    recordedName: entry.pattern,
    upstreamModel: entry.upstreamModel ?? model,
    provider: entry.provider,
    prices: entry.prices,
  };
}

/** The catalog entry that serves a model name: the exact entry, else the pattern with the longest prefix. */
export function findCatalogEntry(model: string, catalog: readonly CatalogEntry[] = CATALOG): CatalogEntry | undefined {
  if (model.length === 0) return undefined;
  return (
    catalog.find((entry) => entry.pattern === model) ??
    catalog
      .filter((candidate) => candidate.pattern.endsWith('*') && model.startsWith(candidate.pattern.slice(0, -1)))
      .sort((a, b) => b.pattern.length - a.pattern.length)[0]
  );
}

/** The models that can be listed by name (patterns are not). */
export function listedModels(catalog: readonly CatalogEntry[] = CATALOG): readonly CatalogEntry[] {
  return catalog.filter((entry) => !entry.pattern.endsWith('*'));
}
