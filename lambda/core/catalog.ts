import { ARK_SOURCE, BUILT_IN_CATALOG, DOUBAO_SEED_1_6_PRICES } from '../catalog/built-in-catalog';
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
  /** The provider retires (or retired) this model: answers carry a notice (`lambda/catalog/deprecation.ts`). */
  readonly deprecation?: ModelDeprecation;
}

export interface ModelDeprecation {
  /** The provider's end-of-life date, `YYYY-MM-DD` (UTC). */
  readonly endOfLife: string;
  /** The model the provider names as its replacement. */
  readonly successor?: string;
  /** Where the date comes from. */
  readonly source: string;
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
  readonly deprecation?: ModelDeprecation;
}

/**
 * The built-in catalog (`lambda/catalog/built-in-catalog.ts`); the gateway serves it merged with the
 * operator's document (`lambda/catalog/`).
 */
export const CATALOG: readonly CatalogEntry[] = BUILT_IN_CATALOG;

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
    ...(entry.deprecation ? { deprecation: entry.deprecation } : {}),
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
