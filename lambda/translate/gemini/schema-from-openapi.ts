/**
 * Gemini's `parameters` use an OpenAPI 3.0 subset whose `type` values may be upper case
 * (`OBJECT`, `STRING`: the js-genai `Type` enum). JSON Schema consumers (Anthropic, OpenAI) want
 * lower case. Everything else is kept as is.
 * https://ai.google.dev/api/caching#Schema
 */
export function schemaFromOpenApi(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(schemaFromOpenApi);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema) as Array<[string, unknown]>) {
    if (key === 'type' && typeof value === 'string') out[key] = value.toLowerCase();
    else if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, schemaFromOpenApi(property)]));
    } else if (key === 'items' || key === 'anyOf' || key === 'additionalProperties') out[key] = schemaFromOpenApi(value);
    else out[key] = value;
  }
  return out;
}
