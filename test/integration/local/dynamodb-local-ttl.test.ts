import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds } from '../../../lambda/store/retention';
import { TABLES, type TableId } from '../../../lambda/store/tables';
import { createTestStore, type TestStore } from '../../support/test-store';

/** How long to wait for DynamoDB Local's TTL on a loaded machine (it takes a few seconds on a quiet one). */
const DEADLINE_MS = 90_000;

/**
 * The local data directory (`npm start`, `.tollgate/`) keeps no more than AWS does: the DynamoDB Local the project
 * ships deletes expired items by itself (docs/DEPLOY.md §7a), in every table, with the TTL attribute the tables define.
 */
describe('DynamoDB Local deletes expired items (the local data directory expires like the tables in AWS)', () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.close());

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
        await store.documentClient.send(
          new PutCommand({ TableName: store.tableNames[id], Item: { ...items[id], [TABLES[id].timeToLiveAttribute]: now - 60 } }),
        );
      }
      const kept = { pk: 'account#acct_live', [TABLES.accounts.timeToLiveAttribute]: now + 3600 };
      await store.documentClient.send(new PutCommand({ TableName: store.tableNames.accounts, Item: kept }));
      const present = async (id: TableId, item: Record<string, unknown>) => {
        const key = Object.fromEntries(
          [TABLES[id].partitionKey.name, TABLES[id].sortKey?.name]
            .filter((name): name is string => !!name)
            .map((name) => [name, item[name]]),
        );
        const { Item } = await store.documentClient.send(
          new GetCommand({ TableName: store.tableNames[id], Key: key, ConsistentRead: true }),
        );
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
