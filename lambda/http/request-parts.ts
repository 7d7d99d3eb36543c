/**
 * Header names lower-cased (API Gateway keeps the client's spelling), in a map without a prototype:
 * a header named `__proto__` or `constructor` is an ordinary entry, and a lookup of a name the caller
 * did not send is undefined.
 */
export function lowerCaseHeaders(
  headers: Readonly<Record<string, string | undefined>> | null | undefined,
): Record<string, string | undefined> {
  const lowered = Object.create(null) as Record<string, string | undefined>;
  for (const [name, value] of Object.entries(headers ?? {})) lowered[name.toLowerCase()] = value ?? undefined;
  return lowered;
}

const SLASH = 0x2f;

/**
 * A request path without trailing slashes (`/` stays `/`). A loop from the end, not `/\/+$/`: a
 * backtracking engine retries that pattern at every slash of a run, which makes a path of thousands
 * of slashes cost quadratic time before any key is checked.
 */
export function normalizePath(path: string | null | undefined): string {
  return withoutTrailingSlashes(path || '/') || '/';
}

/** `text` without the slashes it ends with, in one pass from the end. */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === SLASH) end--;
  return text.slice(0, end);
}
