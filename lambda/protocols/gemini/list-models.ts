import { listedModels, type CatalogEntry } from '../../core/catalog';

/** What the gateway serves for every model, whatever its provider (`countTokens` only where the provider has it). */
const GENERATION_METHODS = ['generateContent', 'streamGenerateContent'] as const;

export interface GeminiModelList {
  readonly models: ReadonlyArray<{
    readonly name: string;
    readonly baseModelId: string;
    readonly version: string;
    readonly displayName: string;
    readonly description: string;
    readonly supportedGenerationMethods: readonly string[];
  }>;
}

/**
 * `GET /v1beta/models` for Gemini callers: every listed catalog model as `models/<id>`, in one page
 * (no `nextPageToken`). https://ai.google.dev/api/models#method:-models.list
 */
export function geminiModelList(catalog: readonly CatalogEntry[] = listedModels()): GeminiModelList {
  return {
    models: catalog.map((entry) => ({
      name: `models/${entry.pattern}`,
      baseModelId: entry.pattern,
      version: entry.pattern,
      displayName: entry.displayName,
      description: `${entry.displayName}, served through Tollgate by ${entry.provider}.`,
      supportedGenerationMethods: entry.provider === 'gemini' ? [...GENERATION_METHODS, 'countTokens'] : [...GENERATION_METHODS],
    })),
  };
}
