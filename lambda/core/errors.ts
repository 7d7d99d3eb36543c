/**
 * The gateway's one error hierarchy. Every failure the caller sees is a GatewayError; each
 * protocol module renders it into its own shape in exactly one place (`renderError` and
 * `renderStreamError` in `lambda/protocols/<protocol>/client-protocol.ts`).
 *
 * Messages must never quote request or response content (P1): they name fields, limits and ids only.
 */

export type GatewayErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'upstream_error'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'overloaded'
  | 'internal';

export interface GatewayErrorOptions {
  /** The request field the message is about, e.g. `messages[0].content`. */
  readonly param?: string;
  /** Seconds after which a retry may succeed (sent as `retry-after`). */
  readonly retryAfterSeconds?: number;
  /** Extra response headers, e.g. rate-limit state. */
  readonly headers?: Record<string, string>;
}

export class GatewayError extends Error {
  readonly param?: string;
  readonly retryAfterSeconds?: number;
  readonly headers: Record<string, string>;

  constructor(
    readonly statusCode: number,
    readonly kind: GatewayErrorKind,
    message: string,
    options: GatewayErrorOptions = {},
  ) {
    // No `cause`, by design: a parser's or the network stack's message can quote content (P1),
    // and an error that carries it is one careless log line away from a leak.
    super(message);
    this.name = 'GatewayError';
    this.param = options.param;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers ?? {};
  }

  /** Whether the same request may succeed later (408, 409, 429, 5xx). */
  get isRetryable(): boolean {
    return [408, 409, 429].includes(this.statusCode) || this.statusCode >= 500;
  }
}

export const invalidRequest = (message: string, param?: string) => new GatewayError(400, 'invalid_request', message, { param });

export const authenticationFailed = (message: string) => new GatewayError(401, 'authentication', message);

/** Names in the request are caller text: the message never repeats them. */
export const modelNotFound = () =>
  new GatewayError(
    404,
    'not_found',
    "The requested model is not in this gateway's catalog. GET /v1/models lists the available models; Ark endpoint ids (ep-...) are served once the operator lists them.",
    { param: 'model' },
  );

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A 404 for a path the gateway does not serve; the path (caller text) is not repeated. */
export const routeNotFound = (method: string) =>
  new GatewayError(
    404,
    'not_found',
    `This gateway has no route for ${HTTP_METHODS.has(method) ? method : 'this method'} at this path. It serves /v1/chat/completions, /v1/messages, /v1beta/models/{model}:generateContent, /v1/models, /v1/account and /v1/usage.`,
  );

export const requestTooLarge = (limitBytes: number) =>
  new GatewayError(413, 'request_too_large', `The request body is larger than the limit of ${limitBytes} bytes.`);

/** Wraps anything thrown into a GatewayError without copying its message or keeping it (it may echo content). */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError(500, 'internal', 'The gateway failed to handle the request.');
}
