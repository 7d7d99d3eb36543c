import { CATALOG, findCatalogEntry, listedModels, type CatalogEntry } from '../core/catalog';
import { modelNotFound } from '../core/errors';
import type { Protocol } from '../core/providers';
import { anthropicModelList } from '../protocols/anthropic/list-models';
import { geminiModelList } from '../protocols/gemini/list-models';

/** Fixed `created` time for catalog entries (the catalog has no release dates). */
const CATALOG_CREATED = 1_735_689_600; // 2025-01-01

function openAiModelList(entries: readonly CatalogEntry[]) {
  return {
    object: 'list',
    data: entries.map((entry) => ({ id: entry.pattern, object: 'model', created: CATALOG_CREATED, owned_by: entry.provider })),
  };
}

/** `GET /v1/models` (or Gemini's `GET /v1beta/models`) in the caller's format. */
export function renderModelList(protocol: Protocol, catalog: readonly CatalogEntry[] = CATALOG): string {
  const listed = listedModels(catalog);
  switch (protocol) {
    case 'anthropic':
      return JSON.stringify(anthropicModelList(listed));
    case 'gemini':
      return JSON.stringify(geminiModelList(listed));
    case 'openai':
      return JSON.stringify(openAiModelList(listed));
  }
}

/**
 * `GET /v1/models/{id}` (or `GET /v1beta/models/{model}`): one model in the caller's format. A name
 * matched by a catalog pattern (e.g. a dated Claude id) is described by its pattern's entry.
 */
export function renderModel(protocol: Protocol, requested: string, catalog: readonly CatalogEntry[] = CATALOG): string {
  const name = protocol === 'gemini' ? requested.replace(/^models\//, '') : requested;
  const entry = findCatalogEntry(name, catalog);
  if (!entry) throw modelNotFound();
  const described: CatalogEntry = { ...entry, pattern: name };
  switch (protocol) {
    case 'anthropic':
      return JSON.stringify(anthropicModelList([described]).data[0]);
    case 'gemini':
      return JSON.stringify(geminiModelList([described]).models[0]);
    case 'openai':
      return JSON.stringify(openAiModelList([described]).data[0]);
  }
}
