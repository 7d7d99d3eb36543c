import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueApiKey } from '../core/issue-api-key';
import { AccountsRepository } from '../store/accounts-repository';
import { ApiKeysRepository } from '../store/api-keys-repository';
import { createDocumentClient } from '../store/client';
import { tableNamesFromEnvironment } from '../store/tables';

export interface DevAccount {
  readonly accountId: string;
  readonly keyId: string;
  /** Only on the start that created it: the key is shown once and never stored. */
  readonly key?: string;
}

const DEV_ACCOUNT_FILE = 'dev-account.json';
const DEV_EMAIL = 'dev@localhost.localdomain';

/**
 * On the first start, creates a development account and key. The file remembers only the ids, so
 * later starts can say which account it is without keeping the key anywhere.
 */
export async function ensureDevAccount(dataDirectory: string, dynamoDbEndpoint: string): Promise<DevAccount> {
  const file = join(dataDirectory, DEV_ACCOUNT_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevAccount;
  const client = createDocumentClient({ endpoint: dynamoDbEndpoint });
  try {
    const tables = tableNamesFromEnvironment();
    const accountId = `acct_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await new AccountsRepository(client, tables.accounts).create({
      accountId,
      email: DEV_EMAIL,
      status: 'active',
      createdAt: new Date().toISOString(),
    });
    const issued = await issueApiKey(new ApiKeysRepository(client, tables.apiKeys), accountId);
    writeFileSync(file, JSON.stringify({ accountId, keyId: issued.record.keyId }, null, 2));
    return { accountId, keyId: issued.record.keyId, key: issued.key };
  } finally {
    client.destroy();
  }
}
