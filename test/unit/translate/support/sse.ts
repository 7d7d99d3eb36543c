import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import type { GatewayError } from '../../../../lambda/core/errors';
import type { NormalizedUsage } from '../../../../lambda/core/usage';
import type { SseEvent, StreamTranslator } from '../../../../lambda/translate/types';

export const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixtureText(path));
}

/** A small deterministic PRNG so split points are random-looking yet reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Ways to cut a byte stream: every byte alone, whole, and seeded random cuts of 1-40 bytes. With
 * multi-byte characters and CRLF in the transcripts, single-byte cuts land inside every character
 * and between every CR and LF.
 */
export function splits(bytes: Uint8Array): Array<{ name: string; chunks: Uint8Array[] }> {
  const result = [
    { name: 'whole', chunks: [bytes] },
    { name: 'byte by byte', chunks: Array.from(bytes, (_, index) => bytes.subarray(index, index + 1)) },
  ];
  for (const seed of [1, 7, 42, 1234]) {
    const next = random(seed);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length;) {
      const size = 1 + Math.floor(next() * 40);
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    result.push({ name: `random cuts (seed ${seed})`, chunks });
  }
  return result;
}

/**
 * Decodes SSE like the gateway does: streaming TextDecoder + eventsource-parser. A bare JSON line
 * (Gemini's unframed mid-stream error) reaches `onError` as an unknown field and is surfaced as
 * an event whose data is the whole line.
 */
export function parseSse(chunks: readonly Uint8Array[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent: (event) => events.push(event.event ? { event: event.event, data: event.data } : { data: event.data }),
    onError: (error) => {
      if (error.type === 'unknown-field' && error.line?.trimStart().startsWith('{')) events.push({ data: error.line });
    },
  });
  const decoder = new TextDecoder('utf-8');
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  parser.feed(decoder.decode());
  parser.feed('\n\n');
  return events;
}

export interface StreamRun {
  readonly output: string;
  readonly usage: NormalizedUsage | undefined;
  readonly completed: boolean;
  readonly error?: GatewayError;
}

/** Drives a stream translator the way the inference handler does: push until it fails, then end. */
export function runStream(translator: StreamTranslator, events: readonly SseEvent[]): StreamRun {
  let output = '';
  for (const event of events) {
    output += translator.push(event);
    if (translator.failure) break;
  }
  output += translator.end();
  return { output, usage: translator.usage, completed: translator.completed, error: translator.failure };
}

/** The client-visible events of a translated stream, JSON-decoded, with their names. */
export function clientEvents(output: string): Array<{ event?: string; data: unknown }> {
  return parseSse([new TextEncoder().encode(output)]).map((event) => ({
    ...(event.event ? { event: event.event } : {}),
    data: event.data === '[DONE]' ? '[DONE]' : JSON.parse(event.data),
  }));
}

export const context = (overrides: Partial<{ publicModel: string; upstreamModel: string; stream: boolean }> = {}) => ({
  publicModel: overrides.publicModel ?? 'public-model',
  upstreamModel: overrides.upstreamModel ?? 'upstream-model',
  stream: overrides.stream ?? true,
  requestId: 'req1',
  createdAt: 1_730_000_000,
  clientHeaders: {},
});

/** Runs a fixture through fresh translators for every split and checks each run is identical. */
export function runFixtureAllSplits(fixture: string, create: () => StreamTranslator): StreamRun {
  const bytes = new TextEncoder().encode(fixtureText(fixture));
  let first: StreamRun | undefined;
  for (const split of splits(bytes)) {
    const run = runStream(create(), parseSse(split.chunks));
    if (!first) first = run;
    else
      expect({ split: split.name, output: run.output, usage: run.usage }).toEqual({
        split: split.name,
        output: first.output,
        usage: first.usage,
      });
  }
  return first as StreamRun;
}
