import type { GatewayError } from '../../core/errors';
import { openAiClientProtocol, openAiErrorBody } from '../openai/client-protocol';
import type { ClientProtocol } from '../types';

/**
 * OpenAI's Responses API as seen by its callers (docs/RESPONSES-API.md): errors before the stream
 * in OpenAI's error body and status (as for Chat Completions), SSE comments as keep-alives. Errors
 * inside a stream are rendered by the Responses stream encoder (an `error` event and
 * `response.failed` with the response so far); this bare `error` event is for a stream without one.
 */
export const openAiResponsesClientProtocol: ClientProtocol = {
  id: 'openai-responses',
  renderError: (error) => openAiClientProtocol.renderError(error),
  renderStreamError(error: GatewayError): string {
    const { message, code, param } = openAiErrorBody(error).error;
    return `event: error\ndata: ${JSON.stringify({ type: 'error', code, message, param, sequence_number: 0 })}\n\n`;
  },
  keepAliveFrame: openAiClientProtocol.keepAliveFrame,
};
