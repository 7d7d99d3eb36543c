import type { GatewayError } from '../../core/errors';
import { errorHeaders } from '../error-headers';
import type { ClientProtocol, RenderedResponse } from '../types';
import { geminiErrorBody } from './error-shapes';

/**
 * Gemini as a caller protocol: errors as `{error:{code,message,status}}`; mid-stream errors as a
 * `data:` frame holding the same object (the js-genai SDK throws on an `error` key with a 4xx/5xx
 * code); keep-alives as SSE comments, which Gemini clients skip (docs/PROTOCOLS.md §3).
 */
export const geminiClientProtocol: ClientProtocol = {
  id: 'gemini',
  renderError(error: GatewayError): RenderedResponse {
    const body = geminiErrorBody(error);
    return {
      statusCode: body.error.code,
      headers: { 'content-type': 'application/json', ...errorHeaders(error) },
      body: JSON.stringify(body),
    };
  },
  renderStreamError(error: GatewayError): string {
    return `data: ${JSON.stringify(geminiErrorBody(error))}\n\n`;
  },
  keepAliveFrame: ': keep-alive\n\n',
};
