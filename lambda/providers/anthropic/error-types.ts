import { GatewayError } from '../../core/errors';

/**
 * Anthropic error `type` → gateway error (docs/PROTOCOLS.md §2). Messages are the gateway's own:
 * Anthropic's may quote the request.
 * https://docs.anthropic.com/en/api/errors
 */
export function anthropicErrorFromType(upstreamType: string | undefined, statusCode: number, retryAfterSeconds?: number): GatewayError {
  // Only documented types are repeated in messages; anything else could be content.
  const type = upstreamType !== undefined && KNOWN_TYPES.has(upstreamType) ? upstreamType : undefined;
  const detail = `anthropic answered ${statusCode}${type ? ` ${type}` : ''}`;
  switch (type ?? statusCodeType(statusCode)) {
    case 'invalid_request_error':
      return new GatewayError(
        400,
        'invalid_request',
        `The upstream provider rejected the request as invalid (${detail}). Check the request's parameters for this model.`,
      );
    case 'request_too_large':
      return new GatewayError(413, 'request_too_large', `The upstream provider refused the request as too large (${detail}).`);
    case 'not_found_error':
      return new GatewayError(404, 'not_found', `The upstream provider does not offer this model to the gateway (${detail}).`, {
        param: 'model',
      });
    case 'rate_limit_error':
      return new GatewayError(429, 'rate_limited', `The upstream provider is rate limiting the gateway (${detail}). Retry later.`, {
        retryAfterSeconds: retryAfterSeconds ?? 5,
      });
    case 'overloaded_error':
      return new GatewayError(529, 'overloaded', `The upstream provider is overloaded (${detail}). Retry later.`, { retryAfterSeconds });
    case 'timeout_error':
      return new GatewayError(504, 'upstream_timeout', `The upstream provider timed out (${detail}).`);
    case 'authentication_error':
    case 'permission_error':
    case 'billing_error':
      // The gateway's own upstream key or account: not the caller's fault.
      return new GatewayError(
        502,
        'upstream_error',
        `The upstream provider refused the gateway's credentials or account (${detail}). The operator must check the upstream key.`,
      );
    default:
      return new GatewayError(502, 'upstream_error', `The upstream provider failed (${detail}).`);
  }
}

const KNOWN_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'timeout_error',
  'overloaded_error',
]);

/** The type Anthropic documents for a status, for bodies without one. */
function statusCodeType(statusCode: number): string | undefined {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    402: 'billing_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    504: 'timeout_error',
    529: 'overloaded_error',
  };
  return types[statusCode];
}
