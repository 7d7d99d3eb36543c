import { generateApiKey } from './api-keys';
import type { ApiKeyRecord, ApiKeysRepository } from '../store/api-keys-repository';

export interface IssuedApiKey {
  readonly record: ApiKeyRecord;
  /** The whole key, to be shown once. */
  readonly key: string;
}

/** Creates a key for an account and stores only its hash. */
export async function issueApiKey(repository: ApiKeysRepository, accountId: string, now: Date = new Date()): Promise<IssuedApiKey> {
  const generated = generateApiKey();
  const record: ApiKeyRecord = {
    keyId: generated.keyId,
    accountId,
    hash: generated.hash,
    prefix: generated.prefix,
    status: 'active',
    createdAt: now.toISOString(),
  };
  await repository.create(record);
  return { record, key: generated.key };
}
