import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { writeRuntimeInfo } from '../../../lambda/local/runtime-info';
import { AccountsRepository } from '../../../lambda/store/accounts-repository';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { usageExpiry } from '../../../lambda/store/retention';
import { UsageRepository, type UsageRecord } from '../../../lambda/store/usage-repository';
import { createTestStore, type TestStore } from '../../support/test-store';
import { usageRecordFixture } from '../../support/usage-record-fixture';

const run = promisify(execFile);

// Each test starts the CLI binary several times (tsx compiles on start): slow on a busy machine.
jest.setTimeout(120_000);
const CLI = join(__dirname, '../../../bin/tollgate.js');

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `bin/tollgate.js` as a child process pointed at the test tables. */
async function tollgate(store: TestStore, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...store.environment },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function usageRecord(
  accountId: string,
  keyId: string,
  timestamp: string,
  requestId: string,
  overrides: Partial<UsageRecord> = {},
): UsageRecord {
  return usageRecordFixture(accountId, keyId, timestamp, requestId, {
    streamed: true,
    inputTokens: 100,
    cacheReadTokens: 40,
    outputTokens: 20,
    reasoningTokens: 5,
    costUsd: 0.0000264,
    latencyMs: 120,
    ...overrides,
  });
}

describe('tollgate CLI as a child process', () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.close());

  it('creates an account and a key, revokes the key, and prints JSON', async () => {
    const created = await tollgate(store, 'accounts', 'create', '--email', 'ada@example.com', '--payment-ref', 'cus_123', '--json');
    expect(created).toMatchObject({ code: 0 });
    const { id: accountId } = JSON.parse(created.stdout);
    expect(accountId).toMatch(/^acct_[a-z2-7]{16}$/);

    const key = await tollgate(store, 'keys', 'create', '--account', accountId, '--json');
    expect(key.code).toBe(0);
    const issued = JSON.parse(key.stdout);
    expect(issued.key).toMatch(/^tg_[a-z2-7]{12}_/);
    expect(issued.key).toContain(issued.id);

    const revoked = await tollgate(store, 'keys', 'revoke', issued.id, '--json');
    expect(revoked.code).toBe(0);
    const stored = await new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys).get(issued.id);
    expect(stored).toMatchObject({ status: 'revoked', accountId });

    const listed = JSON.parse((await tollgate(store, 'keys', 'list', '--account', accountId, '--json')).stdout);
    expect(listed).toEqual([expect.objectContaining({ id: issued.id, status: 'revoked' })]);
    expect(JSON.stringify(listed)).not.toContain(stored!.hash);
  });

  it('prints usage of an account as JSON rows and a CSV statement with a header row', async () => {
    const accountId = JSON.parse((await tollgate(store, 'accounts', 'create', '--email', 'grace@example.com', '--json')).stdout).id;
    const usage = new UsageRepository(store.documentClient, store.tableNames.usage);
    const recent = new Date(Date.now() - 3_600_000).toISOString();
    await usage.put(usageRecord(accountId, 'key1', recent, 'r1'));
    await usage.put(usageRecord(accountId, 'key1', recent, 'r2', { model: 'doubao-seed-1-6-250615', costUsd: 0.5, cacheWriteTokens: 7 }));

    const json = await tollgate(store, 'usage', '--account', accountId, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        day: recent.slice(0, 10),
        requests: 2,
        errors: 0,
        inputTokens: 200,
        outputTokens: 40,
        cacheReadTokens: 80,
        cacheWriteTokens: 7,
        reasoningTokens: 10,
        costUsd: 0.5000264,
      },
    ]);

    await usage.put(usageRecord(accountId, 'key1', '2026-10-03T10:00:00.000Z', 'n1'));
    await usage.put(usageRecord(accountId, 'key1', '2026-10-31T23:59:59.999Z', 'n2'));
    await usage.put(usageRecord(accountId, 'key1', '2026-11-01T00:00:00.000Z', 'd1'));
    const csv = await tollgate(store, 'usage', '--account', accountId, '--month', '2026-10', '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('day,requests,errors,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,reasoningTokens,costUsd');
    expect(lines.slice(1)).toEqual(['2026-10-03,1,0,100,20,40,0,5,0.0000264', '2026-10-31,1,0,100,20,40,0,5,0.0000264']);
  });

  it('tells the user to run npm start when no gateway is running, with a non-zero exit code', async () => {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'accounts', 'list'], {
      env: { PATH: process.env.PATH, TOLLGATE_DATA_DIR: join(__dirname, 'no-such-data-directory') },
    }).catch((error) => error);
    expect(stdout).toBe('');
    expect(stderr).toContain('npm start');
  });

  it('finds the running gateway of TOLLGATE_DATA_DIR through its runtime.json', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tollgate-cli-'));
    try {
      // This test process stands in for `npm start`: alive, publishing the test DynamoDB Local.
      writeRuntimeInfo(directory, {
        pid: process.pid,
        gatewayUrl: 'http://127.0.0.1:1',
        dynamoDbEndpoint: store.endpoint,
        startedAt: new Date().toISOString(),
      });
      const { TOLLGATE_DYNAMODB_ENDPOINT: _endpoint, ...tableNames } = store.environment;
      const { stdout } = await run(process.execPath, [CLI, 'accounts', 'create', '--email', 'runtime@example.com', '--json'], {
        env: { PATH: process.env.PATH, TOLLGATE_DATA_DIR: directory, ...tableNames },
      });
      const { id } = JSON.parse(stdout);
      expect(await new AccountsRepository(store.documentClient, store.tableNames.accounts).get(id)).toMatchObject({
        email: 'runtime@example.com',
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses bad input with a clear message and a non-zero exit code', async () => {
    const badEmail = await tollgate(store, 'accounts', 'create', '--email', 'not-an-email', '--json');
    expect(badEmail.code).not.toBe(0);
    expect(badEmail.stderr).toContain('email');
    const card = await tollgate(store, 'accounts', 'create', '--email', 'card@example.com', '--payment-ref', '4242 4242 4242 4242');
    expect(card.code).not.toBe(0);
    expect(card.stderr).toContain('card number');
    const badRpm = await tollgate(store, 'limits', 'set', '--key', 'abc', '--rpm', 'many');
    expect(badRpm.code).not.toBe(0);
    expect(badRpm.stderr).toContain('--rpm');
  });
});

