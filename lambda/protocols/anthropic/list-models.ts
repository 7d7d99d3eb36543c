import { listedModels, type CatalogEntry } from '../../core/catalog';

/** The catalog has no release dates; every model reports this one. */
const CATALOG_CREATED_AT = '2025-01-01T00:00:00Z';

export interface AnthropicModelList {
  readonly data: ReadonlyArray<{ readonly type: 'model'; readonly id: string; readonly display_name: string; readonly created_at: string }>;
  readonly has_more: false;
  readonly first_id: string | null;
  readonly last_id: string | null;
}

/**
 * `GET /v1/models` for Anthropic callers (those that send `anthropic-version`), one page with
 * every listed catalog model. https://docs.anthropic.com/en/api/models-list
 */
export function anthropicModelList(catalog: readonly CatalogEntry[] = listedModels()): AnthropicModelList {
  const data = catalog.map((entry) => ({
    type: 'model' as const,
    id: entry.pattern,
    display_name: entry.displayName,
    created_at: CATALOG_CREATED_AT,
  }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}
