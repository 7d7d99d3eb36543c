import { generateApiKey } from './api-keys';
import type { ApiKeyRecord, ApiKeysRepository } from '../store/api-keys-repository';

export interface IssuedApiKey {
  readonly record: ApiKeyRecord;
  /** The whole key, to be shown once. */
  readonly key: string;
}

/** Settings a new key starts with (e.g. the account's budget, copied onto each of its keys). */
export type ApiKeySettings = Partial<Pick<ApiKeyRecord, 'rpmLimit' | 'tpmLimit' | 'monthlyBudgetUsd'>>;

/** Creates a key for an account and stores only its hash. */
export async function issueApiKey(
  repository: ApiKeysRepository,
  accountId: string,
  now: Date = new Date(),
  settings: ApiKeySettings = {},
): Promise<IssuedApiKey> {
  const generated = generateApiKey();
  const record: ApiKeyRecord = {
    keyId: generated.keyId,
    accountId,
    hash: generated.hash,
    prefix: generated.prefix,
    status: 'active',
    createdAt: now.toISOString(),
    ...settings,
  };
  await repository.create(record);
  return { record, key: generated.key };
}
