import type { GatewayError } from '../core/errors';

/** Headers every protocol sends with an error: `retry-after` and the error's own (rate-limit state). */
export function errorHeaders(error: GatewayError): Record<string, string> {
  const headers: Record<string, string> = { ...error.headers };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  return headers;
}
