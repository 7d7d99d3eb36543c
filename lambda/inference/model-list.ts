import { listedModels } from '../core/catalog';
import type { Protocol } from '../core/providers';
import { anthropicModelList } from '../protocols/anthropic/list-models';
import { geminiModelList } from '../protocols/gemini/list-models';

/** Fixed `created` time for catalog entries (the catalog has no release dates). */
const CATALOG_CREATED = 1_735_689_600; // 2025-01-01

/** `GET /v1/models` (or Gemini's `GET /v1beta/models`) in the caller's format. */
export function renderModelList(protocol: Protocol): string {
  switch (protocol) {
    case 'anthropic':
      return JSON.stringify(anthropicModelList());
    case 'gemini':
      return JSON.stringify(geminiModelList());
    case 'openai':
      return JSON.stringify({
        object: 'list',
        data: listedModels().map((entry) => ({ id: entry.pattern, object: 'model', created: CATALOG_CREATED, owned_by: entry.provider })),
      });
  }
}
