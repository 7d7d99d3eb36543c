import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { usageExpiry } from '../../../lambda/store/retention';
import { UsageRepository, type UsageRecord } from '../../../lambda/store/usage-repository';
import { createTestStore, type TestStore } from '../../support/test-store';

const run = promisify(execFile);
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

function usageRecord(accountId: string, keyId: string, timestamp: string, requestId: string, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    accountId,
    sk: `${timestamp}#${requestId}`,
    requestId,
    timestamp,
    day: timestamp.slice(0, 10),
    keyId,
    model: 'deepseek-chat',
    provider: 'deepseek',
    protocol: 'openai',
    streamed: true,
    status: 200,
    inputTokens: 100,
    cacheReadTokens: 40,
    outputTokens: 20,
    reasoningTokens: 5,
    costUsd: 0.0000264,
    latencyMs: 120,
    expiresAt: usageExpiry(new Date(timestamp)),
    ...overrides,
  };
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
    expect(lines[0]).toBe('day,requests,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,reasoningTokens,costUsd');
    expect(lines.slice(1)).toEqual(['2026-10-03,1,100,20,40,0,5,0.0000264', '2026-10-31,1,100,20,40,0,5,0.0000264']);
  });

  it('tells the user to run npm start when no gateway is running, with a non-zero exit code', async () => {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'accounts', 'list'], {
      env: { PATH: process.env.PATH, TOLLGATE_DATA_DIR: join(__dirname, 'no-such-data-directory') },
    }).catch((error) => error);
    expect(stdout).toBe('');
    expect(stderr).toContain('npm start');
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
