import {
  DEFAULT_MAX_BODY_BYTES,
  LAMBDA_INVOCATION_PAYLOAD_BYTES,
  loadConfig,
  REACHABLE_BODY_BYTES,
} from '../../../lambda/config/environment';

describe('the body limit', () => {
  it('defaults to a number that reaches the function even when escaping doubles the body', () => {
    expect(loadConfig({}).maxBodyBytes).toBe(DEFAULT_MAX_BODY_BYTES);
    expect(DEFAULT_MAX_BODY_BYTES).toBeLessThanOrEqual(REACHABLE_BODY_BYTES);
    // The worst case of valid JSON: every character a backslash escape or a newline between tokens.
    const worst = `{"a":"${'\\\\'.repeat(DEFAULT_MAX_BODY_BYTES / 2 - 5)}"}`;
    expect(Buffer.byteLength(worst)).toBeLessThanOrEqual(DEFAULT_MAX_BODY_BYTES);
    const event = JSON.stringify({
      body: worst,
      headers: { authorization: 'x'.repeat(10_240) },
      multiValueHeaders: { a: ['x'.repeat(10_240)] },
    });
    expect(Buffer.byteLength(event)).toBeLessThan(LAMBDA_INVOCATION_PAYLOAD_BYTES);
  });

  it('can be lowered, never raised past what Lambda can receive', () => {
    expect(loadConfig({ TOLLGATE_MAX_BODY_BYTES: '65536' }).maxBodyBytes).toBe(65536);
    expect(() => loadConfig({ TOLLGATE_MAX_BODY_BYTES: String(6 * 1024 * 1024) })).toThrow(new RegExp(`at most ${REACHABLE_BODY_BYTES}`));
    expect(() => loadConfig({ TOLLGATE_MAX_BODY_BYTES: '1.5' })).toThrow(/whole number/);
  });
});

describe('Ark endpoint ids', () => {
  it('are read from a comma-separated list and must look like endpoint ids', () => {
    expect(loadConfig({ TOLLGATE_ARK_ENDPOINT_IDS: ' ep-20250101-a ,ep-20250101-b,' }).arkEndpointIds).toEqual([
      'ep-20250101-a',
      'ep-20250101-b',
    ]);
    expect(loadConfig({}).arkEndpointIds).toEqual([]);
    expect(() => loadConfig({ TOLLGATE_ARK_ENDPOINT_IDS: 'ep-1,deepseek-chat' })).toThrow(/TOLLGATE_ARK_ENDPOINT_IDS/);
  });
});

describe('loadConfig: the key record cache time', () => {
  it('is 1 s unless set, so a revocation reaches inference within a second', () => {
    expect(loadConfig({}).apiKeyCacheSeconds).toBe(1);
  });

  it('accepts less than a second', () => {
    expect(loadConfig({ TOLLGATE_API_KEY_CACHE_SECONDS: '0.25' }).apiKeyCacheSeconds).toBe(0.25);
  });

  it('refuses more than a second, naming the variable and the reason', () => {
    expect(() => loadConfig({ TOLLGATE_API_KEY_CACHE_SECONDS: '30' })).toThrow(
      /TOLLGATE_API_KEY_CACHE_SECONDS must be at most 1 \(revoked keys must be refused within a second\), got 30/,
    );
  });
});

describe('loadConfig: where request content goes', () => {
  it('sends requests only to the official API hosts of the four upstream providers unless the operator sets a base URL', () => {
    expect(Object.values(loadConfig({}).upstreamBaseUrls).map((url) => new URL(url).host)).toEqual([
      'api.anthropic.com',
      'generativelanguage.googleapis.com',
      'api.deepseek.com',
      'ark.cn-beijing.volces.com',
    ]);
    expect(Object.values(loadConfig({}).upstreamBaseUrls).every((url) => url.startsWith('https://'))).toBe(true);
  });
});