describe('tollgate CLI: show, delete, limits, usage views, models', () => {
  let store: TestStore;
  let accountId: string;
  let keyId: string;

  beforeAll(async () => {
    store = await createTestStore();
    accountId = JSON.parse(
      (await tollgate(store, 'accounts', 'create', '--email', 'ops@example.com', '--payment-ref', 'cus_ops', '--json')).stdout,
    ).id;
    keyId = JSON.parse((await tollgate(store, 'keys', 'create', '--account', accountId, '--json')).stdout).id;
    const usage = new UsageRepository(store.documentClient, store.tableNames.usage);
    await usage.put(usageRecord(accountId, keyId, '2026-10-05T08:00:00.000Z', 'm1'));
    await usage.put(usageRecord(accountId, keyId, '2026-10-06T09:00:00.000Z', 'm2', { model: 'doubao-seed-1-6-250615' }));
    await usage.put(usageRecord('acct_someone_else', 'otherkey0000', '2026-10-06T10:00:00.000Z', 'm3'));
  });
  afterAll(() => store.close());

  it('sets per-key RPM/TPM and an account budget that reaches the key record', async () => {
    expect((await tollgate(store, 'limits', 'set', '--key', keyId, '--rpm', '60', '--tpm', '100000', '--json')).code).toBe(0);
    expect((await tollgate(store, 'limits', 'set', '--account', accountId, '--monthly-budget-usd', '25.5', '--json')).code).toBe(0);
    const key = await new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys).get(keyId);
    expect(key).toMatchObject({ rpmLimit: 60, tpmLimit: 100000, monthlyBudgetUsd: 25.5 });
    const mixed = await tollgate(store, 'limits', 'set', '--key', keyId, '--monthly-budget-usd', '5');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('per account');
    expect((await tollgate(store, 'limits', 'set', '--key', 'nosuchkey000', '--rpm', '5')).code).toBe(1);
  });

  it('lists records with ISO timestamp and expiresAt, for one key or one model, and groups by account', async () => {
    const records = JSON.parse(
      (await tollgate(store, 'usage', '--key', keyId, '--from', '2026-10-01', '--to', '2026-11-01', '--records', '--json')).stdout,
    );
    expect(records.map((item: { requestId: string }) => item.requestId)).toEqual(['m1', 'm2']);
    expect(records[0]).toMatchObject({
      timestamp: '2026-10-05T08:00:00.000Z',
      expiresAt: new Date(usageExpiry(new Date('2026-10-05T08:00:00.000Z')) * 1000).toISOString(),
    });

    const byAccount = JSON.parse(
      (await tollgate(store, 'usage', '--model', 'deepseek-chat', '--month', '2026-10', '--by', 'account', '--json')).stdout,
    );
    expect(byAccount).toHaveLength(2);
    expect(byAccount).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId, requests: 1 }),
        expect.objectContaining({ accountId: 'acct_someone_else', requests: 1 }),
      ]),
    );
    const table = await tollgate(store, 'usage', '--month', '2026-10', '--by', 'model');
    expect(table.stdout.split('\n')[0]).toMatch(/^MODEL\s+OPERATION\s+REQUESTS\s+ERRORS\s+INPUT \(INCL\. CACHED\)/);
    expect(table.stdout).toMatch(/TOTAL\s+3/);
    const csvRecords = await tollgate(store, 'usage', '--account', accountId, '--month', '2026-10', '--records', '--format', 'csv');
    expect(csvRecords.stdout.split('\r\n')[0]).toBe(
      'timestamp,accountId,keyId,operation,model,provider,status,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,reasoningTokens,costUsd,latencyMs,requestId,expiresAt',
    );
    const badRange = await tollgate(store, 'usage', '--month', 'November');
    expect(badRange.code).toBe(2);
    expect(badRange.stderr).toContain('--month');
  });

  it('shows and deletes an account with status, deletedAt and expiresAt as ISO-8601', async () => {
    const shown = JSON.parse((await tollgate(store, 'accounts', 'show', accountId, '--json')).stdout);
    expect(shown).toMatchObject({
      id: accountId,
      email: 'ops@example.com',
      status: 'active',
      paymentRef: 'cus_ops',
      monthlyBudgetUsd: 25.5,
      spentThisMonthUsd: 0,
    });
    expect(shown).toMatchObject({ deletedAt: null, expiresAt: null });

    expect((await tollgate(store, 'accounts', 'delete', accountId, '--json')).code).toBe(0);
    const deleted = JSON.parse((await tollgate(store, 'accounts', 'show', accountId, '--json')).stdout);
    expect(deleted.status).toBe('deleted');
    expect(deleted.deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // The TTL is in whole epoch seconds: deletion time rounded down, plus 16 days (+ 7 of deletion lag + 7 of backups = 30).
    expect(Date.parse(deleted.expiresAt)).toBe(Math.floor(Date.parse(deleted.deletedAt) / 1000) * 1000 + 16 * 86_400_000);
    const keys = JSON.parse((await tollgate(store, 'keys', 'list', '--account', accountId, '--json')).stdout);
    expect(keys).toEqual([expect.objectContaining({ id: keyId, status: 'revoked', expiresAt: deleted.expiresAt })]);
    const listed = JSON.parse((await tollgate(store, 'accounts', 'list', '--json')).stdout);
    expect(listed).toEqual([expect.objectContaining({ id: accountId, status: 'deleted' })]);
    const missing = await tollgate(store, 'accounts', 'show', 'acct_nosuchaccount00');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No account');
  });

  it('prints the catalog, without needing a database', async () => {
    const models = JSON.parse((await tollgate(store, 'models', '--json')).stdout);
    expect(models).toContainEqual(
      expect.objectContaining({ model: 'deepseek-chat', provider: 'deepseek', inputUsdPerMillion: expect.any(Number) }),
    );
  });
});

