import { createParser, type ParseError } from 'eventsource-parser';
import type { SseEvent } from '../translate/types';

/**
 * Reads server-sent events from a response body. `eventsource-parser` handles CR, LF and CRLF line
 * ends split across chunks; the streaming TextDecoder handles multi-byte characters split across
 * chunks. Comments (`: keep-alive`) are reported through `onComment` only, as activity.
 *
 * Lines that are not SSE fields are not dropped: Gemini can write a bare JSON error object (one
 * line or pretty-printed over several) into a 200 stream (docs/PROTOCOLS.md §3). Such lines are collected
 * until they form a JSON value, which is yielded as an event's `data` so the translators raise it.
 * Leftovers that look like cut-off JSON are yielded too (the translators report a malformed event);
 * other stray lines are dropped, as the SSE specification says.
 */
export async function* readSseEvents(body: ReadableStream<Uint8Array>, onActivity: () => void = () => {}): AsyncGenerator<SseEvent> {
  const queue: SseEvent[] = [];
  let bare = '';
  /** Yields the collected lines once they parse; `final` also yields what looks like cut-off JSON, and drops the rest. */
  const flushBare = (final: boolean) => {
    const text = bare.trim();
    if (text === '') return;
    if (isJson(text) || (final && /^[[{]/.test(text))) queue.push({ data: text });
    else if (!final) return;
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
      // Collect only what may be JSON: a stray non-JSON line before it is dropped.
      if (!/^\s*[[{]/.test(bare)) bare = '';
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
