import type { GatewayError } from '../core/errors';
import type { ClientProtocolId } from '../core/providers';

/** An HTTP answer rendered by a protocol module (buffered). */
export interface RenderedResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What the handler needs to know about a caller-facing protocol. */
export interface ClientProtocol {
  readonly id: ClientProtocolId;
  /** The error in this protocol's shape and status (OpenAI `{error:{message,type,code}}`, ...). */
  renderError(error: GatewayError): RenderedResponse;
  /** Error frames for a stream that has already started (status 200 already sent). */
  renderStreamError(error: GatewayError): string;
  /** A frame that keeps an idle stream open without changing its meaning (SSE comment, Anthropic `ping`). */
  readonly keepAliveFrame: string;
}
