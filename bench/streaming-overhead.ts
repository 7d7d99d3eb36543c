/**
 * `npm run bench`: the time a gateway adds to a streamed chat completion, Tollgate and
 * the Portkey AI gateway side by side in one run.
 *
 * Processes, each on its own: the fake DeepSeek upstream (bench/fake-deepseek.ts: 8 content events
 * 2 ms apart), Tollgate as `npm start` runs it (lambda/local/start.ts with its own DynamoDB Local;
 * authentication, limits and metering on; default log level), and `@portkey-ai/gateway` (pinned
 * devDependency, bench/portkey-preload.cjs). This process is the load generator. For 1 and 50
 * concurrent streams, the targets take turns in short interleaved batches (so a change in the
 * machine's load hits all of them alike) and the bench prints, per target: time to the first
 * content event (p50, p99), the time added to direct's, the spread from the first to the last
 * content event, and the gateway process's CPU time per request (from /proc; DynamoDB Local's JVM
 * is another process and counted apart) and how busy it was (its CPU time ÷ the wall time of its
 * batches; near 100% it is saturated and events queue behind each other). Traffic stays on 127.0.0.1, loops are bounded, and every
 * child process is stopped by pid at the end, also on failure.
 *
 * Options: --rounds=1:200,50:1000 (streams:requests), --batches=5, --targets=direct,tollgate,...,
 * --cpu-prof=DIR (writes a V8 CPU profile of the Tollgate process there), --baseline=DIR (also runs
 * Tollgate from another checkout with its dependencies installed, e.g. a `git worktree` of main, as the
 * target "Tollgate baseline": a change is compared with what it replaces in the same run, under the
 * same load).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { issueApiKey } from '../lambda/core/issue-api-key';
import { freePort } from '../lambda/local/dynamodb-local';
import { ApiKeysRepository } from '../lambda/store/api-keys-repository';
import { createDocumentClient } from '../lambda/store/client';
import { LOCAL_TABLE_NAMES } from '../lambda/store/tables';
import { startNodeProcess, stopAll, type BenchProcess } from './child-processes';
import { CONTENT_EVENTS, EVENT_GAP_MS } from './fake-deepseek';
import { keepAliveAgent, runStreams, type StreamSample, type StreamTarget } from './stream-client';

const UPSTREAM_KEY = 'bench-upstream-key';
const ROOT = resolve(__dirname, '..');

interface Options {
  readonly rounds: ReadonlyArray<{ readonly concurrency: number; readonly requests: number }>;
  readonly batches: number;
  readonly targets: ReadonlySet<string>;
  readonly cpuProfileDirectory?: string;
  readonly baselineRoot?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string) => argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
  const rounds = (value('rounds') ?? '1:200,50:1000').split(',').map((pair) => {
    const [concurrency, requests] = pair.split(':').map(Number);
    if (!(concurrency >= 1 && requests >= concurrency && requests <= 100_000)) throw new Error(`--rounds: bad round '${pair}'`);
    return { concurrency, requests };
  });
  const batches = Number(value('batches') ?? 5);
  if (!(batches >= 1 && batches <= 100)) throw new Error('--batches must be 1..100');
  const targets = new Set((value('targets') ?? 'direct,tollgate,tollgate-limits,portkey').split(','));
  targets.add('direct');
  const cpuProf = value('cpu-prof');
  const baseline = value('baseline');
  return {
    rounds,
    batches,
    targets,
    cpuProfileDirectory: cpuProf ? resolve(cpuProf) : undefined,
    baselineRoot: baseline ? resolve(baseline) : undefined,
  };
}

interface GatewayTarget extends StreamTarget {
  /** The process whose CPU time is counted; undefined for direct calls. */
  readonly process?: BenchProcess;
}

async function startUpstream(): Promise<string> {
  const upstream = await startNodeProcess({
    name: 'fake DeepSeek',
    args: ['--import', 'tsx', join(ROOT, 'bench/fake-deepseek.ts')],
    env: { ...process.env, DEEPSEEK_API_KEY: UPSTREAM_KEY },
    readyOn: 'stdout',
    readyPattern: /(http:\/\/127\.0\.0\.1:\d+)\n/,
  });
  return upstream.ready[1];
}

/**
 * Tollgate as `npm start` runs it (from the checkout at `root`); returns its dev key and a second key
 * with RPM/TPM limits, their target names prefixed by `name`.
 */
