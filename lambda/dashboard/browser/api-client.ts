/** Reads the page's JSON from this origin only, the credential in a header (never in the URL). */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message of an error body in the gateway's shape (`{"error": {"message": ...}}`), if there is one. */
function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const { error } = body;
  if (typeof error !== 'object' || error === null || !('message' in error)) return undefined;
  return typeof error.message === 'string' ? error.message : undefined;
}

/** GET `path` (same origin) with `Authorization: Bearer <credential>`; non-2xx answers become ApiError. */
export async function getJson<T>(path: string, credential: string): Promise<T> {
  const response = await fetch(path, {
    headers: { authorization: `Bearer ${credential}`, accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new ApiError(response.status, errorMessage(body) ?? `The gateway answered ${response.status}.`);
  }
  // The gateway's own routes, whose shapes docs/OPERATIONS.md documents and the browser tests check.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
  return body as T;
}

/** A query string from name/value pairs. */
export const query = (values: Readonly<Record<string, string>>) => new URLSearchParams(values).toString();
