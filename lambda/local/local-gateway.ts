import { createServer, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildDashboardScript } from '../dashboard/build-dashboard-script';
import { useDashboardScriptSource } from '../dashboard/dashboard-script';
import { createTables } from './create-tables';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from './dynamodb-local';
import { installAwsLambdaShim } from './awslambda-shim';
import { createLocalServer, type BufferedHandler, type LocalServer } from './local-server';
import type { RequestLog } from './request-log';
import { tableNamesFromEnvironment, TABLE_NAME_ENV, LOCAL_TABLE_NAMES, TABLE_IDS } from '../store/tables';

export interface LocalGatewayOptions {
  /** @default 8787 */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** Where DynamoDB Local keeps its files; undefined with no endpoint means in memory. */
  readonly dataDirectory?: string;
  /** An already running DynamoDB (tests); when set, no DynamoDB Local is started. */
  readonly dynamoDbEndpoint?: string;
  /** Where each answered request is logged. @default none */
  readonly requestLog?: RequestLog;
}

export interface StopOptions {
  /** How long running requests (streams) may take to finish on their own. @default 0 */
  readonly graceMs?: number;
  /**
   * After the grace time: how long the handlers get to end the requests still running (their remaining
   * time drops to 0, so a stream ends with an error event and is metered). @default 0
   */
  readonly endMs?: number;
  /** Ends the grace time early (a second Ctrl-C). */
  readonly cutShort?: AbortSignal;
  /** Told when the stop waits for running requests. */
  readonly onWaiting?: (running: number, phase: 'finish' | 'end') => void;
}

export interface LocalGateway {
  readonly url: string;
  readonly dynamoDbEndpoint: string;
  readonly server: Server;
  /** The requests being answered now. */
  readonly runningRequests: () => number;
  /**
   * Stops accepting requests, lets the running ones finish and be metered (within the options'
   * bounds), closes the connections, then stops DynamoDB Local. Resolves with the number of requests
   * that were still running when their connections were closed.
   */
  stop(options?: StopOptions): Promise<number>;
}

/** The port is taken: tell the person what to do about it. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    host: string,
  ) {
    super(
      `Port ${port} on ${host} is already in use (another \`npm start\`, or another program). Set PORT to a free port, e.g. PORT=${port + 1} npm start.`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Fails fast with PortInUseError when the port is taken, before DynamoDB Local is started for nothing.
 * (The gateway's own listen reports it too, should the port be taken in between.)
 */
export async function ensurePortFree(port: number, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolveFree, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host) : error));
    probe.listen(port, host, () => probe.close(() => resolveFree()));
  });
}

/**
 * Starts the whole gateway on one machine: DynamoDB Local (unless given), the tables from the shared
 * definitions, and an HTTP server in front of the real handler modules. Configuration reaches the
 * handlers through the same environment variables as in Lambda.
 */
export async function startLocalGateway(options: LocalGatewayOptions = {}): Promise<LocalGateway> {
  let database: RunningDynamoDbLocal | undefined;
  const dynamoDbEndpoint =
    options.dynamoDbEndpoint ??
    (database = await startDynamoDbLocal({ dataDirectory: options.dataDirectory ? join(options.dataDirectory, 'dynamodb') : undefined }))
      .endpoint;

  try {
    return await serveGateway(dynamoDbEndpoint, options, database);
  } catch (error) {
    await database?.stop();
    throw error;
  }
}

async function serveGateway(
  dynamoDbEndpoint: string,
  options: LocalGatewayOptions,
  database?: RunningDynamoDbLocal,
): Promise<LocalGateway> {
  for (const id of TABLE_IDS) process.env[TABLE_NAME_ENV[id]] ??= LOCAL_TABLE_NAMES[id];
  process.env.TOLLGATE_DYNAMODB_ENDPOINT = dynamoDbEndpoint;
  const client = new DynamoDBClient({
    endpoint: dynamoDbEndpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, tableNamesFromEnvironment());
  client.destroy();

  // Lambda reads the page's script from its bundle; here it is built from the sources on the first GET /dashboard.
  useDashboardScriptSource(buildDashboardScript);
  // The shim must exist before the handler modules load: middy wraps the handler at import time.
  installAwsLambdaShim();
  // Required here, not imported at the top: the handlers read their configuration when loaded.
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the shim and the environment, see above */
  const inference = (require('../handlers/inference') as typeof import('../handlers/inference')).handler;
  const account = (require('../handlers/account') as typeof import('../handlers/account')).handler as BufferedHandler;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const local = createLocalServer({ inference, account }, { requestLog: options.requestLog });
  const { server } = local;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8787;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host) : error));
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    dynamoDbEndpoint,
    server,
    runningRequests: () => local.invocations.count,
    stop: (stopOptions) => stopGateway(local, stopOptions, database),
  };
}

async function stopGateway(local: LocalServer, options: StopOptions = {}, database?: RunningDynamoDbLocal): Promise<number> {
  const { server, invocations } = local;
  local.refuseNewRequests();
  const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  server.closeIdleConnections();
  let running = invocations.count;
  if (running > 0 && (options.graceMs ?? 0) > 0) {
    options.onWaiting?.(running, 'finish');
    running = await invocations.settled(options.graceMs ?? 0, options.cutShort);
  }
  if (running > 0 && (options.endMs ?? 0) > 0) {
    invocations.endWithin(0);
    options.onWaiting?.(running, 'end');
    running = await invocations.settled(options.endMs ?? 0);
  }
  server.closeAllConnections();
  await closed;
  await database?.stop();
  return running;
}
