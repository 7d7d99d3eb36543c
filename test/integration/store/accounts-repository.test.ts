import { GetCommand } from '@aws-sdk/lib-dynamodb';
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
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => service.create({ email: index % 2 ? 'Race@Example.com' : 'race@example.com' })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'rejected').every((result) => result.reason.name === 'EmailTakenError')).toBe(true);
  });

  it('still accepts a record created directly, as the local bootstrap does', async () => {
    const record: AccountRecord = { accountId: 'acct_dev', email: 'dev@localhost.test', status: 'active', createdAt: NOW.toISOString() };
    await accounts.create(record);
    expect(await accounts.get('acct_dev')).toEqual(record);
  });

  it('refuses to store a card number as the payment reference', async () => {
    await expect(service.create({ email: 'card@example.com', paymentRef: '4111 1111 1111 1111' })).rejects.toMatchObject({
      name: 'InvalidPaymentDetailsError',
    });
    expect(await store.dumpAllTables()).not.toContain('4111');
  });

  it('moves the email claim atomically when two corrections race', async () => {
    const account = await service.create({ email: 'first@example.com' });
    const results = await Promise.allSettled([
      service.changeEmail(account.accountId, 'second@example.com'),
      service.changeEmail(account.accountId, 'third@example.com'),
    ]);
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    const final = (await accounts.get(account.accountId))!.email;
    expect(['second@example.com', 'third@example.com']).toContain(final);
    // Only the final address is claimed: the others can be used by a new account.
    const loser = final === 'second@example.com' ? 'third@example.com' : 'second@example.com';
    await expect(service.create({ email: loser })).resolves.toBeDefined();
    await expect(service.create({ email: 'first@example.com' })).resolves.toBeDefined();
    await expect(service.create({ email: final })).rejects.toMatchObject({ name: 'EmailTakenError' });
  });

  it('answers racing case-only corrections and a deletion with a domain error, never a database error', async () => {
    const account = await service.create({ email: 'case@example.com' });
    const spellings = [
      'Case@example.com',
      'CASE@example.com',
      'case@Example.com',
      'CaSe@example.com',
      'case@EXAMPLE.com',
      'CASE@EXAMPLE.COM',
    ];
    const results = await Promise.allSettled([
      ...spellings.map((email) => service.changeEmail(account.accountId, email)),
      service.delete(account.accountId),
    ]);
    const refusals = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    for (const refusal of refusals) expect(['AccountNotFoundError', 'AccountChangedError']).toContain(refusal.reason.name);
    // The deletion always wins in the end: no correction reaches a deleted account.
    const final = await accounts.get(account.accountId);
    expect(final?.status).toBe('deleted');
    expect([...spellings, 'case@example.com']).toContain(final?.email);
  });

  it('lets a new account or a correction take an email whose claim has passed its TTL but is not yet erased', async () => {
    // Far in the future: DynamoDB Local itself erases items whose TTL has passed on the wall clock.
    const deletedAt = new Date('2099-01-01T00:00:00.000Z');
    const at = (date: Date) => new AccountService(accounts, apiKeys, () => date);
    const claim = async (email: string) =>
      (await store.documentClient.send(new GetCommand({ TableName: store.tableNames.accounts, Key: { pk: `email#${email}` } }))).Item;
    const first = await at(deletedAt).create({ email: 'reuse@example.com' });
    const second = await at(deletedAt).create({ email: 'reuse2@example.com' });
    const mover = await at(deletedAt).create({ email: 'mover@example.com' });
    await at(deletedAt).delete(first.accountId);
    await at(deletedAt).delete(second.accountId);

    // Until the TTL the address stays claimed.
    const justBefore = new Date((accountExpiry(deletedAt) - 1) * 1000);
    await expect(at(justBefore).create({ email: 'reuse@example.com' })).rejects.toMatchObject({ name: 'EmailTakenError' });
    await expect(at(justBefore).changeEmail(mover.accountId, 'reuse2@example.com')).rejects.toMatchObject({ name: 'EmailTakenError' });

    // From the TTL on the claim is overwritten, although DynamoDB has not deleted it yet.
    const expired = new Date(accountExpiry(deletedAt) * 1000);
    expect(await claim('reuse@example.com')).toMatchObject({ accountId: first.accountId, expiresAt: accountExpiry(deletedAt) });
    const reused = await at(expired).create({ email: 'Reuse@Example.com' });
    expect(await claim('reuse@example.com')).toEqual({ pk: 'email#reuse@example.com', accountId: reused.accountId });
    await expect(at(expired).changeEmail(mover.accountId, 'reuse2@example.com')).resolves.toMatchObject({ email: 'reuse2@example.com' });
    expect(await claim('reuse2@example.com')).toEqual({ pk: 'email#reuse2@example.com', accountId: mover.accountId });
    expect(await claim('mover@example.com')).toBeUndefined();
    // A live claim still blocks.
    await expect(at(expired).create({ email: 'reuse2@example.com' })).rejects.toMatchObject({ name: 'EmailTakenError' });
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
    // 16 days of TTL + 7 of DynamoDB's deletion lag + 7 of point-in-time recovery = 30 days after the deletion.
    expect(accountExpiry(NOW) - epochSeconds(NOW)).toBe(16 * 86_400);
    for (const key of keys) expect(await apiKeys.get(key.record.keyId)).toMatchObject({ status: 'revoked', expiresAt: accountExpiry(NOW) });
    await expect(service.issueKey(account.accountId)).rejects.toMatchObject({ name: 'AccountNotFoundError' });
    // Deleting again keeps the first deletion time.
    expect(await new AccountService(accounts, apiKeys, () => new Date(NOW.getTime() + 86_400_000)).delete(account.accountId)).toMatchObject(
      { deletedAt: NOW.toISOString() },
    );
    expect((await accounts.list(NOW)).map((item) => item.accountId)).toContain(account.accountId);
    // Once the TTL has passed the account is gone for readers, even before DynamoDB deletes it.
    const later = new Date((accountExpiry(NOW) + 1) * 1000);
    expect(await accounts.get(account.accountId, later)).toBeUndefined();
    expect((await accounts.list(later)).map((item) => item.accountId)).not.toContain(account.accountId);
  });
});
