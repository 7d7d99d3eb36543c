/** Header names lower-cased (API Gateway keeps the client's spelling). */
export function lowerCaseHeaders(
  headers: Readonly<Record<string, string | undefined>> | null | undefined,
): Record<string, string | undefined> {
  const lowered: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lowered[name.toLowerCase()] = value ?? undefined;
  return lowered;
}

/** A request path without trailing slashes (`/` stays `/`). */
export function normalizePath(path: string | null | undefined): string {
  return (path || '/').replace(/\/+$/, '') || '/';
}
