import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from './create-tables';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from './dynamodb-local';
import { installAwsLambdaShim } from './awslambda-shim';
import { createLocalServer, type BufferedHandler } from './local-server';
import { tableNamesFromEnvironment, TABLE_NAME_ENV, LOCAL_TABLE_NAMES, type TableId } from '../store/tables';

export interface LocalGatewayOptions {
  /** @default 8787 */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** Where DynamoDB Local keeps its files; undefined with no endpoint means in memory. */
  readonly dataDirectory?: string;
  /** An already running DynamoDB (tests); when set, no DynamoDB Local is started. */
  readonly dynamoDbEndpoint?: string;
}

export interface LocalGateway {
  readonly url: string;
  readonly dynamoDbEndpoint: string;
  readonly server: Server;
  stop(): Promise<void>;
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
  for (const id of Object.keys(LOCAL_TABLE_NAMES) as TableId[]) process.env[TABLE_NAME_ENV[id]] ??= LOCAL_TABLE_NAMES[id];
  process.env.TOLLGATE_DYNAMODB_ENDPOINT = dynamoDbEndpoint;
  const client = new DynamoDBClient({
    endpoint: dynamoDbEndpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, tableNamesFromEnvironment());
  client.destroy();

  // The shim must exist before the handler modules load: middy wraps the handler at import time.
  installAwsLambdaShim();
  // Required here, not imported at the top: the handlers read their configuration when loaded.
  const inference = (require('../handlers/inference') as typeof import('../handlers/inference')).handler;
  const account = (require('../handlers/account') as typeof import('../handlers/account')).handler as BufferedHandler;
  const server = createLocalServer({ inference, account });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    dynamoDbEndpoint,
    server,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await database?.stop();
    },
  };
}
