import OpenAI from 'openai';
import { AccountService } from '../../../lambda/account/account-service';
import { issueApiKey } from '../../../lambda/core/issue-api-key';
import { AccountsRepository } from '../../../lambda/store/accounts-repository';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { startFakeOpenAiCompatibleServer, type FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';

const DEEPSEEK_KEY = 'sk-upstream-deepseek-revocation';
/** The promise: a revoked key, or a key of a deleted or suspended account, is refused by inference within 1 s. */
const BOUND_MS = 1000;
/** How long the poll may run on a loaded machine before the test gives up (the assertion is on request start times). */
const POLL_DEADLINE_MS = 20_000;

interface Attempt {
  readonly startedAt: number;
  readonly status: number;
  /** OpenAI's `error.code`. */
  readonly code?: string | null;
}

describe('inference refuses a key within 1 s of its revocation, its account’s deletion or suspension', () => {
  let upstream: FakeOpenAiCompatibleServer;
  let harness: GatewayHarness;
  let accounts: AccountsRepository;
  let apiKeys: ApiKeysRepository;
  let service: AccountService;

  beforeAll(async () => {
    upstream = await startFakeOpenAiCompatibleServer('deepseek', DEEPSEEK_KEY);
    harness = await startGatewayHarness({
      TOLLGATE_DEEPSEEK_BASE_URL: upstream.baseUrl,
      DEEPSEEK_API_KEY: DEEPSEEK_KEY,
      // The deployed default, set explicitly: other test files in this worker may have changed the environment.
      TOLLGATE_API_KEY_CACHE_SECONDS: '1',
    });
    accounts = new AccountsRepository(harness.store.documentClient, harness.store.tableNames.accounts);
    apiKeys = new ApiKeysRepository(harness.store.documentClient, harness.store.tableNames.apiKeys);
    service = new AccountService(accounts, apiKeys);
  });

  afterAll(async () => {
    await harness?.close();
    await upstream?.close();
  });

  /** One chat completion through the gateway with the official SDK; the status it got. */
  async function chat(key: string): Promise<Attempt> {
    const client = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const startedAt = Date.now();
    try {
      await client.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'Hello' }] });
      return { startedAt, status: 200 };
    } catch (error) {
      if (error instanceof OpenAI.APIError) return { startedAt, status: error.status ?? 0, code: error.code };
      throw error;
    }
  }

  /**
   * Polls inference (no fixed sleeps) from `changedAt` until a request is refused with `status`; fails if any request
   * that started `BOUND_MS` or more after the change was still answered. Returns the attempts.
   */
  async function pollUntil(key: string, changedAt: number, accepted: (attempt: Attempt) => boolean): Promise<Attempt[]> {
    const attempts: Attempt[] = [];
    while (Date.now() - changedAt < POLL_DEADLINE_MS) {
      const attempt = await chat(key);
      attempts.push(attempt);
      if (accepted(attempt)) break;
    }
    const late = attempts.filter((attempt) => attempt.startedAt - changedAt >= BOUND_MS && !accepted(attempt));
    expect(late).toEqual([]);
    expect(accepted(attempts[attempts.length - 1])).toBe(true);
    return attempts;
  }

  async function newAccountWithKey(label: string): Promise<{ accountId: string; key: string }> {
    const accountId = `acct_${label}${Math.random().toString(36).slice(2, 10)}`;
    await accounts.create({ accountId, email: `${accountId}@example.com`, status: 'active', createdAt: new Date().toISOString() });
    const issued = await issueApiKey(apiKeys, accountId);
    return { accountId, key: issued.key };
  }

  it('refuses a revoked key (tollgate keys revoke) within 1 s, after it was just answered and cached', async () => {
    const { key, keyId } = await harness.newKey();
    expect((await chat(key)).status).toBe(200);
    expect(await apiKeys.revoke(keyId)).toBe(true);
    const revokedAt = Date.now();
    const attempts = await pollUntil(key, revokedAt, (attempt) => attempt.status === 401);
    expect(attempts[attempts.length - 1].code).toBe('invalid_api_key');
  });

  it('refuses the key of an account erased through DELETE /v1/account within 1 s', async () => {
    const { key } = await newAccountWithKey('erased');
    expect((await chat(key)).status).toBe(200);
    const erased = await fetch(`${harness.gateway.url}/v1/account`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
    expect(erased.status).toBe(200);
    const erasedAt = Date.now();
    const attempts = await pollUntil(key, erasedAt, (attempt) => attempt.status === 401);
    expect(attempts[attempts.length - 1].code).toBe('invalid_api_key');
  });

  it('refuses the key of a suspended account within 1 s (403), and serves it again within 1 s of reinstatement', async () => {
    const { accountId, key } = await newAccountWithKey('suspended');
    expect((await chat(key)).status).toBe(200);
    await service.suspend(accountId);
    const suspendedAt = Date.now();
    const refused = await pollUntil(key, suspendedAt, (attempt) => attempt.status === 403);
    expect(refused[refused.length - 1].code).toBe('permission_denied');

    await service.reinstate(accountId);
    const reinstatedAt = Date.now();
    await pollUntil(key, reinstatedAt, (attempt) => attempt.status === 200);
  });

  it('still lets the holder of a suspended account export their data (GDPR access)', async () => {
    const { accountId, key } = await newAccountWithKey('suspendedexport');
    await service.suspend(accountId);
    const exported = await fetch(`${harness.gateway.url}/v1/account`, { headers: { authorization: `Bearer ${key}` } });
    expect(exported.status).toBe(200);
    expect(((await exported.json()) as { account: { status: string } }).account.status).toBe('suspended');
  });
});
