import { createParser, type EventSourceParser, type ParseError } from 'eventsource-parser';
import { GatewayError } from '../core/errors';
import type { SseEvent } from '../translate/types';

/** How much the reader buffers. */
export interface SseLimits {
  /**
   * The most characters one event (its data lines plus an unfinished line) may hold. An upstream that
   * sends more in one event is cut off with a 502 instead of growing the function's memory without end.
   */
  readonly maxEventChars: number;
  /** The most characters of stray lines collected while they may still become one JSON error object. */
  readonly maxBareJsonChars: number;
}

/** Large enough for a generated image inline in one Gemini event; an error object is a few hundred characters. */
export const SSE_LIMITS: SseLimits = { maxEventChars: 32 * 1024 * 1024, maxBareJsonChars: 1024 * 1024 };

/**
 * Line ends made LF before the parser sees them, so that it never rescans a chunk for a CR per line
 * (its CR path looks up the next CR and LF from each line start: quadratic in the lines of a chunk).
 * A CR at the end of a chunk waits for the next one, in case it starts with the LF of a CRLF.
 */
class LineEnds {
  private pendingCr = false;

  normalize(text: string, final = false): string {
    let input = this.pendingCr ? `\r${text}` : text;
    this.pendingCr = !final && input.endsWith('\r');
    if (this.pendingCr) input = input.slice(0, -1);
    return input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  }
}

/**
 * Stray lines (not SSE fields) collected while they may form one JSON value. The nesting of brackets
 * outside strings is followed line by line, so each character is looked at once and the text is
 * parsed only when its brackets close: linear in what the upstream sends.
 */
class BareJson {
  constructor(private readonly maxChars: number) {}

  private text = '';
  private depth = 0;
  private inString = false;
  private escaped = false;

  get collecting(): boolean {
    return this.text !== '';
  }

  /** Adds a line; returns the collected text once its brackets close (or are unbalanced), else undefined. */
  add(line: string): string | undefined {
    if (!this.collecting) {
      // Only what may be JSON is collected: a stray line that is not is dropped, as the SSE specification says.
      const start = line.trimStart();
      if (!start.startsWith('{') && !start.startsWith('[')) return undefined;
    }
    this.text += `${line}\n`;
    if (this.text.length > this.maxChars) return this.take();
    for (let index = 0; index < line.length; index++) {
      const char = line[index];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (char === '\\') this.escaped = true;
        else if (char === '"') this.inString = false;
      } else if (char === '"') this.inString = true;
      else if (char === '{' || char === '[') this.depth++;
      else if (char === '}' || char === ']') this.depth--;
    }
    return this.depth <= 0 && !this.inString ? this.take() : undefined;
  }

  /** What was collected (trimmed), and a fresh start. */
  take(): string {
    const text = this.text.trim();
    this.text = '';
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    return text;
  }
}

/**
 * Feeds the parser without stack traces: it reports each stray line as a `ParseError`, and capturing
 * a stack for each is most of its cost (about 9 in 10 parts for thousands of stray lines).
 */
function feedWithoutStacks(parser: EventSourceParser, text: string): void {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parser.feed(text);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function eventTooLarge(limits: SseLimits): GatewayError {
  return new GatewayError(502, 'upstream_error', `The upstream provider sent an event of more than ${limits.maxEventChars} characters.`);
}

/**
 * Reads server-sent events from a response body, in time and memory linear in what the upstream
 * sends. `eventsource-parser` splits lines (LF after `LineEnds`) and keeps unfinished lines as a list
 * of pieces; the streaming TextDecoder handles multi-byte characters split across chunks. Comments
 * (`: keep-alive`) are reported through `onActivity` only.
 *
 * Lines that are not SSE fields are not dropped: Gemini can write a bare JSON error object (one
 * line or pretty-printed over several) into a 200 stream (docs/PROTOCOLS.md §3). Such lines are
 * collected until their brackets close, and yielded as an event's `data` so the translators raise
 * it (text that is not valid JSON, or over `maxBareJsonChars`, is reported as a malformed event).
 * Leftovers that look like cut-off JSON are yielded at the end too; other stray lines are dropped.
 */
export async function* readSseEvents(
  body: AsyncIterable<Uint8Array>,
  onActivity: () => void = () => {},
  limits: SseLimits = SSE_LIMITS,
): AsyncGenerator<SseEvent> {
  const queue: SseEvent[] = [];
  const bare = new BareJson(limits.maxBareJsonChars);
  let tooLarge = false;
  const flushBare = () => {
    if (bare.collecting) queue.push({ data: bare.take() });
  };
  const parser = createParser({
    maxBufferSize: limits.maxEventChars,
    onEvent: (event) => {
      flushBare();
      queue.push(event.event ? { event: event.event, data: event.data } : { data: event.data });
    },
    onComment: () => onActivity(),
    onError: (error: ParseError) => {
      if (error.type === 'max-buffer-size-exceeded') tooLarge = true;
      if (error.type !== 'unknown-field' || error.line === undefined) return;
      const text = bare.add(error.line);
      if (text) queue.push({ data: text });
    },
  });
  const lineEnds = new LineEnds();
  const decoder = new TextDecoder('utf-8');
  // Leaving early (a consumer that stops reading) ends the body's iteration, which destroys a Node stream.
  for await (const value of body) {
    onActivity();
    feedWithoutStacks(parser, lineEnds.normalize(decoder.decode(value, { stream: true })));
    yield* queue.splice(0);
    if (tooLarge) throw eventTooLarge(limits);
  }
  // A last event without its blank line is still an event (some upstreams close right after it).
  feedWithoutStacks(parser, `${lineEnds.normalize(decoder.decode(), true)}\n\n`);
  flushBare();
  yield* queue.splice(0);
  if (tooLarge) throw eventTooLarge(limits);
}
