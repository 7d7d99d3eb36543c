import { DomainError } from '../core/domain-error';
import { z } from 'zod';
import { PROVIDER_IDS } from '../core/providers';

/**
 * The operator's catalog document: models, aliases, Ark endpoint ids and prices added or changed
 * without a code change, merged over the built-in catalog (`merge-catalog.ts`). Kept as a JSON file
 * locally and as an SSM parameter in AWS (`catalog-stores.ts`); edited with `tollgate models`.
 *
 * {
 *   "models": {
 *     "ep-20250101000000-abcde": { "provider": "ark", "prices": { "input": 0.11, "output": 1.13 }, "pricesSource": "..." },
 *     "gpt-4o": { "aliasOf": "deepseek-chat" },
 *     "claude-sonnet-4-5": { "aliasOf": "claude-sonnet-4-6" }
 *   },
 *   "removed": ["claude-opus-4-1"]
 * }
 */

/** Names as providers spell them (the inference handler's rule), or a prefix pattern ending in `*`. */
export const CATALOG_NAME = /^[A-Za-z0-9._:/@+-]{1,127}\*?$/;

const price = z.number().nonnegative().max(10_000);

export const operatorPricesSchema = z
  .object({
    input: price,
    output: price,
    /** @default the input price */
    cacheRead: price.optional(),
    /** @default the input price */
    cacheWrite: price.optional(),
  })
  .strict();

const modelSchema = z
  .object({
    provider: z.enum(PROVIDER_IDS),
    /** The provider's model id. @default the requested name */
    upstreamModel: z.string().regex(CATALOG_NAME).optional(),
    prices: operatorPricesSchema,
    pricesSource: z.string().max(300).optional(),
    displayName: z.string().max(200).optional(),
  })
  .strict();

const aliasSchema = z.object({ aliasOf: z.string().regex(CATALOG_NAME), displayName: z.string().max(200).optional() }).strict();

/** An alias when it has `aliasOf`, else a model: parsed by that one schema, so errors name its fields. */
export const operatorModelSchema = z.unknown().transform((value, context) => {
  const parsed =
    value !== null && typeof value === 'object' && 'aliasOf' in value ? aliasSchema.safeParse(value) : modelSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

export const catalogDocumentSchema = z
  .object({
    models: z.record(z.string().regex(CATALOG_NAME), operatorModelSchema).default({}),
    /** Built-in names or patterns the operator does not serve. */
    removed: z.array(z.string().regex(CATALOG_NAME)).default([]),
  })
  .strict();

export type OperatorModel = z.infer<typeof operatorModelSchema>;
export type CatalogDocument = z.infer<typeof catalogDocumentSchema>;

export const EMPTY_CATALOG_DOCUMENT: CatalogDocument = { models: {}, removed: [] };

/** A document that failed validation; the message names the first bad field (the document is the operator's own). */
export class CatalogDocumentError extends DomainError {
  readonly kind = 'invalid_input';
}

/** Validates a catalog document (parsed JSON). */
export function parseCatalogDocument(value: unknown): CatalogDocument {
  const parsed = catalogDocumentSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map(String).join('.') || '(document)';
  throw new CatalogDocumentError(`The catalog document is not valid at '${path}': ${issue.message}`);
}

/** The document's JSON text, keys in a stable order, for files and parameters. */
export function catalogDocumentText(document: CatalogDocument, indent = 2): string {
  const models = Object.fromEntries(Object.entries(document.models).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ models, removed: [...document.removed].sort() }, null, indent)}\n`;
}
