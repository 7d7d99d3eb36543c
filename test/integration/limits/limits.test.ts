import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { GatewayError } from '../../../lambda/core/errors';
import { Limits } from '../../../lambda/limits/limits';
import type { ApiKeyRecord } from '../../../lambda/store/api-keys-repository';
import { CountersRepository, monthlySpendKey, rateWindowKey } from '../../../lambda/store/counters-repository';
import { epochSeconds } from '../../../lambda/store/retention';
import { createTestStore, type TestStore } from '../../support/test-store';

/**
 * 20 s into a minute, so a test never straddles a window boundary; far in the future, because DynamoDB
 * Local deletes items whose TTL has passed on the wall clock within about a second.
 */
const NOW = new Date('2099-11-27T03:10:20.000Z');
let keyCounter = 0;

function keyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  keyCounter += 1;
  return {
    keyId: `limitskey${String(keyCounter).padStart(3, '0')}`,
    accountId: `acct_limits${keyCounter}`,
    hash: '0'.repeat(64),
    prefix: 'tg_x_…',
    status: 'active',
    createdAt: NOW.toISOString(),
    ...overrides,
  };
}

async function outcomes(promises: Promise<unknown>[]): Promise<{ admitted: number; refused: GatewayError[] }> {
  const settled = await Promise.allSettled(promises);
  const refused = settled.filter((result) => result.status === 'rejected').map((result) => result.reason);
  for (const reason of refused) expect(reason).toBeInstanceOf(GatewayError);
  return { admitted: settled.length - refused.length, refused: refused as GatewayError[] };
}

