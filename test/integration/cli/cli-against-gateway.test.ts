import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { AccountsRepository } from '../../../lambda/store/accounts-repository';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { usageRecords } from '../../support/usage-records';

const run = promisify(execFile);
const CLI = join(__dirname, '../../../bin/tollgate.js');

/** The real CLI binary, on the harness's tables. */
async function tollgate(harness: GatewayHarness, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...harness.store.environment },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * The CLI against a running gateway: what `limits set` stores is what the gateway enforces, and what
 * the gateway meters is what `usage` counts.
 */
describe('tollgate CLI against a running gateway', () => {
  let upstreams: FakeUpstreams;
  let harness: GatewayHarness;

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    // A 1 ms key cache: a limit set by the CLI applies to the very next request.
    harness = await startGatewayHarness({ ...upstreams.environment, TOLLGATE_API_KEY_CACHE_SECONDS: '0.001' });
  });
  afterAll(async () => {
    await harness?.close();
    await upstreams?.close();
  });

  const chat = (content: string) =>
    fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content }] }),
    });

  /** Polls until the account has `count` usage records (they are written after the answer). */
  async function waitForRecords(count: number): Promise<void> {
    for (let attempt = 0; attempt < 100 && (await usageRecords(harness)).length < count; attempt++) {
      await new Promise((wake) => setTimeout(wake, 50));
    }
    expect(await usageRecords(harness)).toHaveLength(count);
  }

  it('sets limits the gateway enforces, removes them with "none", and counts requests, errors and operations apart', async () => {
    const set = await tollgate(harness, 'limits', 'set', '--key', harness.keyId, '--rpm', '1', '--tpm', '100000');
    expect(set).toMatchObject({ code: 0 });
    // Three requests under 1 RPM: at most two are admitted (one per minute, should they straddle a minute boundary).
    const limited = [];
    for (const content of ['first', 'second', 'third']) {
      const response = await chat(content);
      await response.text();
      limited.push(response);
    }
    expect(limited[0].status).toBe(200);
    expect(limited[0].headers.get('x-ratelimit-limit-requests')).toBe('1');
    const refusals = limited.filter((response) => response.status === 429).length;
    expect(refusals).toBeGreaterThanOrEqual(1);
    expect(limited.every((response) => response.status === 200 || response.status === 429)).toBe(true);

    const removed = await tollgate(harness, 'limits', 'set', '--key', harness.keyId, '--rpm', 'none', '--tpm', 'none', '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ key: harness.keyId, rpmLimit: null, tpmLimit: null });
    const key = await new ApiKeysRepository(harness.store.documentClient, harness.store.tableNames.apiKeys).get(harness.keyId);
    expect(key).not.toHaveProperty('rpmLimit');
    expect(key).not.toHaveProperty('tpmLimit');
    for (const content of ['fourth', 'fifth', 'sixth']) {
      const free = await chat(content);
      expect(free.status).toBe(200);
      expect(free.headers.has('x-ratelimit-limit-requests')).toBe(false);
      await free.text();
    }

    const models = await fetch(`${harness.gateway.url}/v1/models`, { headers: { authorization: `Bearer ${harness.key}` } });
    expect(models.status).toBe(200);
    const count = await fetch(`${harness.gateway.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': harness.key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'count me' }] }),
    });
    expect(count.status).toBe(200);
    await waitForRecords(8);

    const byModel = await tollgate(harness, 'usage', '--account', harness.accountId, '--by', 'model', '--json');
    expect(byModel.code).toBe(0);
    const rows = JSON.parse(byModel.stdout) as Array<Record<string, unknown>>;
    expect(rows.map(({ model, operation, requests, errors }) => ({ model, operation, requests, errors }))).toEqual([
      { model: '', operation: 'listModels', requests: 1, errors: 0 },
      { model: 'deepseek-chat', operation: 'countTokens', requests: 1, errors: 0 },
      { model: 'deepseek-chat', operation: 'generate', requests: 6 - refusals, errors: refusals },
    ]);
    expect(JSON.stringify(rows)).not.toContain('unknown');

    const table = await tollgate(harness, 'usage', '--account', harness.accountId, '--by', 'model');
    const [header, , ...lines] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^MODEL\s+OPERATION\s+REQUESTS\s+ERRORS\s+INPUT \(INCL\. CACHED\)\s+OUTPUT/);
    expect(lines.find((line) => line.includes('listModels'))).toMatch(/^\s+listModels\s+1\s+0\s/);
    expect(lines.at(-1)).toMatch(new RegExp(`^TOTAL\\s+${8 - refusals}\\s+${refusals}\\s`));
    const csv = await tollgate(harness, 'usage', '--account', harness.accountId, '--by', 'account', '--format', 'csv');
    expect(csv.stdout.split('\r\n')[1].startsWith(`${harness.accountId},${8 - refusals},${refusals},`)).toBe(true);
  }, 180_000);

  it('accepts "none" as the monthly budget and removes it from the account and its keys', async () => {
    expect((await tollgate(harness, 'limits', 'set', '--account', harness.accountId, '--monthly-budget-usd', '50')).stdout).toContain(
      'monthly budget $50.00',
    );
    const removed = await tollgate(harness, 'limits', 'set', '--account', harness.accountId, '--monthly-budget-usd', 'none', '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ account: harness.accountId, monthlyBudgetUsd: null });
    const account = await new AccountsRepository(harness.store.documentClient, harness.store.tableNames.accounts).get(harness.accountId);
    expect(account).not.toHaveProperty('monthlyBudgetUsd');
    const key = await new ApiKeysRepository(harness.store.documentClient, harness.store.tableNames.apiKeys).get(harness.keyId);
    expect(key).not.toHaveProperty('monthlyBudgetUsd');
  }, 60_000);
});
