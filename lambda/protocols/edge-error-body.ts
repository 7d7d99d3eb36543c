import { GatewayError, type GatewayErrorKind } from '../core/errors';
import { anthropicErrorShape } from './anthropic/error-shapes';
import { geminiErrorBody } from './gemini/error-shapes';
import { openAiErrorBody } from './openai/client-protocol';

/**
 * One JSON error body that the OpenAI, Anthropic and Gemini SDKs all parse, for errors answered
 * before the gateway's function knows the caller's protocol: by the edge WAF (body too large, rate
 * limit), by API Gateway (throttling, timeouts; its gateway responses) and by the local runtime's
 * stand-ins for them.
 *
 * - OpenAI SDK: `error.message`, `error.type`, `error.param`
 * - Anthropic SDK: `type: "error"`, `error.type`, `error.message`
 * - Gemini SDKs and Gemini CLI: `error.code` (the HTTP status, a number), `error.message`, `error.status`
 *
 * Messages are fixed texts: never anything of the request.
 */
export interface EdgeErrorBody {
  readonly type: 'error';
  readonly error: {
    readonly type: string;
    readonly message: string;
    readonly param: null;
    readonly code: number;
    readonly status: string;
  };
}

export function edgeErrorBody(statusCode: number, kind: GatewayErrorKind, message: string): EdgeErrorBody {
  const error = new GatewayError(statusCode, kind, message);
  const gemini = geminiErrorBody(error).error;
  return {
    type: 'error',
    error: {
      type: anthropicErrorShape(error).body.error.type,
      message: openAiErrorBody(error).error.message,
      param: null,
      code: statusCode,
      status: gemini.status,
    },
  };
}

/** The 413 the edge (and the local runtime in its place) answers for a declared body over the limit. */
export function bodyTooLargeBody(limitBytes: number): EdgeErrorBody {
  return edgeErrorBody(
    413,
    'request_too_large',
    `The request body is larger than the limit of ${limitBytes} bytes. Send images by URL where the provider allows it, or shorten the conversation.`,
  );
}

/** One of API Gateway's own answers (a gateway response type), rewritten as an edge error body. */
export interface GatewayResponseBody {
  /** API Gateway's response type (`AWS::ApiGateway::GatewayResponse` `ResponseType`). */
  readonly type: string;
  /** The status sent; undefined keeps API Gateway's own (the `DEFAULT_*` types cover several). */
  readonly statusCode?: number;
  readonly body: EdgeErrorBody;
}

/**
 * API Gateway's own errors, answered before or instead of the functions, in the one JSON shape every
 * SDK parses. `DEFAULT_4XX` and `DEFAULT_5XX` catch the types not listed (their `code` is the
 * family's usual status; the HTTP status stays API Gateway's own).
 */
export function gatewayResponseBodies(maxBodyBytes: number): GatewayResponseBody[] {
  return [
    {
      type: 'THROTTLED',
      statusCode: 429,
      body: edgeErrorBody(429, 'rate_limited', 'Too many requests reach this gateway right now. Retry after a short wait.'),
    },
    {
      type: 'WAF_FILTERED',
      statusCode: 403,
      body: edgeErrorBody(
        403,
        'permission',
        "The request was blocked by the gateway's firewall. Send requests to the gateway's public address.",
      ),
    },
    { type: 'REQUEST_TOO_LARGE', statusCode: 413, body: bodyTooLargeBody(maxBodyBytes) },
    {
      type: 'INTEGRATION_TIMEOUT',
      statusCode: 504,
      body: edgeErrorBody(504, 'upstream_timeout', 'The gateway did not answer in time. Retry the request.'),
    },
    {
      type: 'INTEGRATION_FAILURE',
      statusCode: 502,
      body: edgeErrorBody(
        502,
        'upstream_error',
        'The gateway could not process this request. Retry it; if it fails again, send a smaller body.',
      ),
    },
    {
      // No route matches (API Gateway says 403 "Missing Authentication Token"): a 404, as the functions answer.
      type: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: 404,
      body: edgeErrorBody(
        404,
        'not_found',
        'This gateway has no route at this path. It serves /v1/chat/completions, /v1/messages, /v1beta/models/{model}:generateContent, /v1/models, /v1/account and /v1/usage.',
      ),
    },
    { type: 'DEFAULT_4XX', body: edgeErrorBody(400, 'invalid_request', 'The gateway could not accept this request.') },
    { type: 'DEFAULT_5XX', body: edgeErrorBody(500, 'internal', 'The gateway failed to answer this request. Retry it.') },
  ];
}
