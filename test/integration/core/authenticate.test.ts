import { Authenticator } from '../../../lambda/core/authenticate';
import { issueApiKey } from '../../../lambda/core/issue-api-key';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { createDocumentClient } from '../../../lambda/store/client';
import { createTestStore, type TestStore } from '../../support/test-store';

const createTestDocumentClient = (store: TestStore) => createDocumentClient({ endpoint: store.endpoint });

/** Each inference function instance has its own Authenticator; three of them stand for three warm instances. */
const INSTANCES = 3;

describe('Authenticator on DynamoDB Local: revocation in every instance', () => {
  let store: TestStore;
  let repository: ApiKeysRepository;

  beforeAll(async () => {
    store = await createTestStore();
    repository = new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys);
  });
  afterAll(() => store.close());

  it('refuses a revoked key in every warm instance for every request that starts 1 s or more after the revocation', async () => {
    const issued = await issueApiKey(repository, 'acct_instances');
    const instances = Array.from({ length: INSTANCES }, () => new Authenticator(repository, 1));
    const headers = { authorization: `Bearer ${issued.key}` };
    for (const instance of instances) await expect(instance.authenticate(headers)).resolves.toMatchObject({ status: 'active' });

    await repository.revoke(issued.record.keyId);
    const revokedAt = Date.now();
    const stillAccepted: Array<{ instance: number; afterMs: number }> = [];
    const refusedIn = new Set<number>();
    while (refusedIn.size < INSTANCES && Date.now() - revokedAt < 20_000) {
      for (const [index, instance] of instances.entries()) {
        const startedAt = Date.now();
        try {
          await instance.authenticate(headers);
          if (startedAt - revokedAt >= 1000) stillAccepted.push({ instance: index, afterMs: startedAt - revokedAt });
        } catch (error) {
          expect(error).toMatchObject({ statusCode: 401, message: 'This API key has been revoked.' });
          refusedIn.add(index);
        }
      }
    }
    expect(stillAccepted).toEqual([]);
    expect(refusedIn.size).toBe(INSTANCES);
  });

  it('asks DynamoDB for strongly consistent reads of key records (an eventually consistent read may miss a revocation)', async () => {
    const issued = await issueApiKey(repository, 'acct_consistent');
    const sent: Array<Record<string, unknown>> = [];
    const observed = createTestDocumentClient(store);
    observed.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetItemCommand') sent.push(args.input as Record<string, unknown>);
        return next(args);
      },
      { step: 'initialize', name: 'recordGetItemInput' },
    );
    try {
      await new Authenticator(new ApiKeysRepository(observed, store.tableNames.apiKeys), 1).authenticate({ 'x-api-key': issued.key });
      expect(sent).toEqual([expect.objectContaining({ Key: { keyId: issued.record.keyId }, ConsistentRead: true })]);
    } finally {
      observed.destroy();
    }
  });
});