describe('tollgate CLI: version, JSON errors, money, scopes and the data directory', () => {
  let store: TestStore;
  let accountId: string;
  let otherAccountId: string;
  let otherKeyId: string;

  beforeAll(async () => {
    store = await createTestStore();
    accountId = JSON.parse((await tollgate(store, 'accounts', 'create', '--email', 'money@example.com', '--json')).stdout).id;
    otherAccountId = JSON.parse((await tollgate(store, 'accounts', 'create', '--email', 'other@example.com', '--json')).stdout).id;
    otherKeyId = JSON.parse((await tollgate(store, 'keys', 'create', '--account', otherAccountId, '--json')).stdout).id;
  });
  afterAll(() => store.close());

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(await tollgate(store, '--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('reports errors as JSON on stderr in --json mode, and as one line otherwise', async () => {
    const missing = await tollgate(store, 'accounts', 'show', 'acct_nosuchaccount00', '--json');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(JSON.parse(missing.stderr)).toEqual({ error: { message: "No account with id 'acct_nosuchaccount00'.", exitCode: 1 } });

    const badOption = await tollgate(store, 'limits', 'set', '--key', 'abc', '--rpm', 'many', '--json');
    expect(badOption.code).toBe(2);
    expect(JSON.parse(badOption.stderr).error.message).toContain("'--rpm <n>' argument 'many' is invalid");
    const badFormat = await tollgate(store, 'usage', '--month', 'November', '--format', 'json');
    expect(JSON.parse(badFormat.stderr)).toEqual({ error: { message: expect.stringContaining('--month'), exitCode: 2 } });

    const plain = await tollgate(store, 'accounts', 'show', 'acct_nosuchaccount00');
    expect(plain.stderr).toBe("tollgate: No account with id 'acct_nosuchaccount00'.\n");
  });

  it('prints money as money in tables and keeps exact numbers in JSON', async () => {
    expect((await tollgate(store, 'limits', 'set', '--account', accountId, '--monthly-budget-usd', '50')).stdout).toContain('$50.00');
    const shown = await tollgate(store, 'accounts', 'show', accountId);
    expect(shown.stdout).toMatch(/monthlyBudgetUsd\s+\$50\.00/);
    expect(shown.stdout).toMatch(/spentThisMonthUsd\s+\$0\.00/);
    const usage = new UsageRepository(store.documentClient, store.tableNames.usage);
    await usage.put(usageRecord(accountId, 'moneykey0001', '2026-10-05T08:00:00.000Z', 'small', { costUsd: 0.0000264 }));
    const table = await tollgate(store, 'usage', '--account', accountId, '--month', '2026-10');
    expect(table.stdout).toMatch(/2026-10-05\s+1\s+0\s+100\s+20\s+40\s+0\s+5\s+\$0\.0000264/);
    const json = JSON.parse((await tollgate(store, 'usage', '--account', accountId, '--month', '2026-10', '--json')).stdout);
    expect(json[0].costUsd).toBe(0.0000264);
  });

  it("refuses --account A --key K when K is another account's key", async () => {
    const mixed = await tollgate(store, 'usage', '--account', accountId, '--key', otherKeyId);
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toBe('');
    expect(mixed.stderr).toContain(`Key ${otherKeyId} belongs to another account`);
    const own = await tollgate(store, 'usage', '--account', otherAccountId, '--key', otherKeyId, '--json');
    expect(own).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('resolves a relative TOLLGATE_DATA_DIR from the package root, whatever the current folder', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tollgate-root-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'tollgate-cwd-'));
    try {
      writeRuntimeInfo(directory, {
        pid: process.pid,
        gatewayUrl: 'http://127.0.0.1:1',
        dynamoDbEndpoint: store.endpoint,
        startedAt: new Date().toISOString(),
      });
      const { TOLLGATE_DYNAMODB_ENDPOINT: _endpoint, ...tableNames } = store.environment;
      const { stdout } = await run(process.execPath, [CLI, 'accounts', 'show', accountId, '--json'], {
        cwd: elsewhere,
        env: { PATH: process.env.PATH, TOLLGATE_DATA_DIR: relative(join(__dirname, '../../..'), directory), ...tableNames },
      });
      expect(JSON.parse(stdout)).toMatchObject({ id: accountId });
    } finally {
      rmSync(directory, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