async function startTollgate(
  upstreamBaseUrl: string,
  dataDirectory: string,
  cpuProfileDirectory?: string,
  root = ROOT,
  name = 'Tollgate',
): Promise<GatewayTarget[]> {
  const gateway = await startNodeProcess({
    name,
    cwd: root,
    args: [
      ...(cpuProfileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDirectory}`] : []),
      '--import',
      'tsx',
      'lambda/local/start.ts',
    ],
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      PORT: '0',
      TOLLGATE_DATA_DIR: dataDirectory,
      TOLLGATE_DEEPSEEK_BASE_URL: upstreamBaseUrl,
      DEEPSEEK_API_KEY: UPSTREAM_KEY,
    },
    readyOn: 'stderr',
    readyPattern: /listening on (http:\/\/\S+)[\s\S]*API key:\s+(tg_\S+)/,
    // SIGINT: the runtime's own shutdown, which stops its DynamoDB Local (and writes the CPU profile).
    stopSignal: 'SIGINT',
  });
  const [, baseUrl, devKey] = gateway.ready;
  const url = `${baseUrl}/v1/chat/completions`;
  // A second key of the dev account with limits far above the bench's rate: admission then makes its
  // one DynamoDB round trip (the rate window update) on every request.
  const readJson = (file: string): unknown => JSON.parse(readFileSync(join(dataDirectory, file), 'utf8'));
  const runtime = z.object({ dynamoDbEndpoint: z.string() }).parse(readJson('runtime.json'));
  const account = z.object({ accountId: z.string() }).parse(readJson('dev-account.json'));
  const client = createDocumentClient({ endpoint: runtime.dynamoDbEndpoint });
  try {
    const limited = await issueApiKey(new ApiKeysRepository(client, LOCAL_TABLE_NAMES.apiKeys), account.accountId, new Date(), {
      rpmLimit: 1_000_000_000,
      tpmLimit: 1_000_000_000_000,
    });
    return [
      { name, url, headers: { authorization: `Bearer ${devKey}` }, process: gateway },
      { name: `${name}, key with RPM/TPM limits`, url, headers: { authorization: `Bearer ${limited.key}` }, process: gateway },
    ];
  } finally {
    client.destroy();
  }
}

async function startPortkey(upstreamBaseUrl: string): Promise<GatewayTarget> {
  const port = await freePort();
  const portkey = await startNodeProcess({
    name: 'Portkey',
    args: [
      '--require',
      join(ROOT, 'bench/portkey-preload.cjs'),
      require.resolve('@portkey-ai/gateway/build/start-server.js'),
      `--port=${port}`,
      '--headless',
    ],
    readyOn: 'stdout',
    readyPattern: /Ready for connections/,
  });
  return {
    name: 'Portkey',
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    headers: {
      authorization: `Bearer ${UPSTREAM_KEY}`,
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `${upstreamBaseUrl}/v1`,
    },
    process: portkey,
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Measured {
  readonly target: GatewayTarget;
  readonly samples: StreamSample[];
  cpuMs: number;
  /** Wall time of the target's batches (streams running), for the process's CPU utilisation. */
  wallMs: number;
  /** CPU time of the gateway's child processes (Tollgate's DynamoDB Local). */
  childrenCpuMs: number;
}

const ms = (value: number) => value.toFixed(1);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDirectory = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
  const baselineDirectory = mkdtempSync(join(tmpdir(), 'tollgate-bench-baseline-'));
  const loadBefore = loadavg()[0];
  const benchStarted = performance.now();
  try {
    const upstreamBaseUrl = await startUpstream();
    const targets: GatewayTarget[] = [
      { name: 'direct', url: `${upstreamBaseUrl}/chat/completions`, headers: { authorization: `Bearer ${UPSTREAM_KEY}` } },
    ];
    if (options.targets.has('tollgate') || options.targets.has('tollgate-limits')) {
      const [tollgate, limited] = await startTollgate(upstreamBaseUrl, dataDirectory, options.cpuProfileDirectory);
      if (options.targets.has('tollgate')) targets.push(tollgate);
      if (options.targets.has('tollgate-limits')) targets.push(limited);
    }
    if (options.baselineRoot) {
      const [baseline] = await startTollgate(upstreamBaseUrl, baselineDirectory, undefined, options.baselineRoot, 'Tollgate baseline');
      targets.push(baseline);
    }
    if (options.targets.has('portkey')) targets.push(await startPortkey(upstreamBaseUrl));

    const agent = keepAliveAgent();
    // Warm every path (JIT, connection pools, the key cache) before measuring.
    for (const target of targets) await runStreams(target, agent, 10, 100);

    const results: Array<{ concurrency: number; requests: number; measured: Measured[] }> = [];
    for (const { concurrency, requests } of options.rounds) {
      const measured: Measured[] = targets.map((target) => ({ target, samples: [], cpuMs: 0, wallMs: 0, childrenCpuMs: 0 }));
      const perBatch = Math.max(concurrency, Math.ceil(requests / options.batches));
      for (let batch = 0; batch < options.batches; batch++) {
        for (const entry of measured) {
          const cpuBefore = entry.target.process?.cpuMs() ?? 0;
          const childrenCpuBefore = entry.target.process?.childrenCpuMs() ?? 0;
          const startedAt = performance.now();
          entry.samples.push(...(await runStreams(entry.target, agent, concurrency, perBatch)));
          entry.wallMs += performance.now() - startedAt;
          // Post-stream work (metering) belongs to the request: let it finish before reading the CPU time.
          await new Promise((wake) => setTimeout(wake, 250));
          entry.cpuMs += (entry.target.process?.cpuMs() ?? 0) - cpuBefore;
          entry.childrenCpuMs += (entry.target.process?.childrenCpuMs() ?? 0) - childrenCpuBefore;
        }
      }
      results.push({ concurrency, requests: perBatch * options.batches, measured });
    }
    agent.destroy();
    printReport(results, loadBefore);
    console.log(`(${((performance.now() - benchStarted) / 1000).toFixed(0)} s for this part of the bench)`);
  } finally {
    await stopAll();
    rmSync(dataDirectory, { recursive: true, force: true });
    rmSync(baselineDirectory, { recursive: true, force: true });
  }
}

function printReport(results: Array<{ concurrency: number; requests: number; measured: Measured[] }>, loadBefore: number): void {
  const cores = cpus();
  console.log(
    `Streaming through gateways, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; Node ${process.version}; ` +
      `${cores.length} × ${cores[0]?.model.trim() ?? 'CPU'}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`,
  );
  console.log(
    `Fake DeepSeek upstream: ${CONTENT_EVENTS} content events ${EVENT_GAP_MS} ms apart. Times in ms; "added" = gateway p50/p99 − direct p50/p99.`,
  );
  const header = [
    'streams',
    'target',
    'requests',
    'first token p50',
    'p99',
    'added p50',
    'added p99',
    'spread p50',
    'spread p99',
    'CPU/request',
    'CPU busy',
    'DynamoDB Local CPU/request',
  ];
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const { concurrency, measured } of results) {
    const direct = measured[0];
    const directP50 = percentile(
      direct.samples.map((s) => s.firstTokenMs),
      50,
    );
    const directP99 = percentile(
      direct.samples.map((s) => s.firstTokenMs),
      99,
    );
    const directSpread = percentile(
      direct.samples.map((s) => s.spreadMs),
      50,
    );
    const added = new Map<string, number>();
    for (const entry of measured) {
      const first = entry.samples.map((s) => s.firstTokenMs);
      const spread = entry.samples.map((s) => s.spreadMs);
      const isDirect = entry === direct;
      added.set(entry.target.name, percentile(first, 50) - directP50);
      rows.push([
        String(concurrency),
        entry.target.name,
        String(entry.samples.length),
        ms(percentile(first, 50)),
        ms(percentile(first, 99)),
        isDirect ? '' : ms(percentile(first, 50) - directP50),
        isDirect ? '' : ms(percentile(first, 99) - directP99),
        ms(percentile(spread, 50)),
        ms(percentile(spread, 99)),
        entry.target.process ? `${(entry.cpuMs / entry.samples.length).toFixed(2)} ms` : '',
        // Near 100%: the process is saturated and events queue behind each other.
        entry.target.process ? `${((100 * entry.cpuMs) / entry.wallMs).toFixed(0)}%` : '',
        entry.childrenCpuMs > 0 ? `${(entry.childrenCpuMs / entry.samples.length).toFixed(2)} ms` : '',
      ]);
    }
    const tollgate = added.get('Tollgate');
    const portkey = added.get('Portkey');
    if (tollgate !== undefined && portkey !== undefined)
      verdicts.push(
        `${concurrency} stream(s): Tollgate adds ${ms(tollgate)} ms, Portkey ${ms(portkey)} ms: ratio ${(tollgate / portkey).toFixed(2)}`,
      );
    const tollgateEntry = measured.find((entry) => entry.target.name === 'Tollgate');
    const baselineEntry = measured.find((entry) => entry.target.name === 'Tollgate baseline');
    const baseline = added.get('Tollgate baseline');
    if (tollgateEntry && baselineEntry && tollgate !== undefined && baseline !== undefined)
      verdicts.push(
        `${concurrency} stream(s): this checkout vs baseline: adds ${ms(tollgate)} vs ${ms(baseline)} ms, CPU/request ` +
          `${(tollgateEntry.cpuMs / tollgateEntry.samples.length).toFixed(2)} vs ${(baselineEntry.cpuMs / baselineEntry.samples.length).toFixed(2)} ms`,
      );
    if (tollgateEntry)
      verdicts.push(
        `${concurrency} stream(s): first-to-last-token spread p50 Tollgate ${ms(
          percentile(
            tollgateEntry.samples.map((s) => s.spreadMs),
            50,
          ),
        )} ms vs direct ${ms(directSpread)} ms`,
      );
  }
  printTable(header, rows);
  for (const verdict of verdicts) console.log(verdict);
  printIssueTable(results);
  printGoals(results);
}

function printTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/** What one target measured in one round: first token p50, added to direct's, spread p50, CPU per request. */
function summary(round: { measured: Measured[] }, name: string) {
  const entry = round.measured.find((candidate) => candidate.target.name === name);
  if (!entry) return undefined;
  const direct = percentile(
    round.measured[0].samples.map((s) => s.firstTokenMs),
    50,
  );
  const first = percentile(
    entry.samples.map((s) => s.firstTokenMs),
    50,
  );
  return {
    first,
    added: first - direct,
    spread: percentile(
      entry.samples.map((s) => s.spreadMs),
      50,
    ),
    cpuPerRequest: entry.target.process ? entry.cpuMs / entry.samples.length : undefined,
  };
}

/** The issue's side-by-side table: time to the first content token p50, with the time added to direct's. */
function printIssueTable(results: ReadonlyArray<{ concurrency: number; measured: Measured[] }>): void {
  const names = ['direct', 'Tollgate', 'Tollgate, key with RPM/TPM limits', 'Portkey'];
  const present = names.filter((name) => results.some((round) => summary(round, name)));
  console.log('');
  console.log('Time to the first content token, p50 (added to direct in brackets):');
  printTable(
    ['streams', ...present],
    results.map((round) => [
      String(round.concurrency),
      ...present.map((name) => {
        const measured = summary(round, name);
        if (!measured) return '';
        return name === 'direct' ? `${ms(measured.first)} ms` : `${ms(measured.first)} ms (+${ms(measured.added)})`;
      }),
    ]),
  );
}

/** Each measurable goal of the performance issue, with this run's value and whether it is met. */
function printGoals(results: ReadonlyArray<{ concurrency: number; measured: Measured[] }>): void {
  const lines: string[] = [];
  const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'MET' : 'NOT MET');
  const one = results.find((round) => round.concurrency === 1);
  const fifty = results.find((round) => round.concurrency === 50);
  for (const name of ['Tollgate', 'Tollgate, key with RPM/TPM limits']) {
    const alone = one && summary(one, name);
    lines.push(`added p50 at 1 stream ≤ 1 ms (${name}): ${alone ? `${ms(alone.added)} ms` : '-'}: ${verdict(alone && alone.added <= 1)}`);
  }
  const tollgate = fifty && summary(fifty, 'Tollgate');
  const portkey = fifty && summary(fifty, 'Portkey');
  const direct = fifty && summary(fifty, 'direct');
  lines.push(
    `added p50 at 50 streams ≤ 0.5 × Portkey's: ${
      tollgate && portkey ? `${ms(tollgate.added)} vs ${ms(portkey.added)} ms, ratio ${(tollgate.added / portkey.added).toFixed(2)}` : '-'
    }: ${verdict(tollgate && portkey && tollgate.added <= 0.5 * portkey.added)}`,
  );
  lines.push(
    `first-to-last-token spread p50 at 50 streams within 2 ms of direct's: ${
      tollgate && direct ? `${ms(tollgate.spread)} vs ${ms(direct.spread)} ms` : '-'
    }: ${verdict(tollgate && direct && Math.abs(tollgate.spread - direct.spread) <= 2)}`,
  );
  for (const round of results) {
    const measured = summary(round, 'Tollgate');
    const cpu = measured?.cpuPerRequest;
    lines.push(
      `gateway CPU per streamed request ≤ 0.5 ms at ${round.concurrency} stream(s): ${cpu !== undefined ? `${cpu.toFixed(2)} ms` : '-'}: ${verdict(
        cpu === undefined ? undefined : cpu <= 0.5,
      )}`,
    );
  }
  console.log('');
  console.log('Goals (issue 11; the translation throughput goal is printed by bench/translation-throughput.ts):');
  for (const text of lines) console.log(`- ${text}`);
}

let stopping = false;
const stopOnSignal = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
