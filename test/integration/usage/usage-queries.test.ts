import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dayShardOf, dayShardsOf } from '../../../lambda/store/day-shard';
import { USAGE_DAY_SHARDS } from '../../../lambda/store/tables';
import { UsageRepository, type UsageRecord } from '../../../lambda/store/usage-repository';
import { epochSeconds } from '../../../lambda/store/retention';
import { UsageQueries } from '../../../lambda/usage/usage-queries';
import { monthRange } from '../../../lambda/usage/time-range';
import { createTestStore, type TestStore } from '../../support/test-store';
import { usageRecordFixture } from '../../support/usage-record-fixture';

// After November, so that the whole month lies within the retention period up to now.
const NOW = new Date('2099-12-02T03:00:00.000Z');
const NOVEMBER = monthRange('2099-11');

function record(
  accountId: string,
  keyId: string,
  model: string,
  timestamp: string,
  requestId: string,
  overrides: Partial<UsageRecord> = {},
): UsageRecord {
  return usageRecordFixture(accountId, keyId, timestamp, requestId, {
    model,
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0.01,
    ...overrides,
  });
}

describe('usage queries on DynamoDB Local', () => {
  let store: TestStore;
  let queries: UsageQueries;
  const commands: { name: string; input: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    store = await createTestStore();
    const usage = new UsageRepository(store.documentClient, store.tableNames.usage);
    for (const item of [
      record('acct_a', 'key_a1', 'deepseek-chat', '2099-11-01T00:00:00.000Z', 'a1'),
      record('acct_a', 'key_a2', 'doubao-seed-1-6-250615', '2099-11-15T12:00:00.000Z', 'a2'),
      record('acct_a', 'key_a1', 'deepseek-chat', '2099-12-01T00:00:00.000Z', 'a3'),
      record('acct_b', 'key_b1', 'deepseek-chat', '2099-11-15T13:00:00.000Z', 'b1'),
      record('acct_b', 'key_b1', 'deepseek-chat', '2099-10-31T23:59:59.999Z', 'b2'),
      // Exactly where the second 14-day part of November starts, and just before it.
      record('acct_c', 'key_c1', 'deepseek-chat', '2099-11-15T00:00:00.000Z', 'c2'),
      record('acct_c', 'key_c1', 'deepseek-chat', '2099-11-14T23:59:59.999Z', 'c1'),
      // Its TTL has passed, DynamoDB has not deleted it yet: never returned.
      record('acct_b', 'key_b1', 'deepseek-chat', '2099-11-16T00:00:00.000Z', 'expired', { expiresAt: epochSeconds(NOW) - 1 }),
    ]) {
      await usage.put(item);
    }
    // Observe (not replace) what the queries send to DynamoDB.
    store.documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push({ name: String(context.commandName), input: args.input as Record<string, unknown> });
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    queries = new UsageQueries(store.documentClient, store.tableNames.usage, () => NOW);
  });
  beforeEach(() => commands.splice(0));
  afterAll(() => store.close());

  const ids = (records: UsageRecord[]) => records.map((item) => item.requestId);

  it('reads one account from its partition, within [from, to), in parallel parts of 14 days', async () => {
    expect(ids(await queries.records({ accountId: 'acct_a' }, NOVEMBER))).toEqual(['a1', 'a2']);
    expect(commands).toHaveLength(3);
    expect(commands.every((command) => command.name === 'QueryCommand' && command.input.IndexName === undefined)).toBe(true);
  });

  it('returns a record on the boundary of two parts once, in order', async () => {
    expect(ids(await queries.records({ accountId: 'acct_c' }, NOVEMBER))).toEqual(['c1', 'c2']);
    expect(ids(await queries.records({ keyId: 'key_c1' }, NOVEMBER))).toEqual(['c1', 'c2']);
    const visited: string[] = [];
    await queries.visit({ accountId: 'acct_c' }, NOVEMBER, (item) => visited.push(item.requestId));
    expect(visited.sort()).toEqual(['c1', 'c2']);
  });

  it('reads one key through the byKey index', async () => {
    expect(ids(await queries.records({ keyId: 'key_b1' }, NOVEMBER))).toEqual(['b1']);
    expect(commands).toHaveLength(3);
    expect(commands.every((command) => command.name === 'QueryCommand' && command.input.IndexName === 'byKey')).toBe(true);
  });

  it('reads one model or every account day by day through every shard of the byDay index, never scanning', async () => {
    expect(ids(await queries.records({ model: 'deepseek-chat' }, NOVEMBER))).toEqual(['a1', 'c1', 'c2', 'b1']);
    expect(commands).toHaveLength(30 * USAGE_DAY_SHARDS);
    expect(commands.every((command) => command.name === 'QueryCommand' && command.input.IndexName === 'byDay')).toBe(true);
    commands.splice(0);
    expect(ids(await queries.records({}, { from: '2099-11-15T00:00:00.000Z', to: '2099-11-17T00:00:00.000Z' }))).toEqual([
      'c2',
      'a2',
      'b1',
    ]);
    const shards = commands.map((command) => (command.input.ExpressionAttributeValues as Record<string, string>)[':dayShard']);
    expect(new Set(shards)).toEqual(new Set([...dayShardsOf('2099-11-15'), ...dayShardsOf('2099-11-16')]));
    expect(commands.every((command) => command.name === 'QueryCommand')).toBe(true);
  });

  it('spreads one day over the byDay shards and merges every shard back in sk order', async () => {
    const usage = new UsageRepository(store.documentClient, store.tableNames.usage);
    const day = '2099-11-20';
    const written = Array.from({ length: 40 }, (_, index) =>
      record(`acct_${index % 3}`, 'key_many', 'deepseek-chat', `${day}T10:00:${String(index).padStart(2, '0')}.000Z`, `many-${index}`),
    );
    // Written out of order, and without dayShard: the repository derives it from day and request id.
    for (const item of [...written].reverse()) await usage.put(item);
    const raw = await store.documentClient.send(
      new GetCommand({ TableName: store.tableNames.usage, Key: { accountId: written[7].accountId, sk: written[7].sk } }),
    );
    expect(raw.Item?.dayShard).toBe(dayShardOf(day, 'many-7'));
    expect(new Set(written.map((item) => dayShardOf(day, item.requestId))).size).toBeGreaterThan(1);

    commands.splice(0);
    const read = await queries.records({}, { from: `${day}T00:00:00.000Z`, to: '2099-11-21T00:00:00.000Z' });
    expect(ids(read)).toEqual(written.map((item) => item.requestId));
    expect(commands).toHaveLength(USAGE_DAY_SHARDS);
  });

  it('never returns an expired record', async () => {
    const all = await queries.records({ accountId: 'acct_b' }, { from: '2099-10-01T00:00:00.000Z', to: '2099-12-31T00:00:00.000Z' });
    expect(ids(all)).toEqual(['b2', 'b1']);
  });

  it('reads at most the retention period, whatever range it is given', async () => {
    const all = await queries.records({ accountId: 'acct_a' }, { from: '1000-01-01T00:00:00.000Z', to: '3000-01-01T00:00:00.000Z' });
    expect(ids(all)).toEqual(['a1', 'a2', 'a3']);
    // 90 days in parts of 14: 7 queries, not one per part of a thousand years.
    expect(commands).toHaveLength(7);
    commands.splice(0);
    expect(await queries.records({ accountId: 'acct_a' }, { from: '1000-01-01T00:00:00.000Z', to: '1000-02-01T00:00:00.000Z' })).toEqual(
      [],
    );
    expect(commands).toHaveLength(0);
  });
});
