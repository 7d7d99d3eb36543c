import { loadConfig } from '../../../lambda/config/environment';

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
