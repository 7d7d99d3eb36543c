import { AccountService } from '../../../lambda/account/account-service';
import { AccountsRepository, type AccountRecord } from '../../../lambda/store/accounts-repository';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { accountExpiry, epochSeconds } from '../../../lambda/store/retention';
import { createTestStore, type TestStore } from '../../support/test-store';

const NOW = new Date('2026-11-27T03:00:00.000Z');

describe('accounts in DynamoDB Local', () => {
  let store: TestStore;
  let accounts: AccountsRepository;
  let apiKeys: ApiKeysRepository;
  let service: AccountService;

  beforeAll(async () => {
    store = await createTestStore();
    accounts = new AccountsRepository(store.documentClient, store.tableNames.accounts);
    apiKeys = new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys);
    service = new AccountService(accounts, apiKeys, () => NOW);
  });
  afterAll(() => store.close());

  it('keeps emails unique regardless of case, also under concurrent creation', async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, index) => service.create({ email: index % 2 ? 'Race@Example.com' : 'race@example.com' })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'rejected').every((result) => (result as PromiseRejectedResult).reason.name === 'EmailTakenError')).toBe(true);
  });

  it('still accepts a record created directly, as the local bootstrap does', async () => {
    const record: AccountRecord = { accountId: 'acct_dev', email: 'dev@localhost.test', status: 'active', createdAt: NOW.toISOString() };
    await accounts.create(record);
    expect(await accounts.get('acct_dev')).toEqual(record);
  });

  it('refuses to store a card number as the payment reference', async () => {
    await expect(service.create({ email: 'card@example.com', paymentRef: '4111 1111 1111 1111' })).rejects.toMatchObject({ name: 'InvalidPaymentDetailsError' });
    expect(await store.dumpAllTables()).not.toContain('4111');
  });

  it('moves the email claim atomically when two corrections race', async () => {
    const account = await service.create({ email: 'first@example.com' });
    const results = await Promise.allSettled([service.changeEmail(account.accountId, 'second@example.com'), service.changeEmail(account.accountId, 'third@example.com')]);
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    const final = (await accounts.get(account.accountId))!.email;
    expect(['second@example.com', 'third@example.com']).toContain(final);
    // Only the final address is claimed: the others can be used by a new account.
    const loser = final === 'second@example.com' ? 'third@example.com' : 'second@example.com';
    await expect(service.create({ email: loser })).resolves.toBeDefined();
    await expect(service.create({ email: 'first@example.com' })).resolves.toBeDefined();
    await expect(service.create({ email: final })).rejects.toMatchObject({ name: 'EmailTakenError' });
  });

  it('copies a monthly budget onto existing and new keys, and removes it again', async () => {
    const account = await service.create({ email: 'budget@example.com' });
    const before = await service.issueKey(account.accountId);
    await service.setMonthlyBudget(account.accountId, 25);
    const after = await service.issueKey(account.accountId);
    expect(after.record.monthlyBudgetUsd).toBe(25);
    expect(await apiKeys.get(before.record.keyId)).toMatchObject({ monthlyBudgetUsd: 25 });
    await service.setMonthlyBudget(account.accountId, undefined);
    expect((await apiKeys.get(after.record.keyId))?.monthlyBudgetUsd).toBeUndefined();
  });

  it('deletes: revokes every key, sets deletedAt and the 30-day TTL, refuses new keys, and lists it until the TTL', async () => {
    const account = await service.create({ email: 'gone@example.com' });
    const keys = await Promise.all([service.issueKey(account.accountId), service.issueKey(account.accountId)]);
    const deleted = await service.delete(account.accountId);
    expect(deleted).toMatchObject({ status: 'deleted', deletedAt: NOW.toISOString(), expiresAt: accountExpiry(NOW) });
    expect(accountExpiry(NOW) - epochSeconds(NOW)).toBe(30 * 86_400);
    for (const key of keys) expect(await apiKeys.get(key.record.keyId)).toMatchObject({ status: 'revoked', expiresAt: accountExpiry(NOW) });
    await expect(service.issueKey(account.accountId)).rejects.toMatchObject({ name: 'AccountNotFoundError' });
    // Deleting again keeps the first deletion time.
    expect(await new AccountService(accounts, apiKeys, () => new Date(NOW.getTime() + 86_400_000)).delete(account.accountId)).toMatchObject({ deletedAt: NOW.toISOString() });
    expect((await accounts.list(NOW)).map((item) => item.accountId)).toContain(account.accountId);
    // Once the TTL has passed the account is gone for readers, even before DynamoDB deletes it.
    const later = new Date((accountExpiry(NOW) + 1) * 1000);
    expect(await accounts.get(account.accountId, later)).toBeUndefined();
    expect((await accounts.list(later)).map((item) => item.accountId)).not.toContain(account.accountId);
  });
});
