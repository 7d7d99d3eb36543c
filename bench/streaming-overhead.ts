/**
 * `npm run bench`: the time the gateway adds to a streamed chat completion.
 *
 * A fake DeepSeek upstream (test/support, in its own process) streams the same answer to two
 * callers: directly, and through `npm start`'s local runtime (its own process, with its own
 * DynamoDB Local). Time to first byte is the time to the first complete `data:` event. For 1 and 50
 * concurrent streams it prints p50 and p99 of the time to first content byte and of the total
 * stream time, both ways, and the difference. Traffic stays on 127.0.0.1; every loop is bounded.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lambda/local/dynamodb-local';

const UPSTREAM_KEY = 'bench-upstream-key';
const ROUNDS: ReadonlyArray<{ concurrency: number; requests: number }> = [
  { concurrency: 1, requests: 100 },
  { concurrency: 50, requests: 500 },
];

interface Sample {
  readonly firstByteMs: number;
  readonly totalMs: number;
}

async function streamOnce(url: string, headers: Record<string, string>): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      model: 'deepseek-chat',
      stream: true,
      messages: [{ role: 'user', content: 'Benchmark prompt of a typical short length, asking for a short answer.' }],
    }),
  });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  let firstByteMs: number | undefined;
  let received = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    if (firstByteMs !== undefined) continue;
    // The first whole content event: keep-alive comments do not count, nor half an event.
    received += decoder.decode(chunk as Uint8Array, { stream: true });
    const start = received.indexOf('data:');
    if (start >= 0 && received.indexOf('\n\n', start) > 0) firstByteMs = performance.now() - started;
  }
  return { firstByteMs: firstByteMs ?? Number.NaN, totalMs: performance.now() - started };
}

async function run(url: string, headers: Record<string, string>, concurrency: number, requests: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next += 1;
      samples.push(await streamOnce(url, headers));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return samples;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function startGateway(upstreamBaseUrl: string): Promise<{ url: string; key: string; stop: () => Promise<void> }> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'lambda/local/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      TOLLGATE_DATA_DIR: dataDirectory,
      TOLLGATE_DEEPSEEK_BASE_URL: upstreamBaseUrl,
      DEEPSEEK_API_KEY: UPSTREAM_KEY,
      POWERTOOLS_LOG_LEVEL: 'WARN',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const key = await new Promise<string>((resolveKey, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the gateway did not start within 60 s:\n${text}`)), 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /API key:\s+(tg_\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolveKey(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited with code ${code}:\n${text}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    key,
    async stop() {
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGINT');
      await exited;
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

async function startUpstream(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'bench/fake-upstream-process.ts'], {
    env: { ...process.env, DEEPSEEK_API_KEY: UPSTREAM_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolveUrl(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the fake upstream exited with code ${code}`)));
  });
  return {
    baseUrl,
    async close() {
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const upstream = await startUpstream();
  const gateway = await startGateway(upstream.baseUrl);
  const directUrl = `${upstream.baseUrl}/chat/completions`;
  const rows: string[][] = [];
  try {
    // Warm both paths (JIT, connection pools, the key cache) before measuring.
    await run(directUrl, { authorization: `Bearer ${UPSTREAM_KEY}` }, 5, 20);
    await run(gateway.url, { authorization: `Bearer ${gateway.key}` }, 5, 20);
    for (const { concurrency, requests } of ROUNDS) {
      const direct = await run(directUrl, { authorization: `Bearer ${UPSTREAM_KEY}` }, concurrency, requests);
      const through = await run(gateway.url, { authorization: `Bearer ${gateway.key}` }, concurrency, requests);
      for (const [metric, pick] of [
        ['first byte', (s: Sample) => s.firstByteMs],
        ['total stream', (s: Sample) => s.totalMs],
      ] as const) {
        for (const p of [50, 99]) {
          const directValue = percentile(direct.map(pick), p);
          const gatewayValue = percentile(through.map(pick), p);
          rows.push([
            String(concurrency),
            String(requests),
            metric,
            `p${p}`,
            directValue.toFixed(1),
            gatewayValue.toFixed(1),
            (gatewayValue - directValue).toFixed(1),
          ]);
        }
      }
    }
  } finally {
    await gateway.stop();
    await upstream.close();
  }
  const header = ['concurrency', 'requests', 'metric', 'pct', 'direct ms', 'gateway ms', 'added ms'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column])).join('  ');
  console.log(
    `Tollgate streaming overhead, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${require('node:os').cpus().length} cores`,
  );
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
