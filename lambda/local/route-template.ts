import { normalizePath } from '../http/request-parts';

/**
 * Concrete paths → the route they belong to, with caller-chosen segments (model names) replaced by
 * a placeholder: a log line names the route, never what the caller typed (as API Gateway's access log
 * records `resourcePath`, not the path).
 */
const TEMPLATES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/v1beta\/models\/[^/:]+:([A-Za-z]+)$/, '/v1beta/models/{model}:$1'],
  [/^\/v1beta\/models\/[^/:]+$/, '/v1beta/models/{model}'],
  [/^\/v1\/models\/[^/]+$/, '/v1/models/{model}'],
];

const FIXED = new Set([
  '/v1/chat/completions',
  '/v1/responses',
  '/v1/messages',
  '/v1/messages/count_tokens',
  '/v1/models',
  '/v1beta/models',
  '/v1/account',
  '/v1/usage',
  '/v1/usage/limits',
  '/dashboard',
]);

/** The route of a path, for logs; a path outside every route is shown as `{other}` (it is caller-chosen text). */
export function routeTemplate(path: string): string {
  const normalized = normalizePath(path);
  if (FIXED.has(normalized)) return normalized;
  for (const [pattern, template] of TEMPLATES) {
    const match = pattern.exec(normalized);
    // The Gemini action is one of a few words; anything else is not a route either.
    if (match && (match[1] === undefined || /^(generateContent|streamGenerateContent|countTokens)$/.test(match[1])))
      return template.replace('$1', match[1] ?? '');
  }
  return '{other}';
}
