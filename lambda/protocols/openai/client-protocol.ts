import type { GatewayError, GatewayErrorKind } from '../../core/errors';
import type { ClientProtocol, RenderedResponse } from '../types';
import { errorHeaders } from '../error-headers';

/**
 * OpenAI error `type` and `code` per gateway error kind.
 * https://platform.openai.com/docs/guides/error-codes
 */
const OPENAI_ERROR_SHAPES: Readonly<Record<GatewayErrorKind, { type: string; code: string | null }>> = {
  invalid_request: { type: 'invalid_request_error', code: null },
  authentication: { type: 'invalid_request_error', code: 'invalid_api_key' },
  permission: { type: 'invalid_request_error', code: 'permission_denied' },
  not_found: { type: 'invalid_request_error', code: 'model_not_found' },
  request_too_large: { type: 'invalid_request_error', code: 'request_too_large' },
  rate_limited: { type: 'requests', code: 'rate_limit_exceeded' },
  quota_exceeded: { type: 'insufficient_quota', code: 'insufficient_quota' },
  upstream_error: { type: 'server_error', code: 'upstream_error' },
  upstream_unavailable: { type: 'server_error', code: 'upstream_unavailable' },
  upstream_timeout: { type: 'server_error', code: 'upstream_timeout' },
  overloaded: { type: 'server_error', code: 'overloaded' },
  internal: { type: 'server_error', code: null },
};

/** The OpenAI error body: `{"error":{"message","type","param","code"}}`. */
export function openAiErrorBody(error: GatewayError): {
  error: { message: string; type: string; param: string | null; code: string | null };
} {
  const shape = OPENAI_ERROR_SHAPES[error.kind];
  const code = error.kind === 'not_found' && error.param !== 'model' ? 'not_found' : shape.code;
  return { error: { message: error.message, type: shape.type, param: error.param ?? null, code } };
}

export const openAiClientProtocol: ClientProtocol = {
  id: 'openai',
  renderError(error: GatewayError): RenderedResponse {
    // Anthropic's 529 "overloaded" is not an HTTP status OpenAI clients know; they retry 503.
    const statusCode = error.statusCode === 529 ? 503 : error.statusCode;
    return {
      statusCode,
      headers: { 'content-type': 'application/json', ...errorHeaders(error) },
      body: JSON.stringify(openAiErrorBody(error)),
    };
  },
  renderStreamError(error: GatewayError): string {
    // The OpenAI SDK raises on any `data:` JSON with a top-level `error` key.
    return `data: ${JSON.stringify(openAiErrorBody(error))}\n\n`;
  },
  keepAliveFrame: ': keep-alive\n\n',
};
