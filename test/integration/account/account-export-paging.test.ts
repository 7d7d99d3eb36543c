import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { AccountService } from '../../../lambda/account/account-service';
import { createAccountHandler } from '../../../lambda/handlers/account';
import { AccountsRepository } from '../../../lambda/store/accounts-repository';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { dayShardOf } from '../../../lambda/store/day-shard';
import type { UsageRecord } from '../../../lambda/store/usage-repository';
import { encodeCursor } from '../../../lambda/usage/usage-cursor';
import { createTestStore, type TestStore } from '../../support/test-store';
import { proxyEvent, usage } from './account-api-support';

const NOW = new Date('2026-11-27T03:00:00.000Z');
const RECORDS = 1005;

describe('account export and usage records, paged, on DynamoDB Local', () => {
  let store: TestStore;
  let call: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult & { json: any }>;
  let key: string;
  let accountId: string;
  let written: UsageRecord[];

  beforeAll(async () => {
    store = await createTestStore();
    const apiKeys = new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys);
    const service = new AccountService(new AccountsRepository(store.documentClient, store.tableNames.accounts), apiKeys, () => NOW);
    const handler = createAccountHandler({ documentClient: store.documentClient, tableNames: store.tableNames, clock: () => NOW });
    call = async (event) => {
      const result = await handler(event, {} as Context);
      return { ...result, json: JSON.parse(result.body) };
    };
    const account = await service.create({ email: 'heavy@example.com' });
    const issued = await service.issueKey(account.accountId);
    key = issued.key;
    accountId = account.accountId;
    // Five days, two models, more records than one page.
    written = Array.from({ length: RECORDS }, (_, index) => {
      const timestamp = new Date(Date.parse('2026-11-20T00:00:00.000Z') + index * 600_000).toISOString();
      return usage(
        accountId,
        issued.record.keyId,
        timestamp,
        `r${String(index).padStart(4, '0')}`,
        index % 3 ? {} : { model: 'doubao-seed-1-6-250615' },
      );
    });
    for (let start = 0; start < written.length; start += 25) {
      const batch = written
        .slice(start, start + 25)
        .map((item) => ({ PutRequest: { Item: { ...item, dayShard: dayShardOf(item.day, item.requestId) } } }));
      await store.documentClient.send(new BatchWriteCommand({ RequestItems: { [store.tableNames.usage]: batch } }));
    }
  });
  afterAll(() => store.close());

  const ids = (records: { requestId: string }[]) => records.map((record) => record.requestId);

  it('exports sums per day and model over the whole retention and the first page of records, well under 6 MB', async () => {
    const response = await call(proxyEvent('GET', '/v1/account', { key }));
    expect(response.statusCode).toBe(200);
    expect(Buffer.byteLength(response.body)).toBeLessThan(1024 * 1024);
    const { byDayAndModel, records, nextCursor } = response.json.usage;
    expect(ids(records)).toEqual(ids(written.slice(0, 1000)));
    expect(typeof nextCursor).toBe('string');
    expect(byDayAndModel.reduce((sum: number, row: { requests: number }) => sum + row.requests, 0)).toBe(RECORDS);
    expect(byDayAndModel.map((row: { day: string; model: string }) => `${row.day} ${row.model}`)).toEqual(
      ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'].flatMap((day) => [
        `${day} deepseek-chat`,
        `${day} doubao-seed-1-6-250615`,
      ]),
    );

    const rest = await call(proxyEvent('GET', '/v1/usage', { key, query: { records: 'true', cursor: nextCursor } }));
    expect(rest.statusCode).toBe(200);
    expect(ids(rest.json.data)).toEqual(ids(written.slice(1000)));
    expect(rest.json.nextCursor).toBeNull();
  });

  it('pages through every record with a smaller limit, each once, in time order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query: Record<string, string> = { records: 'true', limit: '400', ...(cursor ? { cursor } : {}) };
      const page = await call(proxyEvent('GET', '/v1/usage', { key, query }));
      expect(page.statusCode).toBe(200);
      expect(page.json.data.length).toBeLessThanOrEqual(400);
      seen.push(...ids(page.json.data));
      cursor = page.json.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(ids(written));
    expect(pages).toBe(3);
  });

  it('keeps from/to on record pages', async () => {
    const page = await call(
      proxyEvent('GET', '/v1/usage', { key, query: { records: 'true', from: '2026-11-25', to: '2026-11-25T01:00:00Z' } }),
    );
    expect(ids(page.json.data)).toEqual(ids(written.filter((item) => item.sk >= '2026-11-25' && item.sk < '2026-11-25T01:00:00.000Z')));
    expect(page.json.data).toHaveLength(6);
  });

  it.each([
    [{ records: 'true', limit: '0' }, 'limit'],
    [{ records: 'true', limit: '1001' }, 'limit'],
    [{ records: 'true', limit: 'ten' }, 'limit'],
    [{ records: 'true', cursor: 'not a cursor!' }, 'cursor'],
    [{ records: 'true', cursor: Buffer.from('[1,2]').toString('base64url') }, 'cursor'],
    [{ records: 'true', cursor: encodeCursor({ accountId: 'acct_someoneelse', sk: '2026-11-21T00:00:00.000Z#x' }) }, 'cursor'],
    [{ records: 'true', by: 'day' }, 'by'],
    [{ records: 'yes' }, 'records'],
    [{ cursor: encodeCursor({ accountId: 'acct_x', sk: 'x' }) }, 'cursor'],
    [{ limit: '10' }, 'limit'],
  ])('refuses %j with 400 naming %s', async (query, param) => {
    const response = await call(proxyEvent('GET', '/v1/usage', { key, query }));
    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ type: 'invalid_request_error', param });
  });
});
