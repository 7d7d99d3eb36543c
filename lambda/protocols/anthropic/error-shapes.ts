import type { GatewayError, GatewayErrorKind } from '../../core/errors';

/**
 * Anthropic error `type` and HTTP status per gateway error kind (docs/PROTOCOLS.md §2).
 * https://docs.anthropic.com/en/api/errors
 * `status: undefined` keeps the error's own status.
 */
const ANTHROPIC_ERROR_SHAPES: Readonly<Record<GatewayErrorKind, { readonly type: string; readonly status?: number }>> = {
  invalid_request: { type: 'invalid_request_error' },
  authentication: { type: 'authentication_error', status: 401 },
  permission: { type: 'permission_error', status: 403 },
  not_found: { type: 'not_found_error', status: 404 },
  request_too_large: { type: 'request_too_large', status: 413 },
  rate_limited: { type: 'rate_limit_error', status: 429 },
  quota_exceeded: { type: 'rate_limit_error', status: 429 },
  upstream_error: { type: 'api_error' },
  upstream_unavailable: { type: 'api_error' },
  upstream_timeout: { type: 'timeout_error', status: 504 },
  // Anthropic clients (Claude Code, the SDK) retry 529 with backoff.
  overloaded: { type: 'overloaded_error', status: 529 },
  internal: { type: 'api_error', status: 500 },
};

export interface AnthropicErrorShape {
  readonly statusCode: number;
  readonly body: { readonly type: 'error'; readonly error: { readonly type: string; readonly message: string } };
}

/** The Anthropic error body `{type:"error",error:{type,message}}` and its status. */
export function anthropicErrorShape(error: GatewayError): AnthropicErrorShape {
  const shape = ANTHROPIC_ERROR_SHAPES[error.kind];
  const statusCode = shape.status ?? error.statusCode;
  const type = statusCode === 402 ? 'billing_error' : shape.type;
  return { statusCode, body: { type: 'error', error: { type, message: error.message } } };
}
