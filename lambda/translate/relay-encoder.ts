import type { GatewayError } from '../core/errors';
import type { NormalizedUsage } from '../core/usage';
import type { ClientProtocol } from '../protocols/types';
import type { CanonicalStreamEvent, StreamEncoder } from './canonical/stream-events';
import type { SseEvent } from './types';

/**
 * An SSE frame that relays an upstream event's data as received. A data value that spans several
 * lines (the SSE parser joined them with LF) gets one `data:` field per line, so it arrives whole.
 */
export function relayFrame(data: string, event?: string): string {
  const fields = data.includes('\n') ? data.replace(/\n/g, '\ndata: ') : data;
  return event === undefined ? `data: ${fields}\n\n` : `event: ${event}\ndata: ${fields}\n\n`;
}

/**
 * The stream encoder of an identity codec: canonical events are only read (the latest usage is
 * kept for `frame`), each upstream event is relayed through `frame`, and errors are rendered by the
 * caller protocol's one stream-error renderer.
 */
export class RelayEncoder implements StreamEncoder {
  /** The usage the upstream reported so far, in normalized form. */
  usage: NormalizedUsage | undefined;

  constructor(
    private readonly protocol: ClientProtocol,
    private readonly frame: (event: SseEvent, usage: NormalizedUsage | undefined) => string,
    /** Closing frames of a complete answer. @default none */
    private readonly closing = '',
  ) {}

  write(event: CanonicalStreamEvent): string {
    if (event.type === 'usage') this.usage = event.usage;
    return '';
  }

  relay(event: SseEvent): string {
    return this.frame(event, this.usage);
  }

  end(): string {
    return this.closing;
  }

  fail(error: GatewayError): string {
    return this.protocol.renderStreamError(error);
  }
}
