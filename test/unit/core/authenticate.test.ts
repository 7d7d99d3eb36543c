import { generateApiKey } from '../../../lambda/core/api-keys';
import { Authenticator, presentedKey } from '../../../lambda/core/authenticate';
import { GatewayError } from '../../../lambda/core/errors';
import type { ApiKeyRecord, ApiKeysRepository } from '../../../lambda/store/api-keys-repository';

const issued = generateApiKey();
const record = { keyId: issued.keyId, hash: issued.hash, status: 'active', accountId: 'acct_1' } as ApiKeyRecord;
const repository = { get: (keyId: string) => Promise.resolve(keyId === issued.keyId ? record : undefined) } as unknown as ApiKeysRepository;

function refusal(query: Record<string, string>, headers: Record<string, string> = {}): GatewayError {
  try {
    presentedKey(headers, query);
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('the key was accepted');
}

describe('keys in the URL', () => {
  it.each([
    'key',
    'Key',
    'KEY',
    'api_key',
    'apiKey',
    'API-KEY',
    'apikey',
    'access_token',
    'accessToken',
    'token',
    'x-goog-api-key',
    'x-api-key',
    'authorization',
    'auth_token',
  ])('refuses ?%s= with the same 400, even with a valid key in a header', async (name) => {
    const error = refusal({ [name]: 'anything' }, { authorization: `Bearer ${issued.key}` });
    expect(error).toMatchObject({ statusCode: 400, kind: 'invalid_request', param: 'key' });
    expect(error.message).toMatch(/leaked/);
    expect(error.message).toMatch(/revoke/);
    expect(error.message).toBe(refusal({ key: 'x' }).message);
    await expect(new Authenticator(repository, 0).authenticate({ authorization: `Bearer ${issued.key}` }, { [name]: 'x' })).rejects.toThrow(
      GatewayError,
    );
  });

  it('refuses a Tollgate key in any parameter, by value or by name', () => {
    expect(refusal({ q: issued.key }).statusCode).toBe(400);
    expect(refusal({ [issued.key]: '' }).statusCode).toBe(400);
    expect(refusal({ next: `https://example.com/?k=${issued.key}` }).statusCode).toBe(400);
  });

  it('lets ordinary parameters through', async () => {
    const query = { alt: 'sse', beta: 'true', from: '2026-11-01', to: '2026-11-02', cursor: 'abc', limit: '10', keys: 'x', monkey: 'y' };
    await expect(new Authenticator(repository, 0).authenticate({ 'x-api-key': issued.key }, query)).resolves.toBe(record);
  });
});
