import { createParser, type ParseError } from 'eventsource-parser';
import type { SseEvent } from '../translate/types';

/**
 * Reads server-sent events from a response body. `eventsource-parser` handles CR, LF and CRLF line
 * ends split across chunks; the streaming TextDecoder handles multi-byte characters split across
 * chunks. Comments (`: keep-alive`) are reported through `onComment` only, as activity.
 *
 * Lines that are not SSE fields are not dropped: Gemini can write a bare JSON error object (one
 * line or pretty-printed over several) into a 200 stream (PROTOCOLS.md §3). Such lines are collected
 * until they form a JSON value, which is yielded as an event's `data` so the translators raise it;
 * leftovers that never parse are yielded at the end, so the translators report a malformed event.
 */
export async function* readSseEvents(
  body: ReadableStream<Uint8Array>,
  onActivity: () => void = () => {},
): AsyncGenerator<SseEvent> {
  const queue: SseEvent[] = [];
  let bare = '';
  const flushBare = (force: boolean) => {
    if (bare.trim() === '') return;
    if (!force && !isJson(bare)) return;
    queue.push({ data: bare.trim() });
    bare = '';
  };
  const parser = createParser({
    onEvent: (event) => {
      flushBare(true);
      queue.push(event.event ? { event: event.event, data: event.data } : { data: event.data });
    },
    onComment: () => onActivity(),
    onError: (error: ParseError) => {
      if (error.type !== 'unknown-field' || error.line === undefined) return;
      bare += `${error.line}\n`;
      flushBare(false);
    },
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
    flushBare(true);
    while (queue.length) yield queue.shift() as SseEvent;
  } finally {
    reader.releaseLock();
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
