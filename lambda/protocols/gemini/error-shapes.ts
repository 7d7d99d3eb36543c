import type { GatewayError, GatewayErrorKind } from '../../core/errors';

/**
 * Gemini (google.rpc) `status` and HTTP code per gateway error kind (docs/PROTOCOLS.md §3).
 * https://ai.google.dev/gemini-api/docs/troubleshooting
 * `code: undefined` keeps the error's own status.
 */
const GEMINI_ERROR_SHAPES: Readonly<Record<GatewayErrorKind, { readonly status: string; readonly code?: number }>> = {
  invalid_request: { status: 'INVALID_ARGUMENT', code: 400 },
  authentication: { status: 'UNAUTHENTICATED', code: 401 },
  permission: { status: 'PERMISSION_DENIED', code: 403 },
  not_found: { status: 'NOT_FOUND', code: 404 },
  request_too_large: { status: 'INVALID_ARGUMENT', code: 413 },
  rate_limited: { status: 'RESOURCE_EXHAUSTED', code: 429 },
  quota_exceeded: { status: 'RESOURCE_EXHAUSTED', code: 429 },
  upstream_error: { status: 'INTERNAL' },
  upstream_unavailable: { status: 'UNAVAILABLE', code: 503 },
  upstream_timeout: { status: 'DEADLINE_EXCEEDED', code: 504 },
  // Gemini's own "overloaded" is 503 UNAVAILABLE; 529 means nothing to Gemini clients.
  overloaded: { status: 'UNAVAILABLE', code: 503 },
  internal: { status: 'INTERNAL', code: 500 },
};

export interface GeminiErrorBody {
  readonly error: { readonly code: number; readonly message: string; readonly status: string };
}

/** The Gemini error body `{error:{code,message,status}}`; `code` is the HTTP status. */
export function geminiErrorBody(error: GatewayError): GeminiErrorBody {
  const shape = GEMINI_ERROR_SHAPES[error.kind];
  return { error: { code: shape.code ?? error.statusCode, message: error.message, status: shape.status } };
}
