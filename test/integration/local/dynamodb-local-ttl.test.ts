import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables } from '../../../lambda/local/create-tables';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../../lambda/local/dynamodb-local';
import { createDocumentClient } from '../../../lambda/store/client';
import { epochSeconds } from '../../../lambda/store/retention';
import { LOCAL_TABLE_NAMES, TABLES, type TableId } from '../../../lambda/store/tables';

/** How long to wait for DynamoDB Local's TTL on a loaded machine (it takes a few seconds on a quiet one). */
const DEADLINE_MS = 90_000;

/**
 * The local data directory (`npm start`, `.tollgate/`) keeps no more than AWS does: the DynamoDB Local the project
 * ships deletes expired items by itself (docs/DEPLOY.md §7a), in every table, with the TTL attribute the tables define.
 * Its own DynamoDB Local on a data directory, as `npm start` runs it, with only the gateway's four tables: the shared
 * test database holds the tables of every test file, and its deletion jobs visit them one by one.
 */
describe('DynamoDB Local deletes expired items (the local data directory expires like the tables in AWS)', () => {
  let dataDirectory: string;
  let database: RunningDynamoDbLocal;
  let documentClient: DynamoDBDocumentClient;
  const tableNames = LOCAL_TABLE_NAMES;

  beforeAll(async () => {
    dataDirectory = mkdtempSync(join(tmpdir(), 'tollgate-ttl-'));
    database = await startDynamoDbLocal({ dataDirectory });
    const rawClient = new DynamoDBClient({
      endpoint: database.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(rawClient, tableNames);
    rawClient.destroy();
    documentClient = createDocumentClient({ endpoint: database.endpoint });
  }, 120_000);
  afterAll(async () => {
    documentClient?.destroy();
    await database?.stop();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it(
    'deletes an expired item of every table within seconds and keeps an unexpired one',
    async () => {
      const items: Record<TableId, Record<string, unknown>> = {
        accounts: { pk: 'account#acct_erased' },
        apiKeys: { keyId: 'erasedkey000', accountId: 'acct_erased', createdAt: '2026-01-01T00:00:00.000Z' },
        usage: { accountId: 'acct_old', sk: '2026-08-01T00:00:00.000Z#old', keyId: 'k', dayShard: '2026-08-01#0' },
        counters: { pk: 'rpm#k#1' },
      };
      const ids = Object.keys(TABLES) as TableId[];
      const now = epochSeconds(new Date());
      for (const id of ids) {
        await documentClient.send(
          new PutCommand({ TableName: tableNames[id], Item: { ...items[id], [TABLES[id].timeToLiveAttribute]: now - 60 } }),
        );
      }
      const kept = { pk: 'account#acct_live', [TABLES.accounts.timeToLiveAttribute]: now + 3600 };
      await documentClient.send(new PutCommand({ TableName: tableNames.accounts, Item: kept }));
      const present = async (id: TableId, item: Record<string, unknown>) => {
        const key = Object.fromEntries(
          [TABLES[id].partitionKey.name, TABLES[id].sortKey?.name]
            .filter((name): name is string => !!name)
            .map((name) => [name, item[name]]),
        );
        const { Item } = await documentClient.send(new GetCommand({ TableName: tableNames[id], Key: key, ConsistentRead: true }));
        return Item !== undefined;
      };

      const startedAt = Date.now();
      let remaining = ids;
      while (remaining.length > 0 && Date.now() - startedAt < DEADLINE_MS) {
        const stillThere = await Promise.all(remaining.map((id) => present(id, items[id])));
        remaining = remaining.filter((_, index) => stillThere[index]);
        if (remaining.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(remaining).toEqual([]);
      expect(await present('accounts', kept)).toBe(true);
    },
    DEADLINE_MS + 30_000,
  );
});
