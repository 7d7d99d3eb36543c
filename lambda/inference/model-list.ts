import { listedModels } from '../core/catalog';
import type { Protocol } from '../core/providers';

/** Fixed `created` time for catalog entries (the catalog has no release dates). */
const CATALOG_CREATED = 1_735_689_600; // 2025-01-01

/** `GET /v1/models` in the caller's format. */
export function renderModelList(protocol: Protocol): string {
  const models = listedModels();
  switch (protocol) {
    default:
      return JSON.stringify({
        object: 'list',
        data: models.map((entry) => ({ id: entry.pattern, object: 'model', created: CATALOG_CREATED, owned_by: entry.provider })),
      });
  }
}
