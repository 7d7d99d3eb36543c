/**
 * `npm run bench` (adversarial input): the cost of the request-path normaliser and the SSE reader on
 * input built to be slow, at doubling sizes. Linear code doubles its time with the size (ratio ≈ 2);
 * quadratic code quadruples it (ratio ≈ 4). The path normaliser's old pattern `/\/+$/` is measured
 * beside it for comparison.
 */
import { normalizePath } from '../lambda/http/request-parts';
import { readSseEvents } from '../lambda/http/sse-reader';

const SIZES = [10_000, 20_000, 40_000, 80_000, 160_000];

/** The median of `runs` timings of `work`, in milliseconds. */
async function median(runs: number, work: () => unknown): Promise<number> {
  const durations: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return durations[Math.floor(durations.length / 2)];
}

/** A body that delivers `text` in pieces of `size` characters, as a network read would. */
function bodyOf(text: string, size: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= text.length) return controller.close();
      controller.enqueue(encoder.encode(text.slice(offset, offset + size)));
      offset += size;
    },
  });
}

async function drain(text: string, pieceSize: number): Promise<number> {
  let events = 0;
  try {
    for await (const event of readSseEvents(bodyOf(text, pieceSize))) events += event.data.length > 0 ? 1 : 0;
  } catch {
    // An event over the cap ends the read with a 502: also bounded work.
  }
  return events;
}

interface Case {
  readonly name: string;
  readonly unit: string;
  readonly runs: number;
  /** Smaller sizes for the quadratic comparison, which would take minutes at the full ones. */
  readonly sizes?: readonly number[];
  readonly work: (size: number) => () => unknown;
}

const CASES: Case[] = [
  {
    name: 'normalizePath: slashes then a letter',
    unit: 'slashes',
    runs: 9,
    work: (size) => {
      const path = `${'/'.repeat(size)}x`;
      return () => normalizePath(path);
    },
  },
  {
    name: 'normalizePath: only slashes',
    unit: 'slashes',
    runs: 9,
    work: (size) => {
      const path = '/'.repeat(size);
      return () => normalizePath(path);
    },
  },
  {
    name: 'old /\\/+$/ (for comparison)',
    unit: 'slashes',
    runs: 3,
    sizes: [1_250, 2_500, 5_000, 10_000, 20_000],
    work: (size) => {
      const path = `${'/'.repeat(size)}x`;
      return () => path.replace(/\/+$/, '');
    },
  },
  {
    name: 'SSE: stray lines (not SSE fields)',
    unit: 'lines',
    runs: 5,
    work: (size) => {
      const text = `data: {"a":1}\n\n${'stray\n'.repeat(size)}data: {"b":2}\n\n`;
      return () => drain(text, 16_384);
    },
  },
  {
    name: 'SSE: an unclosed JSON object over many lines',
    unit: 'lines',
    runs: 5,
    work: (size) => {
      const text = `{\n${'"k": [1,\n'.repeat(size)}data: {"b":2}\n\n`;
      return () => drain(text, 16_384);
    },
  },
  {
    name: 'SSE: empty lines ending in a CR per piece',
    unit: 'lines',
    runs: 5,
    work: (size) => {
      const text = `${`${'\n'.repeat(1_023)}\r`.repeat(Math.ceil(size / 1_024))}data: {"b":2}\n\n`;
      return () => drain(text, 1_024);
    },
  },
  {
    name: 'SSE: one data line in 64-byte pieces',
    unit: 'x 64 B',
    runs: 5,
    work: (size) => {
      const text = `data: ${'x'.repeat(size * 64)}\n\n`;
      return () => drain(text, 64);
    },
  },
];

async function main(): Promise<void> {
  console.log(
    `Adversarial input, median ms per call at doubling sizes (ratio to the previous size), ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(`${'case [unit], sizes'.padEnd(46)}${SIZES.map((size) => String(size).padStart(16)).join('')}`);
  for (const testCase of CASES) {
    const cells: string[] = [];
    let previous: number | undefined;
    const sizes = testCase.sizes ?? SIZES;
    for (const size of sizes) {
      const work = testCase.work(size);
      await work(); // warm-up
      const ms = await median(testCase.runs, work);
      cells.push(`${ms.toFixed(2)}${previous ? ` (${(ms / previous).toFixed(1)}x)` : ''}`.padStart(16));
      previous = ms;
    }
    const label = testCase.sizes ? `${testCase.name} [${testCase.unit}: ${sizes.join(', ')}]` : `${testCase.name} [${testCase.unit}]`;
    console.log(`${label.padEnd(46)}${cells.join('')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
