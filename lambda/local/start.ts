import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDevAccount } from './dev-account';
import { dynamoDbLocalProcessesOf } from './dynamodb-local';
import { captureFunctionOutput } from './function-output';
import { ensurePortFree, startLocalGateway, type LocalGateway } from './local-gateway';
import { commandLineOf, terminate } from './processes';
import { logFormatFromEnvironment, RequestLog } from './request-log';
import { dataDirectory, removeRuntimeInfo, runtimeState, writeRuntimeInfo } from './runtime-info';

/** Signals that stop `npm start` gracefully (SIGHUP: the terminal was closed). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** After the grace time, how long handlers get to end what still runs (error event, usage record). */
const END_TIMEOUT_MS = 5_000;
/** Signals closer together than this are one key press delivered twice (see the SIGINT handler). */
const SAME_PRESS_MS = 1_000;

const say = (text: string) => process.stderr.write(`${text}\n`);

/** `TOLLGATE_SHUTDOWN_GRACE_SECONDS`: how long a stop waits for running streams to finish. @default 10 */
function shutdownGraceSeconds(environment: NodeJS.ProcessEnv): number {
  const raw = environment.TOLLGATE_SHUTDOWN_GRACE_SECONDS;
  if (raw === undefined || raw === '') return 10;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`TOLLGATE_SHUTDOWN_GRACE_SECONDS must be a number of seconds, got '${raw}'.`);
  return value;
}

function portFromEnvironment(environment: NodeJS.ProcessEnv): number {
  const port = Number(environment.PORT || 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${environment.PORT}'.`);
  return port;
}

/** Whether a process is an `npm start` of this gateway (when processes cannot be listed: assume it is). */
function isGatewayProcess(pid: number): boolean {
  const commandLine = commandLineOf(pid);
  return commandLine === undefined || commandLine.includes('lambda/local/start');
}

/**
 * Before starting: a runtime.json whose gateway is gone is removed; a DynamoDB Local left running on
 * this directory's files (its gateway was killed) is stopped, so two never share the files. A gateway
 * that still runs from this directory is an error.
 */
async function clearLeftovers(directory: string): Promise<void> {
  const runtime = runtimeState(directory, isGatewayProcess);
  if (runtime.state === 'running') {
    throw new Error(
      `A gateway is already running from ${directory} (pid ${runtime.info.pid}, ${runtime.info.gatewayUrl}). Stop it first (Ctrl-C in its terminal, or kill ${runtime.info.pid}), or set TOLLGATE_DATA_DIR to use another data directory.`,
    );
  }
  if (runtime.state === 'stale') {
    removeRuntimeInfo(directory);
    say(`Removed a stale runtime.json: the gateway it names (pid ${runtime.info.pid}, started ${runtime.info.startedAt}) is gone.`);
  }
  for (const database of dynamoDbLocalProcessesOf(join(directory, 'dynamodb')) ?? []) {
    if (isGatewayProcess(database.parentPid)) {
      throw new Error(
        `DynamoDB Local on ${directory} is run by another gateway (pid ${database.parentPid}). Stop it first, or set TOLLGATE_DATA_DIR.`,
      );
    }
    say(`Stopping a DynamoDB Local left running on ${directory} by an earlier start (pid ${database.pid})...`);
    await terminate(database.pid);
  }
}

/** `npm start`: the whole gateway on this machine, with DynamoDB Local under TOLLGATE_DATA_DIR. */
async function main(): Promise<void> {
  // The local runtime runs on the machine's Node.js; the SDK's notice about Node 20 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const directory = dataDirectory();
  const port = portFromEnvironment(process.env);
  const graceSeconds = shutdownGraceSeconds(process.env);
  const format = logFormatFromEnvironment(process.env, Boolean(process.stdout.isTTY));

  // Read by the signal handlers below before it is assigned (during start-up): a `const` would be in its dead zone.
  // eslint-disable-next-line prefer-const
  let gateway: LocalGateway | undefined;
  let stoppingSince: number | undefined;
  const hurry = new AbortController();
  const stop = async (signal: NodeJS.Signals, started: LocalGateway) => {
    say(`\n${signal}: stopping. New requests are refused.`);
    removeRuntimeInfo(directory);
    const unfinished = await started.stop({
      graceMs: graceSeconds * 1000,
      endMs: END_TIMEOUT_MS,
      cutShort: hurry.signal,
      onWaiting: (running, phase) =>
        say(
          phase === 'finish'
            ? `Waiting up to ${graceSeconds} s for ${running} running request(s) to finish (Ctrl-C again to end them now)...`
            : `Ending ${running} request(s) still running: streams get an error event and are metered...`,
        ),
    });
    if (unfinished > 0) say(`${unfinished} request(s) did not end in time and were cut; their usage records may be missing.`);
    say('Stopped the gateway and DynamoDB Local.');
    process.exit(0);
  };
  // Installed before anything starts: a signal must never leave DynamoDB Local running.
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      // During start-up there is nothing to drain: exit, and the exit handler stops DynamoDB Local.
      if (!gateway) process.exit(1);
      if (stoppingSince !== undefined) {
        // A terminal's Ctrl-C reaches npm and this process, and npm forwards it: the same press can
        // arrive twice within moments. A second press is a later one.
        if (signal === 'SIGINT' && Date.now() - stoppingSince > SAME_PRESS_MS) hurry.abort();
        return;
      }
      stoppingSince = Date.now();
      void stop(signal, gateway);
    });
  }

  await clearLeftovers(directory);
  await ensurePortFree(port);
  mkdirSync(directory, { recursive: true });
  const output = captureFunctionOutput((line) => requestLog.handlerLine(line));
  const requestLog = new RequestLog(format, output.write, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  gateway = await startLocalGateway({ port, dataDirectory: directory, requestLog });
  writeRuntimeInfo(directory, {
    pid: process.pid,
    gatewayUrl: gateway.url,
    dynamoDbEndpoint: gateway.dynamoDbEndpoint,
    startedAt: new Date().toISOString(),
  });

  const dev = await ensureDevAccount(directory, gateway.dynamoDbEndpoint);
  const lines = [
    `Tollgate is listening on ${gateway.url}`,
    `  data:     ${directory} (DynamoDB Local at ${gateway.dynamoDbEndpoint})`,
    `  account:  ${dev.accountId}`,
    dev.key
      ? `  API key:  ${dev.key}\n            (shown once: copy it now; more with \`npx tollgate keys create --account ${dev.accountId}\`)`
      : `  API key:  ${dev.keyId} (created on the first start; new ones with \`npx tollgate keys create --account ${dev.accountId}\`)`,
    `  try:      curl ${gateway.url}/v1/models -H "Authorization: Bearer <key>"`,
    `  logs:     ${format === 'pretty' ? 'one line per request below (TOLLGATE_LOG_FORMAT=json for JSON lines)' : 'JSON lines on stdout (TOLLGATE_LOG_FORMAT=pretty for one readable line per request)'}`,
    'Press Ctrl-C to stop.',
  ];
  say(lines.join('\n'));
}

main().catch((error: unknown) => {
  say(`tollgate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
