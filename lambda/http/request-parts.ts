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

/** A request path without trailing slashes (`/` stays `/`). */
export function normalizePath(path: string | null | undefined): string {
  return (path || '/').replace(/\/+$/, '') || '/';
}
