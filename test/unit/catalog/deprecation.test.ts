import { deprecationNotice } from '../../../lambda/catalog/deprecation';
import { resolveModel } from '../../../lambda/core/catalog';

describe('deprecation notice', () => {
  const sonnet45 = resolveModel('claude-sonnet-4-5-20250929');

  it('says when a model reaches end of life, naming the catalog entry (never the caller text) and the successor', () => {
    expect(deprecationNotice(sonnet45!, new Date('2026-11-29T23:59:59Z'))).toBe(
      'claude-sonnet-4-5-* reaches end of life on 2026-11-30; successor: claude-sonnet-4-6',
    );
    // The end-of-life day itself still counts as "reaches".
    expect(deprecationNotice(sonnet45!, new Date('2026-11-30T12:00:00Z'))).toMatch(/reaches end of life on 2026-11-30/);
  });

  it('after the end of life, says the provider may refuse it and how the operator routes it to the successor', () => {
    expect(deprecationNotice(sonnet45!, new Date('2026-12-01T00:00:00Z'))).toBe(
      'claude-sonnet-4-5-* reached end of life on 2026-11-30; the provider may refuse it; successor: claude-sonnet-4-6 (operator: tollgate models set claude-sonnet-4-5-* --alias-of claude-sonnet-4-6)',
    );
  });

  it('is absent for a current model', () => {
    expect(deprecationNotice(resolveModel('claude-sonnet-4-6')!, new Date('2026-11-29T00:00:00Z'))).toBeUndefined();
  });
});
