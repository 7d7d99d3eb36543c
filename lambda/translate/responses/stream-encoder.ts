import type { GatewayError } from '../../core/errors';
import type { CanonicalStreamEvent, StreamEncoder } from '../canonical/stream-events';
import type { ResponsesEvent, ResponsesOutputBuilder } from './output-builder';

/** SSE frames as OpenAI sends them: the event name, then the event (whose `type` repeats it). */
export function responsesFrames(events: readonly ResponsesEvent[]): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

/** Canonical stream events → Responses API server-sent events (`output-builder.ts` holds the state). */
export class ResponsesStreamEncoder implements StreamEncoder {
  constructor(private readonly builder: ResponsesOutputBuilder) {}

  write(event: CanonicalStreamEvent): string {
    return responsesFrames(this.builder.apply(event));
  }

  end(): string {
    return responsesFrames(this.builder.complete());
  }

  fail(error: GatewayError): string {
    return responsesFrames(this.builder.fail(error));
  }
}
