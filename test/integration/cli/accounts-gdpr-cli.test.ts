import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { Authenticator } from '../../../lambda/core/authenticate';
import { createAccountHandler } from '../../../lambda/handlers/account';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { UsageRepository } from '../../../lambda/store/usage-repository';
import { createTestStore, type TestStore } from '../../support/test-store';
import { runTollgate, type CliResult } from '../../support/tollgate-cli';
import { usageRecordFixture } from '../../support/usage-record-fixture';
import { proxyEvent } from '../account/account-api-support';

// Each test starts the CLI binary several times (tsx compiles on start): slow on a busy machine.
jest.setTimeout(180_000);

const DAY_MS = 86_400_000;

/** The fields of an export that depend on the moment it was made. */
function withoutTimes(document: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(document)) as { exportedAt?: unknown; usage: { from?: unknown; to?: unknown } };
  delete copy.exportedAt;
  delete copy.usage.from;
  delete copy.usage.to;
  return copy;
}

describe('tollgate accounts export/correct/erase --email and suspend/reinstate, through the binary on DynamoDB Local', () => {
  let store: TestStore;
  let apiKeys: ApiKeysRepository;
  let directory: string;
  const tollgate = (...args: string[]): Promise<CliResult> => runTollgate(store.environment, ...args);

  beforeAll(async () => {
    store = await createTestStore();
    apiKeys = new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys);
    directory = mkdtempSync(join(tmpdir(), 'tollgate-gdpr-'));
  });
  afterAll(() => {
    store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  /** An account made with the CLI, a key, and two usage records of the last days. */
  async function accountWithUsage(email: string): Promise<{ accountId: string; keyId: string; key: string }> {
    const created = await tollgate('accounts', 'create', '--email', email, '--payment-ref', 'cus_gdpr', '--json');
    expect(created.code).toBe(0);
    const accountId = (JSON.parse(created.stdout) as { id: string }).id;
    const issued = JSON.parse((await tollgate('keys', 'create', '--account', accountId, '--json')).stdout) as { id: string; key: string };
    const usage = new UsageRepository(store.documentClient, store.tableNames.usage);
    for (const [daysAgo, requestId] of [
      [2, 'req-a'],
      [1, 'req-b'],
    ] as const) {
      const timestamp = new Date(Date.now() - daysAgo * DAY_MS).toISOString();
      await usage.put(usageRecordFixture(accountId, issued.id, timestamp, requestId, { inputTokens: 10, outputTokens: 5, costUsd: 0.001 }));
    }
    return { accountId, keyId: issued.id, key: issued.key };
  }

  it('exports the same document as GET /v1/account (every record), to stdout or to a file only its owner can read', async () => {
    const { accountId, keyId, key } = await accountWithUsage('Export.Me@example.com');
    // The email as the holder wrote it to support, in another case.
    const exported = await tollgate('accounts', 'export', '--email', 'export.me@EXAMPLE.com');
    expect(exported).toMatchObject({ code: 0 });
    const document = JSON.parse(exported.stdout) as {
      account: unknown;
      keys: unknown;
      usage: { records: Array<{ requestId: string }>; nextCursor: unknown };
    };
    expect(document.account).toMatchObject({ id: accountId, email: 'Export.Me@example.com', status: 'active', paymentRef: 'cus_gdpr' });
    expect(document.keys).toEqual([expect.objectContaining({ id: keyId, status: 'active' })]);
    expect(exported.stdout).not.toContain(key.split('_')[2]);
    expect(document.usage.records.map((record) => record.requestId)).toEqual(['req-a', 'req-b']);
    expect(document.usage.nextCursor).toBeNull();

    const handler = createAccountHandler({ documentClient: store.documentClient, tableNames: store.tableNames });
    const fromApi = await handler(proxyEvent('GET', '/v1/account', { key }), {} as Context);
    expect(fromApi.statusCode).toBe(200);
    expect(withoutTimes(document)).toEqual(withoutTimes(JSON.parse(fromApi.body) as unknown));

    const file = join(directory, 'export.json');
    const written = await tollgate('accounts', 'export', '--email', 'Export.Me@example.com', '--out', file);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(withoutTimes(JSON.parse(readFileSync(file, 'utf8')))).toEqual(withoutTimes(document));
  });

  it('corrects the email: the old one no longer finds the account, the new one does; a taken email is refused', async () => {
    const { accountId } = await accountWithUsage('old.address@example.com');
    await accountWithUsage('taken@example.com');
    const corrected = await tollgate(
      'accounts',
      'correct',
      '--email',
      'old.address@example.com',
      '--new-email',
      'new.address@example.com',
      '--json',
    );
    expect(corrected.code).toBe(0);
    expect(JSON.parse(corrected.stdout)).toMatchObject({ id: accountId, email: 'new.address@example.com' });

    const byOld = await tollgate('accounts', 'export', '--email', 'old.address@example.com');
    expect(byOld.code).toBe(1);
    expect(byOld.stderr).toContain('No account with the email old.address@example.com');
    const byNew = JSON.parse((await tollgate('accounts', 'export', '--email', 'new.address@example.com')).stdout) as {
      account: { id: string };
    };
    expect(byNew.account.id).toBe(accountId);

    const taken = await tollgate('accounts', 'correct', '--email', 'new.address@example.com', '--new-email', 'taken@example.com');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('Another account already uses this email address.');
    const invalid = await tollgate('accounts', 'correct', '--email', 'new.address@example.com', '--new-email', 'not-an-email');
    expect(invalid.code).toBe(2);
  });

  it('erases the account of an email: its keys are refused at once, its items get the 30-day TTL; erasing again changes nothing', async () => {
    const { accountId, keyId, key } = await accountWithUsage('erase.me@example.com');
    const erased = await tollgate('accounts', 'erase', '--email', 'erase.me@example.com', '--json');
    expect(erased.code).toBe(0);
    const view = JSON.parse(erased.stdout) as { id: string; status: string; deletedAt: string; expiresAt: string };
    expect(view).toMatchObject({ id: accountId, status: 'deleted' });
    // Deletion + 16 days; + 7 days of deletion lag + 7 days of backups = 30 (lambda/store/retention.ts).
    expect(Date.parse(view.expiresAt)).toBe(Math.floor(Date.parse(view.deletedAt) / 1000) * 1000 + 16 * DAY_MS);
    expect(await apiKeys.get(keyId)).toMatchObject({ status: 'revoked' });
    await expect(new Authenticator(apiKeys, 0).authenticate({ authorization: `Bearer ${key}` })).rejects.toMatchObject({ statusCode: 401 });

    const again = JSON.parse((await tollgate('accounts', 'erase', '--email', 'erase.me@example.com', '--json')).stdout) as typeof view;
    expect(again).toEqual(view);
    const unknown = await tollgate('accounts', 'erase', '--email', 'nobody@example.com');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No account with the email nobody@example.com');
    expect((await tollgate('accounts', 'export', '--email', 'not an email')).code).toBe(2);
  });

  it('suspends an account (its keys refused with 403) and reinstates it', async () => {
    const { accountId, keyId, key } = await accountWithUsage('suspend.me@example.com');
    const suspended = await tollgate('accounts', 'suspend', accountId, '--json');
    expect(suspended.code).toBe(0);
    expect(JSON.parse(suspended.stdout)).toMatchObject({ id: accountId, status: 'suspended', suspendedAt: expect.any(String) });
    expect(await apiKeys.get(keyId)).toMatchObject({ accountSuspended: true });
    const inference = new Authenticator(apiKeys, 0);
    await expect(inference.authenticate({ authorization: `Bearer ${key}` })).rejects.toMatchObject({ statusCode: 403 });
    // The holder's GDPR requests still reach the operator's CLI.
    expect((await tollgate('accounts', 'export', '--email', 'suspend.me@example.com')).code).toBe(0);

    const reinstated = await tollgate('accounts', 'reinstate', accountId, '--json');
    expect(JSON.parse(reinstated.stdout)).toMatchObject({ id: accountId, status: 'active' });
    await expect(inference.authenticate({ authorization: `Bearer ${key}` })).resolves.toMatchObject({ keyId });
    expect((await tollgate('accounts', 'reinstate', 'acct_nosuchaccount00')).code).toBe(1);
  });
});
