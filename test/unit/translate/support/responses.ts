import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { ResponseStreamEvent, Response } from 'openai/resources/responses/responses';
import { responsesClientCodec } from '../../../../lambda/translate/responses/codecs';
import type { TranslationContext } from '../../../../lambda/translate/types';
import { clientEvents, context } from './sse';

/** A fresh context on which the Responses codec has decoded `body` (as the pipeline does before encoding). */
export function responsesContext(body: Record<string, unknown>, overrides: Parameters<typeof context>[0] = {}): TranslationContext {
  const translationContext = context(overrides);
  responsesClientCodec.decodeRequest({ model: 'public-model', ...body }, translationContext);
  return translationContext;
}

/** The Responses events of a translated stream; each frame's `event:` name must equal its `type`. */
export function responsesEvents(output: string): ResponseStreamEvent[] {
  return clientEvents(output).map(({ event, data }) => {
    expect(event).toBe((data as { type: string }).type);
    return data as ResponseStreamEvent;
  });
}

/**
 * Replays the events through the openai SDK's own accumulator (what `client.responses.stream()`
 * does; it throws on an event for an item or part that was not announced) and checks the
 * sequence numbers count up from 0. Returns the SDK's final snapshot.
 */
export function accumulate(events: readonly ResponseStreamEvent[]): Response {
  let snapshot: Response | undefined;
  events.forEach((event, index) => {
    expect(event.sequence_number).toBe(index);
    snapshot = accumulateResponse(event, snapshot);
  });
  return snapshot as Response;
}
