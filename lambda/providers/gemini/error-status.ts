import { GatewayError } from '../../core/errors';

export interface GeminiErrorFacts {
  readonly statusCode: number;
  /** google.rpc status, e.g. `RESOURCE_EXHAUSTED`. */
  readonly status?: string;
  /** `ErrorInfo.reason`, e.g. `API_KEY_INVALID`. */
  readonly reason?: string;
  /** The first `BadRequest.fieldViolations[].field`, e.g. `generation_config.max_output_tokens`. */
  readonly field?: string;
  readonly retryAfterSeconds?: number;
}

/**
 * Gemini error status → gateway error (docs/PROTOCOLS.md §3). The upstream message is never copied.
 * https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function geminiErrorFromStatus(facts: GeminiErrorFacts): GatewayError {
  const { statusCode, status, reason } = facts;
  const detail = `gemini answered ${statusCode}${status ? ` ${status}` : ''}${reason ? ` ${reason}` : ''}`;
  if (
    reason === 'API_KEY_INVALID' ||
    status === 'UNAUTHENTICATED' ||
    status === 'PERMISSION_DENIED' ||
    status === 'FAILED_PRECONDITION' ||
    statusCode === 401 ||
    statusCode === 403
  ) {
    // The gateway's own key, billing or region: not the caller's fault.
    return new GatewayError(
      502,
      'upstream_error',
      `The upstream provider refused the gateway's credentials or account (${detail}). The operator must check the upstream key.`,
    );
  }
  switch (status ?? statusName(statusCode)) {
    case 'INVALID_ARGUMENT':
      if (statusCode === 413)
        return new GatewayError(413, 'request_too_large', `The upstream provider refused the request as too large (${detail}).`);
      return facts.field
        ? new GatewayError(
            400,
            'invalid_request',
            `The upstream provider rejected the field '${facts.field}' (${detail}). Check its value, or whether this model supports it.`,
            { param: facts.field },
          )
        : new GatewayError(
            400,
            'invalid_request',
            `The upstream provider rejected the request as invalid (${detail}). Check the request's parameters for this model.`,
          );
    case 'NOT_FOUND':
      return new GatewayError(404, 'not_found', `The upstream provider does not offer this model to the gateway (${detail}).`, {
        param: 'model',
      });
    case 'RESOURCE_EXHAUSTED':
      return new GatewayError(429, 'rate_limited', `The upstream provider is rate limiting the gateway (${detail}). Retry later.`, {
        retryAfterSeconds: facts.retryAfterSeconds ?? 5,
      });
    case 'UNAVAILABLE':
      // Gemini's "model is overloaded" answer.
      return new GatewayError(503, 'overloaded', `The upstream provider is overloaded (${detail}). Retry later.`, {
        retryAfterSeconds: facts.retryAfterSeconds,
      });
    case 'DEADLINE_EXCEEDED':
      return new GatewayError(504, 'upstream_timeout', `The upstream provider timed out (${detail}).`);
    default:
      return new GatewayError(502, 'upstream_error', `The upstream provider failed (${detail}).`);
  }
}

function statusName(statusCode: number): string | undefined {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    404: 'NOT_FOUND',
    413: 'INVALID_ARGUMENT',
    429: 'RESOURCE_EXHAUSTED',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return names[statusCode];
}
