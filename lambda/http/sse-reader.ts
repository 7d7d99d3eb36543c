import { createParser } from 'eventsource-parser';
import type { SseEvent } from '../translate/types';

/**
 * Reads server-sent events from a response body. `eventsource-parser` handles CR, LF and CRLF line
 * ends split across chunks; the streaming TextDecoder handles multi-byte characters split across
 * chunks. Comments (`: keep-alive`) are reported through `onComment` only, as activity.
 */
export async function* readSseEvents(
  body: ReadableStream<Uint8Array>,
  onActivity: () => void = () => {},
): AsyncGenerator<SseEvent> {
  const queue: SseEvent[] = [];
  const parser = createParser({
    onEvent: (event) => queue.push(event.event ? { event: event.event, data: event.data } : { data: event.data }),
    onComment: () => onActivity(),
  });
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onActivity();
      parser.feed(decoder.decode(value, { stream: true }));
      while (queue.length) yield queue.shift() as SseEvent;
    }
    parser.feed(decoder.decode());
    // A last event without its blank line is still an event (some upstreams close right after it).
    parser.feed('\n\n');
    while (queue.length) yield queue.shift() as SseEvent;
  } finally {
    reader.releaseLock();
  }
}
