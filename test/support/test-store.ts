import { randomUUID } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables } from '../../lambda/local/create-tables';
import { createDocumentClient } from '../../lambda/store/client';
import { LOCAL_TABLE_NAMES, TABLE_NAME_ENV, TABLE_IDS, type TableNames } from '../../lambda/store/tables';

export interface TestStore {
  readonly endpoint: string;
  readonly tableNames: TableNames;
  readonly documentClient: DynamoDBDocumentClient;
  /** Environment variables that point a handler at these tables. */
  readonly environment: Record<string, string>;
  /** Every item of every table, as raw JSON text (for privacy canary checks). */
  dumpAllTables(): Promise<string>;
  close(): void;
}

/** Fresh, uniquely named tables in the run's DynamoDB Local (started by global-setup.ts). */
export async function createTestStore(): Promise<TestStore> {
  const endpoint = process.env.TOLLGATE_TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('TOLLGATE_TEST_DYNAMODB_ENDPOINT is not set: run the tests through jest (test/support/global-setup.ts).');
  const suffix = randomUUID().slice(0, 8);
  const tableNames = Object.fromEntries(Object.entries(LOCAL_TABLE_NAMES).map(([id, name]) => [id, `${name}-${suffix}`])) as TableNames;
  const rawClient = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await createTables(rawClient, tableNames);
  const documentClient = createDocumentClient({ endpoint });
  const environment: Record<string, string> = { TOLLGATE_DYNAMODB_ENDPOINT: endpoint };
  for (const id of TABLE_IDS) environment[TABLE_NAME_ENV[id]] = tableNames[id];
  return {
    endpoint,
    tableNames,
    documentClient,
    environment,
    async dumpAllTables() {
      const dumps: string[] = [];
      for (const tableName of Object.values(tableNames)) {
        const { Items } = await rawClient.send(new ScanCommand({ TableName: tableName }));
        dumps.push(JSON.stringify(Items ?? []));
      }
      return dumps.join('\n');
    },
    close() {
      documentClient.destroy();
      rawClient.destroy();
    },
  };
}
