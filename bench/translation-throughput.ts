/**
 * `npm run bench`: how many upstream SSE events per second of CPU one core turns into
 * caller-protocol frames, for each (caller protocol, upstream protocol) pair. In process, no
 * network: the upstream bytes (bench/upstream-streams.ts) go through the same pieces as in the
 * gateway — a Node readable stream (what `node:http` hands over), the SSE reader and the pair's
 * stream translator — and the frames are collected. Every loop is bounded (by CPU time and by count).
 */
import { cpuUsage } from 'node:process';
import { Readable } from 'node:stream';
import { PROVIDERS, type Protocol } from '../lambda/core/providers';
import { readSseEvents } from '../lambda/http/sse-reader';
import { getTranslator } from '../lambda/translate/translators';
import type { TranslationContext } from '../lambda/translate/types';
import { upstreamStream } from './upstream-streams';

const PROTOCOLS: readonly Protocol[] = ['openai', 'anthropic', 'gemini'];
const CONTENT_EVENTS = 100;
const CPU_BUDGET_MS = 1000;
const MAX_ANSWERS = 20_000;
/** The issue's goal: upstream events translated per second of one core, for every pair. */
const GOAL_EVENTS_PER_SECOND = 20_000;

const UPSTREAM_MODEL: Readonly<Record<Protocol, string>> = {
  openai: 'deepseek-chat',
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
};

/** The upstream body as the gateway gets it from `node:http`: a Node readable stream of byte chunks. */
function bodyOf(chunks: readonly Uint8Array[]): Readable {
  return Readable.from(chunks, { objectMode: false });
}

/** Translates one answer; returns the number of upstream events read. */
async function translateOnce(client: Protocol, upstream: Protocol, chunks: readonly Uint8Array[]): Promise<number> {
  const context: TranslationContext = {
    publicModel: 'bench-model',
    upstreamModel: UPSTREAM_MODEL[upstream],
    stream: true,
    requestId: 'bench-request',
    createdAt: 1767411028,
    clientHeaders: {},
  };
  const translator = getTranslator(client, upstream).stream(context, { includeUsage: true });
  let events = 0;
  let bytes = 0;
  for await (const event of readSseEvents(bodyOf(chunks))) {
    events += 1;
    bytes += translator.push(event).length;
  }
  if (!translator.completed) throw new Error(`${client} ← ${upstream}: the translator did not see the end of the answer`);
  bytes += translator.end().length;
  if (bytes === 0) throw new Error(`${client} ← ${upstream}: no frames`);
  return events;
}

async function main(): Promise<void> {
  const cpuMs = () => {
    const usage = cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const encoder = new TextEncoder();
  console.log(
    `Translation pipeline (SSE reader + stream translator), in process: answers of ${CONTENT_EVENTS} content events, one network read per event`,
  );
  console.log(`${'caller ← upstream'.padEnd(22)}  ${'events/s/core'.padStart(13)}  ${'µs/event'.padStart(8)}`);
  // Each upstream protocol once: DeepSeek and Ark share the OpenAI-compatible one.
  const upstreams = [...new Set(Object.values(PROVIDERS).map((provider) => provider.protocol))];
  const rates: number[] = [];
  for (const client of PROTOCOLS) {
    for (const upstream of upstreams) {
      const chunks = upstreamStream(upstream, CONTENT_EVENTS).map((text) => encoder.encode(text));
      for (let warm = 0; warm < 200; warm++) await translateOnce(client, upstream, chunks);
      const started = cpuMs();
      let events = 0;
      for (let answers = 0; answers < MAX_ANSWERS && cpuMs() - started < CPU_BUDGET_MS; answers++) {
        events += await translateOnce(client, upstream, chunks);
      }
      const seconds = (cpuMs() - started) / 1000;
      rates.push(events / seconds);
      console.log(
        `${`${client} ← ${upstream}`.padEnd(22)}  ${Math.round(events / seconds)
          .toLocaleString('en-US')
          .padStart(13)}  ${((seconds * 1e6) / events).toFixed(1).padStart(8)}`,
      );
    }
  }
  const lowest = Math.min(...rates);
  console.log(
    `Goal (issue 11): ≥ ${GOAL_EVENTS_PER_SECOND.toLocaleString('en-US')} events/s/core for every pair: lowest ` +
      `${Math.round(lowest).toLocaleString('en-US')}: ${lowest >= GOAL_EVENTS_PER_SECOND ? 'MET' : 'NOT MET'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
