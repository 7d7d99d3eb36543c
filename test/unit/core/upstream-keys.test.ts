import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { GatewayError } from '../../../lambda/core/errors';
import {
  keysFromSecretValue,
  secretsManagerReader,
  upstreamKeysFromEnvironment,
  upstreamKeysFromSecret,
} from '../../../lambda/core/upstream-keys';
import { startFakeSecretsManager, type FakeSecretsManager } from '../../support/fake-aws/secrets-manager-server';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:UpstreamKeys-AbCdEf';

async function refusal(promise: Promise<unknown>): Promise<{ status: number; kind: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return { status: error.statusCode, kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('keysFromSecretValue', () => {
  it('reads a string or an array of strings per provider, trimmed, skipping empty entries', () => {
    expect(keysFromSecretValue(JSON.stringify({ anthropic: ' sk-ant ', gemini: ['g1', '', 'g2'], deepseek: '', ark: [] }))).toEqual({
      keys: { anthropic: ['sk-ant'], gemini: ['g1', 'g2'] },
    });
  });

  it('gives providers missing from the secret no keys, and ignores names that are not providers', () => {
    expect(keysFromSecretValue(JSON.stringify({ deepseek: 'sk-1', openai: 'sk-x', constructor: 'x' }))).toEqual({
      keys: { deepseek: ['sk-1'] },
    });
  });

  it.each([
    [undefined, 'no value'],
    ['', 'no value'],
    ['not json', 'not a JSON object'],
    ['["sk-1"]', 'not a JSON object'],
    ['"sk-1"', 'not a JSON object'],
  ])('gives no keys at all for %p (%s)', (value, problem) => {
    expect(keysFromSecretValue(value)).toEqual({ keys: {}, problem });
  });
});

describe('upstream keys from Secrets Manager (fake endpoint, real SDK client)', () => {
  let secrets: FakeSecretsManager;
  let provider: SecretsProvider;

  beforeEach(async () => {
    secrets = await startFakeSecretsManager(SECRET_ARN);
    provider = new SecretsProvider({
      clientConfig: {
        endpoint: secrets.origin,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      },
    });
  });

  afterEach(async () => {
    await secrets.close();
  });

  it('answers 503 "not configured" for every provider while the secret has no value (as the deploy creates it)', async () => {
    const problems: string[] = [];
    const keys = upstreamKeysFromSecret(SECRET_ARN, {
      read: secretsManagerReader(provider),
      onProblem: (problem) => problems.push(problem),
    });
    for (const name of ['anthropic', 'gemini', 'deepseek', 'ark'] as const) {
      expect(await refusal(keys.keyFor(name))).toEqual({
        status: 503,
        kind: 'upstream_unavailable',
        message: `The gateway has no upstream key configured for ${name}. The operator must add one.`,
      });
    }
    expect(problems).toEqual(['no value']);
    // The absence is cached like a value: one call to Secrets Manager for the four requests.
    expect(secrets.calls).toBe(1);
  });

  it('serves the providers the operator filled in, and "not configured" for the others', async () => {
    secrets.value = JSON.stringify({ deepseek: ['sk-d1', 'sk-d2'], anthropic: 'sk-ant' });
    const keys = upstreamKeysFromSecret(SECRET_ARN, { read: secretsManagerReader(provider) });
    expect(await keys.keyFor('anthropic')).toBe('sk-ant');
    expect(['sk-d1', 'sk-d2']).toContain(await keys.keyFor('deepseek'));
    expect(await refusal(keys.keyFor('gemini'))).toMatchObject({ status: 503, kind: 'upstream_unavailable' });
    expect(await refusal(keys.keyFor('ark'))).toMatchObject({ status: 503, kind: 'upstream_unavailable' });
    expect(secrets.calls).toBe(1);
  });

  it('picks up keys the operator adds once the cache time has passed', async () => {
    let now = 1_000_000;
    const keys = upstreamKeysFromSecret(SECRET_ARN, { read: secretsManagerReader(provider), cacheSeconds: 300, clock: () => now });
    expect(await refusal(keys.keyFor('gemini'))).toMatchObject({ status: 503 });
    secrets.value = JSON.stringify({ gemini: 'AIza-1' });
    now += 299_000;
    expect(await refusal(keys.keyFor('gemini'))).toMatchObject({ status: 503 });
    now += 1_000;
    expect(await keys.keyFor('gemini')).toBe('AIza-1');
  });

  it('gives the whole key list for failover, with a version that changes only when the keys do', async () => {
    let now = 1_000_000;
    let value = JSON.stringify({ deepseek: ['sk-d1', 'sk-d2'] });
    const keys = upstreamKeysFromSecret(SECRET_ARN, { read: () => Promise.resolve(value), cacheSeconds: 300, clock: () => now });
    const first = await keys.ringFor('deepseek');
    expect(first.keys).toEqual(['sk-d1', 'sk-d2']);
    now += 300_000;
    expect((await keys.ringFor('deepseek')).version).toBe(first.version);
    value = JSON.stringify({ deepseek: ['sk-d1', 'sk-d3'] });
    now += 300_000;
    const rotated = await keys.ringFor('deepseek');
    expect(rotated.keys).toEqual(['sk-d1', 'sk-d3']);
    expect(rotated.version).not.toBe(first.version);
    // The version is a hash: no key in it.
    expect(rotated.version).toMatch(/^[0-9a-f]{16}$/);
    expect(await refusal(keys.ringFor('gemini'))).toMatchObject({ status: 503 });
  });

  it('reads comma-separated keys from the local environment', async () => {
    const keys = upstreamKeysFromEnvironment({ DEEPSEEK_API_KEY: ' k1, k2 ,,' });
    expect((await keys.ringFor('deepseek')).keys).toEqual(['k1', 'k2']);
    expect(await refusal(keys.ringFor('anthropic'))).toMatchObject({ status: 503 });
  });
});
