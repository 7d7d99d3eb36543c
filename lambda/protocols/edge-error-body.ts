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
