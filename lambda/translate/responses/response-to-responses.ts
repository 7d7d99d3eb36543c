import type { CanonicalResponse } from '../canonical/response';
import type { CanonicalStreamEvent } from '../canonical/stream-events';
import type { TranslationContext } from '../types';
import { ResponsesOutputBuilder } from './output-builder';
import type { ResponsesRequestPlan } from './request-from-responses';

/** A whole canonical answer as the events a stream of it would carry. */
function eventsOf(response: CanonicalResponse): CanonicalStreamEvent[] {
  const events: CanonicalStreamEvent[] = [{ type: 'start' }];
  let toolCalls = 0;
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        events.push({ type: 'text', text: part.text });
        break;
      case 'thinking':
        events.push({ type: 'reasoning', text: part.text });
        if (part.signature) events.push({ type: 'reasoning-signature', signature: part.signature });
        break;
      case 'redacted-thinking':
        events.push({ type: 'redacted-reasoning', data: part.data });
        break;
      case 'tool-call': {
        const index = toolCalls++;
        events.push(
          { type: 'tool-call-start', index, id: part.id, name: part.name },
          { type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(part.input ?? {}) },
          { type: 'tool-call-end', index },
        );
        break;
      }
    }
  }
  events.push(
    { type: 'finish', reason: response.finishReason, stopSequence: response.stopSequence },
    { type: 'usage', usage: response.usage },
  );
  return events;
}

/** Canonical answer → Responses object, built by the same state machine as the stream, so both agree. */
export function responseToResponses(
  response: CanonicalResponse,
  context: TranslationContext,
  plan: ResponsesRequestPlan,
): Record<string, unknown> {
  const builder = new ResponsesOutputBuilder(context, plan);
  for (const event of eventsOf(response)) builder.apply(event);
  builder.complete();
  return builder.response(builder.finalStatus());
}
