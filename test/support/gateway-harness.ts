import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountsRepository } from '../../lambda/store/accounts-repository';
import { ApiKeysRepository } from '../../lambda/store/api-keys-repository';
import { issueApiKey } from '../../lambda/core/issue-api-key';
import { startLocalGateway, type LocalGateway } from '../../lambda/local/local-gateway';
import { createTestStore, type TestStore } from './test-store';

export interface GatewayHarness {
  readonly gateway: LocalGateway;
  readonly store: TestStore;
  readonly accountId: string;
  readonly key: string;
  readonly keyId: string;
  /** Everything the process wrote to stdout and stderr since start (the handlers' logs). */
  output(): string;
  newKey(): Promise<{ key: string; keyId: string }>;
  close(): Promise<void>;
}

/**
 * The local runtime in this test process: fresh tables in the run's DynamoDB Local, the real
 * handler modules behind the API Gateway shim, an account with a key. `environment` is applied
 * before the handler modules load (they read their configuration once, like in Lambda).
 */
export async function startGatewayHarness(environment: Record<string, string>): Promise<GatewayHarness> {
  const store = await createTestStore();
  // A catalog file of its own (none yet): never the developer's `.tollgate/catalog.json`.
  const catalogFile = join(mkdtempSync(join(tmpdir(), 'tollgate-catalog-')), 'catalog.json');
  Object.assign(process.env, store.environment, { TOLLGATE_CATALOG_FILE: catalogFile }, environment);
  const captured: string[] = [];
  const originalStdout = process.stdout.write.bind(process.stdout);
  const originalStderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (originalStdout as (...args: unknown[]) => boolean)(chunk, ...rest);
  };
  process.stderr.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (originalStderr as (...args: unknown[]) => boolean)(chunk, ...rest);
  };

  const gateway = await startLocalGateway({ port: 0, dynamoDbEndpoint: store.endpoint });
  const accountId = `acct_test${Math.random().toString(36).slice(2, 10)}`;
  await new AccountsRepository(store.documentClient, store.tableNames.accounts).create({
    accountId,
    email: `${accountId}@example.com`,
    status: 'active',
    createdAt: new Date().toISOString(),
  });
  const keys = new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys);
  const newKey = async () => {
    const issued = await issueApiKey(keys, accountId);
    return { key: issued.key, keyId: issued.record.keyId };
  };
  const first = await newKey();
  return {
    gateway,
    store,
    accountId,
    ...first,
    output: () => captured.join(''),
    newKey,
    async close() {
      process.stdout.write = originalStdout;
      process.stderr.write = originalStderr;
      await gateway.stop();
      store.close();
    },
  };
}
