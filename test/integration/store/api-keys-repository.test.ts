import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { issueApiKey } from '../../../lambda/core/issue-api-key';
import { Authenticator } from '../../../lambda/core/authenticate';
import { createTestStore, type TestStore } from '../../support/test-store';

describe('API keys in DynamoDB Local', () => {
  let store: TestStore;
  let repository: ApiKeysRepository;

  beforeAll(async () => {
    store = await createTestStore();
    repository = new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys);
  });
  afterAll(() => store.close());

  it('stores only the hash of an issued key', async () => {
    const issued = await issueApiKey(repository, 'acct_1');
    const dump = await store.dumpAllTables();
    expect(dump).toContain(issued.record.hash);
    expect(dump).not.toContain(issued.key);
  });

  it('authenticates a valid key through any accepted header', async () => {
    const issued = await issueApiKey(repository, 'acct_2');
    const authenticator = new Authenticator(repository, 0);
    for (const headers of [{ authorization: `Bearer ${issued.key}` }, { 'x-api-key': issued.key }, { 'x-goog-api-key': issued.key }]) {
      await expect(authenticator.authenticate(headers)).resolves.toMatchObject({ keyId: issued.record.keyId, accountId: 'acct_2' });
    }
  });

  it('refuses a key whose secret part differs', async () => {
    const issued = await issueApiKey(repository, 'acct_3');
    const tampered = issued.key.slice(0, -1) + (issued.key.endsWith('A') ? 'B' : 'A');
    await expect(new Authenticator(repository, 0).authenticate({ 'x-api-key': tampered })).rejects.toMatchObject({ statusCode: 401 });
  });

  it('refuses a revoked key once the cache time (1 s) has passed', async () => {
    let now = 1_000_000;
    const issued = await issueApiKey(repository, 'acct_4');
    const authenticator = new Authenticator(repository, 1, () => now);
    await authenticator.authenticate({ 'x-api-key': issued.key });
    expect(await repository.revoke(issued.record.keyId)).toBe(true);
    now += 1_000;
    await expect(authenticator.authenticate({ 'x-api-key': issued.key })).rejects.toMatchObject({
      statusCode: 401,
      message: expect.stringContaining('revoked'),
    });
  });

  it('refuses a key in the query string with a 400 that says to use a header', async () => {
    await expect(new Authenticator(repository, 0).authenticate({}, { key: 'anything' })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('header'),
    });
  });

  it('reports revoking an unknown key as not found', async () => {
    expect(await repository.revoke('nosuchkeyid00')).toBe(false);
  });
});
