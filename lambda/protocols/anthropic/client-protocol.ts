import type { GatewayError } from '../../core/errors';
import { errorHeaders } from '../error-headers';
import type { ClientProtocol, RenderedResponse } from '../types';
import { anthropicErrorShape } from './error-shapes';

/**
 * Anthropic Messages as a caller protocol: errors as `{type:"error",error:{type,message}}`,
 * mid-stream errors as an `error` event, keep-alives as `ping` events (docs/PROTOCOLS.md §2).
 */
export const anthropicClientProtocol: ClientProtocol = {
  id: 'anthropic',
  renderError(error: GatewayError): RenderedResponse {
    const shape = anthropicErrorShape(error);
    return {
      statusCode: shape.statusCode,
      headers: { 'content-type': 'application/json', ...errorHeaders(error) },
      body: JSON.stringify(shape.body),
    };
  },
  renderStreamError(error: GatewayError): string {
    return `event: error\ndata: ${JSON.stringify(anthropicErrorShape(error).body)}\n\n`;
  },
  keepAliveFrame: 'event: ping\ndata: {"type": "ping"}\n\n',
};
