import { z } from 'zod';
import { GatewayError } from '../../core/errors';
import type { ProviderId } from '../../core/providers';

/** `{"error":{"message","type","param","code"}}` as OpenAI, DeepSeek and Ark send it (docs/PROTOCOLS.md §1, §4, §5). */
const errorBodySchema = z.object({
  error: z.object({ type: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish(), param: z.string().nullish() }).loose(),
});

/** Codes and types are enumerations and safe to show; anything else might be content. */
const SAFE_IDENTIFIER = /^[A-Za-z0-9_.-]{1,80}$/;
/** A field path as OpenAI-compatible APIs name it (`max_tokens`, `messages[1].content`); anything else might be content. */
export const SAFE_FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]{0,63}(?:(?:\.[A-Za-z_][A-Za-z0-9_]{0,63})|(?:\[\d{1,6}\]))*$/;

/** The structural facts of an error body: its code (or type) and the parameter it is about. */
function upstreamFacts(bodyText: string): { code?: string; param?: string } {
  let json: unknown;
  try {
    json = JSON.parse(bodyText.trim());
  } catch {
    return {};
  }
  const parsed = errorBodySchema.safeParse(Array.isArray(json) ? json[0] : json);
  if (!parsed.success) return {};
  const candidate = String(parsed.data.error.code ?? parsed.data.error.type ?? '');
  const param = parsed.data.error.param ?? '';
  return {
    code: SAFE_IDENTIFIER.test(candidate) ? candidate : undefined,
    param: param.length <= 200 && SAFE_FIELD_PATH.test(param) ? param : undefined,
  };
}

function retryAfter(headers: Headers): number | undefined {
  const value = Number(headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Maps an OpenAI-compatible provider's error answer to a GatewayError. The upstream message is
 * never copied: providers echo parts of the prompt in validation messages.
 */
export function parseOpenAiCompatibleError(provider: ProviderId, statusCode: number, bodyText: string, headers: Headers): GatewayError {
  const { code, param } = upstreamFacts(bodyText);
  const detail = `${provider} answered ${statusCode}${code ? ` ${code}` : ''}`;
  switch (true) {
    case statusCode === 400 || statusCode === 422:
      return param
        ? new GatewayError(
            400,
            'invalid_request',
            `The upstream provider rejected the parameter '${param}' (${detail}). Check its value, or whether this model supports it.`,
            { param },
          )
        : new GatewayError(
            400,
            'invalid_request',
            `The upstream provider rejected the request as invalid (${detail}). Check the request's parameters for this model.`,
          );
    case statusCode === 404:
      return new GatewayError(404, 'not_found', `The upstream provider does not offer this model to the gateway (${detail}).`, {
        param: 'model',
      });
    case statusCode === 413:
      return new GatewayError(413, 'request_too_large', `The upstream provider refused the request as too large (${detail}).`);
    case statusCode === 429:
      return new GatewayError(429, 'rate_limited', `The upstream provider is rate limiting the gateway (${detail}). Retry later.`, {
        retryAfterSeconds: retryAfter(headers) ?? 5,
      });
    case statusCode === 401 || statusCode === 402 || statusCode === 403:
      // The gateway's own upstream credentials or balance: not the caller's fault.
      return new GatewayError(
        502,
        'upstream_error',
        `The upstream provider refused the gateway's credentials or account (${detail}). The operator must check the upstream key.`,
      );
    case statusCode === 503:
      return new GatewayError(503, 'overloaded', `The upstream provider is overloaded (${detail}). Retry later.`, {
        retryAfterSeconds: retryAfter(headers),
      });
    case statusCode === 504:
      return new GatewayError(504, 'upstream_timeout', `The upstream provider timed out (${detail}).`);
    default:
      return new GatewayError(502, 'upstream_error', `The upstream provider failed (${detail}).`);
  }
}
