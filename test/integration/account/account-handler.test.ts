import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { AccountService } from '../../../lambda/account/account-service';
import { createAccountHandler } from '../../../lambda/handlers/account';
import { AccountsRepository } from '../../../lambda/store/accounts-repository';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { accountExpiry, epochSeconds, usageExpiry } from '../../../lambda/store/retention';
import { UsageRepository } from '../../../lambda/store/usage-repository';
import { createTestStore, type TestStore } from '../../support/test-store';
import { proxyEvent, usage } from './account-api-support';

const NOW = new Date('2099-11-27T03:00:00.000Z');

describe('account holder API through the handler, on DynamoDB Local', () => {
  let store: TestStore;
  let service: AccountService;
  let apiKeys: ApiKeysRepository;
  let call: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult & { json: any }>;

  beforeAll(async () => {
    store = await createTestStore();
    apiKeys = new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys);
    service = new AccountService(new AccountsRepository(store.documentClient, store.tableNames.accounts), apiKeys, () => NOW);
    const handler = createAccountHandler({ documentClient: store.documentClient, tableNames: store.tableNames, clock: () => NOW });
    call = async (event) => {
      const result = await handler(event, {} as Context);
      return { ...result, json: JSON.parse(result.body) };
    };
  });
  afterAll(() => store.close());

  async function accountWithKey(email: string) {
    const account = await service.create({ email, paymentRef: 'cus_export', cardBrand: 'visa', cardLast4: '4242' });
    const issued = await service.issueKey(account.accountId);
    return { account, issued };
  }

  it('exports the account, its keys without hashes, and its usage within retention', async () => {
    const { account, issued } = await accountWithKey('export@example.com');
    const records = new UsageRepository(store.documentClient, store.tableNames.usage);
    await records.put(usage(account.accountId, issued.record.keyId, '2099-11-20T10:00:00.000Z', 'kept'));
    // Past its TTL but not yet deleted by DynamoDB: must not be exported.
    await records.put(
      usage(account.accountId, issued.record.keyId, '2099-11-21T10:00:00.000Z', 'expired', { expiresAt: epochSeconds(NOW) - 60 }),
    );

    const response = await call(proxyEvent('GET', '/v1/account', { key: issued.key }));
    expect(response.statusCode).toBe(200);
    expect(response.json.account).toMatchObject({
      id: account.accountId,
      email: 'export@example.com',
      status: 'active',
      paymentRef: 'cus_export',
      cardLast4: '4242',
    });
    expect(response.json.keys).toEqual([
      expect.objectContaining({ id: issued.record.keyId, prefix: issued.record.prefix, status: 'active' }),
    ]);
    expect(response.body).not.toContain(issued.record.hash);
    expect(response.body).not.toContain(issued.key);
    expect(response.json.usage.records.map((record: { requestId: string }) => record.requestId)).toEqual(['kept']);
    expect(response.json.usage.nextCursor).toBeNull();
    expect(response.json.usage.byDayAndModel).toEqual([
      {
        day: '2099-11-20',
        model: 'deepseek-chat',
        operation: 'generate',
        requests: 1,
        errors: 0,
        inputTokens: 10,
        outputTokens: 5,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        costUsd: 0.001,
      },
    ]);
    expect(response.json.usage.records[0].expiresAt).toBe(new Date(usageExpiry(new Date('2099-11-20T10:00:00.000Z')) * 1000).toISOString());
  });

  it('groups own usage by day and by model, within from/to', async () => {
    const { account, issued } = await accountWithKey('usage@example.com');
    const records = new UsageRepository(store.documentClient, store.tableNames.usage);
    await records.put(usage(account.accountId, issued.record.keyId, '2099-11-24T10:00:00.000Z', 'a'));
    await records.put(
      usage(account.accountId, issued.record.keyId, '2099-11-24T11:00:00.000Z', 'b', { model: 'doubao-seed-1-6-250615', costUsd: 0.002 }),
    );
    await records.put(usage(account.accountId, issued.record.keyId, '2099-11-25T10:00:00.000Z', 'c'));
    // Another account's usage never shows.
    await records.put(usage('acct_other', 'otherkey', '2099-11-24T10:00:00.000Z', 'x'));

    const byDay = await call(proxyEvent('GET', '/v1/usage', { key: issued.key, query: { by: 'day' } }));
    expect(byDay.statusCode).toBe(200);
    expect(byDay.json.data).toEqual([
      expect.objectContaining({ day: '2099-11-24', requests: 2, inputTokens: 20, costUsd: 0.003 }),
      expect.objectContaining({ day: '2099-11-25', requests: 1 }),
    ]);
    const byModel = await call(
      proxyEvent('GET', '/v1/usage', { key: issued.key, query: { by: 'model', from: '2099-11-24', to: '2099-11-25' } }),
    );
    expect(byModel.json.data).toEqual([
      expect.objectContaining({ model: 'deepseek-chat', requests: 1 }),
      expect.objectContaining({ model: 'doubao-seed-1-6-250615', requests: 1, costUsd: 0.002 }),
    ]);
    const byKey = await call(proxyEvent('GET', '/v1/usage', { key: issued.key, query: { by: 'key' } }));
    expect(byKey.json.data).toEqual([expect.objectContaining({ keyId: issued.record.keyId, requests: 3, costUsd: 0.004 })]);
    const combined = await call(proxyEvent('GET', '/v1/usage', { key: issued.key, query: { by: 'day,model,key' } }));
    expect(combined.json.by).toBe('day,model,key');
    expect(combined.json.data).toEqual([
      expect.objectContaining({
        day: '2099-11-24',
        model: 'deepseek-chat',
        operation: 'generate',
        keyId: issued.record.keyId,
        requests: 1,
      }),
      expect.objectContaining({ day: '2099-11-24', model: 'doubao-seed-1-6-250615', keyId: issued.record.keyId, costUsd: 0.002 }),
      expect.objectContaining({ day: '2099-11-25', model: 'deepseek-chat', keyId: issued.record.keyId, requests: 1 }),
    ]);
    for (const by of ['account', 'day,day', 'day;model']) {
      const bad = await call(proxyEvent('GET', '/v1/usage', { key: issued.key, query: { by } }));
      expect(bad.statusCode).toBe(400);
      expect(bad.json.error).toMatchObject({ type: 'invalid_request_error', param: 'by' });
    }
  });

  it("shows the account's budget, this month's spend and each key's rate limits", async () => {
    const { account, issued } = await accountWithKey('limits@example.com');
    await service.setMonthlyBudget(account.accountId, 25);
    await new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys).setRateLimits(issued.record.keyId, { rpmLimit: 60 });
    const records = new UsageRepository(store.documentClient, store.tableNames.usage);
    const month = NOW.toISOString().slice(0, 7);
    await records.put(usage(account.accountId, issued.record.keyId, `${month}-01T00:00:00.000Z`, 'first', { costUsd: 0.1 }));
    await records.put(usage(account.accountId, issued.record.keyId, NOW.toISOString(), 'now', { costUsd: 0.2 }));
    // Before this month: not spent this month.
    await records.put(usage(account.accountId, issued.record.keyId, '2099-10-31T23:59:59.999Z', 'before', { costUsd: 5 }));
    const limits = await call(proxyEvent('GET', '/v1/usage/limits', { key: issued.key }));
    expect(limits.statusCode).toBe(200);
    expect(limits.json).toEqual({
      object: 'limits',
      month,
      monthlyBudgetUsd: 25,
      spentThisMonthUsd: 0.3,
      keys: [{ id: issued.record.keyId, prefix: issued.record.prefix, status: 'active', rpmLimit: 60, tpmLimit: null }],
    });
  });

  it('corrects the email and moves the uniqueness claim', async () => {
    const { account, issued } = await accountWithKey('old@example.com');
    await accountWithKey('taken@example.com');
    const changed = await call(proxyEvent('PATCH', '/v1/account', { key: issued.key, body: JSON.stringify({ email: 'new@example.com' }) }));
    expect(changed.statusCode).toBe(200);
    expect(changed.json.account).toMatchObject({ id: account.accountId, email: 'new@example.com' });
    // The old address is free again, the new one is claimed.
    await expect(service.create({ email: 'old@example.com' })).resolves.toMatchObject({ email: 'old@example.com' });
    await expect(service.create({ email: 'NEW@example.com' })).rejects.toMatchObject({ name: 'EmailTakenError' });

    const taken = await call(proxyEvent('PATCH', '/v1/account', { key: issued.key, body: JSON.stringify({ email: 'taken@example.com' }) }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json.error).toMatchObject({ param: 'email', type: 'invalid_request_error' });
    const invalid = await call(proxyEvent('PATCH', '/v1/account', { key: issued.key, body: JSON.stringify({ email: 'nope' }) }));
    expect(invalid.statusCode).toBe(400);
    const notJson = await call(proxyEvent('PATCH', '/v1/account', { key: issued.key, body: '{"email":' }));
    expect(notJson).toMatchObject({ statusCode: 400, json: { error: { message: 'The request body is not valid JSON.' } } });
    const other = await call(proxyEvent('PATCH', '/v1/account', { key: issued.key, body: JSON.stringify({ paymentRef: 'x' }) }));
    expect(other.statusCode).toBe(400);
  });

  it('erases the account: keys revoked at once, TTL deletion + 16 days on account, claim and keys', async () => {
    const { account, issued } = await accountWithKey('erase@example.com');
    const second = await service.issueKey(account.accountId);
    const response = await call(proxyEvent('DELETE', '/v1/account', { key: issued.key }));
    expect(response.statusCode).toBe(200);
    const expectedExpiry = accountExpiry(NOW);
    expect(response.json).toMatchObject({
      id: account.accountId,
      status: 'deleted',
      deletedAt: NOW.toISOString(),
      expiresAt: new Date(expectedExpiry * 1000).toISOString(),
    });

    for (const keyId of [issued.record.keyId, second.record.keyId]) {
      expect(await apiKeys.get(keyId)).toMatchObject({ status: 'revoked', expiresAt: expectedExpiry });
    }
    for (const pk of [`account#${account.accountId}`, 'email#erase@example.com']) {
      const { Item } = await store.documentClient.send(new GetCommand({ TableName: store.tableNames.accounts, Key: { pk } }));
      expect(Item?.expiresAt).toBe(expectedExpiry);
    }

    const afterwards = await call(proxyEvent('GET', '/v1/account', { key: second.key }));
    expect(afterwards.statusCode).toBe(401);
    expect(afterwards.json.error).toMatchObject({ code: 'invalid_api_key', message: expect.stringContaining('revoked') });
  });

  it('answers 401 without a key, 400 for a key in the URL, 404 and 405 for unknown routes, in the OpenAI shape', async () => {
    const missing = await call(proxyEvent('GET', '/v1/account'));
    expect(missing).toMatchObject({ statusCode: 401, json: { error: { type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const inUrl = await call(proxyEvent('GET', '/v1/account', { query: { key: 'tg_x' } }));
    expect(inUrl.statusCode).toBe(400);
    const unknown = await call(proxyEvent('GET', '/v1/accounts'));
    expect(unknown).toMatchObject({ statusCode: 404, json: { error: { code: 'not_found' } } });
    const wrongMethod = await call(proxyEvent('POST', '/v1/usage'));
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers).toMatchObject({ allow: 'GET' });
  });
});