describe('Limits against DynamoDB Local', () => {
  let store: TestStore;
  let limits: Limits;
  let counters: CountersRepository;

  beforeAll(async () => {
    store = await createTestStore();
    limits = new Limits(store.documentClient, store.tableNames, () => NOW);
    counters = new CountersRepository(store.documentClient, store.tableNames.counters);
  });
  afterAll(() => store.close());

  it('admits exactly the RPM limit out of many concurrent requests, and refuses the rest with 429 rate_limited', async () => {
    const key = keyRecord({ rpmLimit: 10 });
    const { admitted, refused } = await outcomes(Array.from({ length: 60 }, () => limits.admit(key, NOW)));
    expect(admitted).toBe(10);
    expect(refused).toHaveLength(50);
    expect(refused[0]).toMatchObject({ statusCode: 429, kind: 'rate_limited', retryAfterSeconds: 40 });
    expect(refused[0].headers).toMatchObject({
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '40s',
    });
    expect(await counters.rateWindow(rateWindowKey(key.keyId, Math.floor(epochSeconds(NOW) / 60)))).toMatchObject({ requests: 10 });
  });

  it('applies the deployment default limits to keys without their own, and a key limit over the default', async () => {
    const withDefaults = new Limits(store.documentClient, store.tableNames, () => NOW, { rpmLimit: 2 });
    const plain = keyRecord();
    const { admitted } = await outcomes(Array.from({ length: 5 }, () => withDefaults.admit(plain, NOW)));
    expect(admitted).toBe(2);
    const generous = keyRecord({ rpmLimit: 4 });
    expect((await outcomes(Array.from({ length: 5 }, () => withDefaults.admit(generous, NOW)))).admitted).toBe(4);
  });

  it('opens a new window the next minute', async () => {
    const key = keyRecord({ rpmLimit: 1 });
    await limits.admit(key, NOW);
    await expect(limits.admit(key, NOW)).rejects.toMatchObject({ kind: 'rate_limited' });
    await expect(limits.admit(key, new Date(NOW.getTime() + 60_000))).resolves.toMatchObject({ keyId: key.keyId });
  });

  it('reports remaining requests and tokens on admission', async () => {
    const key = keyRecord({ rpmLimit: 5, tpmLimit: 1000 });
    const first = await limits.admit(key, NOW);
    expect(first.headers).toEqual({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '4',
      'x-ratelimit-reset-requests': '40s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '1000',
      'x-ratelimit-reset-tokens': '40s',
    });
    await limits.settle(first, { totalTokens: 300, costUsd: 0 });
    const second = await limits.admit(key, NOW);
    expect(second.headers['x-ratelimit-remaining-tokens']).toBe('700');
    expect(second.headers['x-ratelimit-remaining-requests']).toBe('3');
  });

  it('admits while the settled tokens of the window are under the TPM limit', async () => {
    const key = keyRecord({ tpmLimit: 100 });
    await limits.settle(await limits.admit(key, NOW), { totalTokens: 60, costUsd: 0 });
    await limits.settle(await limits.admit(key, NOW), { totalTokens: 60, costUsd: 0 });
    await expect(limits.admit(key, NOW)).rejects.toMatchObject({
      statusCode: 429,
      kind: 'rate_limited',
      message: expect.stringContaining('100 tokens per minute'),
      headers: expect.objectContaining({ 'x-ratelimit-remaining-tokens': '0' }),
    });
  });

  it('settles a request that ends in a later minute into the window current at settle time, which later requests read', async () => {
    const key = keyRecord({ rpmLimit: 10, tpmLimit: 100 });
    const nextMinute = new Date(NOW.getTime() + 60_000);
    const window = Math.floor(epochSeconds(NOW) / 60);
    // A long stream: admitted this minute, ends (and settles) in the next one.
    const admission = await limits.admit(key, NOW);
    await limits.settle(admission, { totalTokens: 150, costUsd: 0 }, nextMinute);
    expect(await counters.rateWindow(rateWindowKey(key.keyId, window))).toEqual({ requests: 1, tokens: 0 });
    expect(await counters.rateWindow(rateWindowKey(key.keyId, window + 1))).toEqual({ requests: 0, tokens: 150 });
    await expect(limits.admit(key, nextMinute)).rejects.toMatchObject({
      kind: 'rate_limited',
      message: expect.stringContaining('100 tokens per minute'),
    });
    // RPM stays exact: the settle-only window counted no request, and the refusal counted none either.
    expect(await counters.rateWindow(rateWindowKey(key.keyId, window + 1))).toMatchObject({ requests: 0 });
    const raw = await store.documentClient.send(
      new GetCommand({ TableName: store.tableNames.counters, Key: { pk: rateWindowKey(key.keyId, window + 1) } }),
    );
    expect(raw.Item?.expiresAt).toBe((window + 2) * 60 + 60);
  });

  it('settles with the Limits clock when no time is given', async () => {
    let now = NOW;
    const clocked = new Limits(store.documentClient, store.tableNames, () => now);
    const key = keyRecord({ tpmLimit: 50 });
    const admission = await clocked.admit(key);
    now = new Date(NOW.getTime() + 120_000);
    await clocked.settle(admission, { totalTokens: 80, costUsd: 0 });
    expect(await counters.rateWindow(rateWindowKey(key.keyId, Math.floor(epochSeconds(now) / 60)))).toMatchObject({ tokens: 80 });
    await expect(clocked.admit(key)).rejects.toMatchObject({ kind: 'rate_limited' });
  });

  it('names the token limit when tokens, not requests, are over, with the window state DynamoDB returns', async () => {
    const key = keyRecord({ rpmLimit: 100, tpmLimit: 10 });
    await limits.settle(await limits.admit(key, NOW), { totalTokens: 25, costUsd: 0 });
    const refusal = await limits.admit(key, NOW).catch((error: GatewayError) => error);
    expect(refusal).toMatchObject({ kind: 'rate_limited', message: expect.stringContaining('10 tokens per minute') });
    expect((refusal as GatewayError).headers).toMatchObject({
      'x-ratelimit-remaining-requests': '99',
      'x-ratelimit-remaining-tokens': '0',
    });
  });

  it('refuses with 429 quota_exceeded once the monthly budget is spent, and retries after the month ends', async () => {
    const key = keyRecord({ monthlyBudgetUsd: 1 });
    await limits.settle(await limits.admit(key, NOW), { totalTokens: 10, costUsd: 0.6 });
    await limits.settle(await limits.admit(key, NOW), { totalTokens: 10, costUsd: 0.6 });
    const refusal = await limits.admit(key, NOW).catch((error: GatewayError) => error);
    expect(refusal).toMatchObject({ statusCode: 429, kind: 'quota_exceeded' });
    expect((refusal as GatewayError).retryAfterSeconds).toBe(epochSeconds(new Date('2099-12-01T00:00:00Z')) - epochSeconds(NOW));
    expect(await counters.monthlySpend(key.accountId, '2099-11', NOW)).toBeCloseTo(1.2, 9);
    // The next month starts with nothing spent.
    await expect(limits.admit(key, new Date('2099-12-01T00:00:05Z'))).resolves.toMatchObject({ month: '2099-12' });
  });

  it('refuses every one of many concurrent requests once the budget is spent, without using up the RPM window', async () => {
    const key = keyRecord({ monthlyBudgetUsd: 0.5, rpmLimit: 100 });
    await limits.settle(await limits.admit(key, NOW), { totalTokens: 10, costUsd: 0.5 });
    const { admitted, refused } = await outcomes(Array.from({ length: 30 }, () => limits.admit(key, NOW)));
    expect(admitted).toBe(0);
    expect(refused.every((error) => error.kind === 'quota_exceeded')).toBe(true);
    expect(await counters.rateWindow(rateWindowKey(key.keyId, Math.floor(epochSeconds(NOW) / 60)))).toMatchObject({ requests: 1 });
  });

  it('reports a spent budget rather than a full window, and keeps the window count exact', async () => {
    const key = keyRecord({ monthlyBudgetUsd: 1, rpmLimit: 2 });
    await limits.settle(await limits.admit(key, NOW), { totalTokens: 1, costUsd: 0.25 });
    await limits.admit(key, NOW);
    await expect(limits.admit(key, NOW)).rejects.toMatchObject({ kind: 'rate_limited' });
    await limits.settle(await limits.admit(key, new Date(NOW.getTime() + 60_000)), { totalTokens: 1, costUsd: 1 });
    await expect(limits.admit(key, new Date(NOW.getTime() + 60_000))).rejects.toMatchObject({ kind: 'quota_exceeded' });
    expect(await counters.rateWindow(rateWindowKey(key.keyId, Math.floor(epochSeconds(NOW) / 60)))).toMatchObject({ requests: 2 });
    expect(await counters.rateWindow(rateWindowKey(key.keyId, Math.floor(epochSeconds(NOW) / 60) + 1))).toMatchObject({ requests: 1 });
  });

  it('shares the budget between the keys of one account', async () => {
    const first = keyRecord({ monthlyBudgetUsd: 2 });
    const second = keyRecord({ accountId: first.accountId, monthlyBudgetUsd: 2 });
    await limits.settle(await limits.admit(first, NOW), { totalTokens: 1, costUsd: 2 });
    await expect(limits.admit(second, NOW)).rejects.toMatchObject({ kind: 'quota_exceeded' });
  });

  it('gives counter items TTLs: the window a minute after it ends, the spend 31 days after the month', async () => {
    const key = keyRecord({ rpmLimit: 3 });
    await limits.settle(await limits.admit(key, NOW), { totalTokens: 5, costUsd: 0.25 });
    const window = Math.floor(epochSeconds(NOW) / 60);
    const raw = await store.documentClient.send(
      new GetCommand({ TableName: store.tableNames.counters, Key: { pk: rateWindowKey(key.keyId, window) } }),
    );
    expect(raw.Item?.expiresAt).toBe((window + 1) * 60 + 60);
    const spend = await store.documentClient.send(
      new GetCommand({ TableName: store.tableNames.counters, Key: { pk: monthlySpendKey(key.accountId, '2099-11') } }),
    );
    expect(spend.Item?.expiresAt).toBe(epochSeconds(new Date('2099-12-01T00:00:00Z')) + 31 * 86_400);
  });

  it('admits a key without limits or budget with no rate headers, and still settles its spend', async () => {
    const key = keyRecord();
    const admission = await limits.admit(key, NOW);
    expect(admission).toMatchObject({ headers: {}, rateWindowKey: undefined });
    await limits.settle(admission, { totalTokens: 50, costUsd: 0.125 });
    expect(await counters.monthlySpend(key.accountId, '2099-11', NOW)).toBe(0.125);
  });

  it('ignores an expired spend item on read', async () => {
    const key = keyRecord({ monthlyBudgetUsd: 1 });
    await counters.addSpend(key.accountId, '2099-11', 5, epochSeconds(NOW) - 1);
    await expect(limits.admit(key, NOW)).resolves.toMatchObject({ month: '2099-11' });
  });
});
