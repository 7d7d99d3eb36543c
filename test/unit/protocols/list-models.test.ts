import { CATALOG, configuredCatalog, listedModels, resolveModel } from '../../../lambda/core/catalog';
import { anthropicModelList } from '../../../lambda/protocols/anthropic/list-models';
import { geminiModelList } from '../../../lambda/protocols/gemini/list-models';

describe('model lists', () => {
  it('lists every named catalog model in Anthropic’s format', () => {
    const list = anthropicModelList();
    const ids = listedModels().map((entry) => entry.pattern);
    expect(list.data.map((model) => model.id)).toEqual(ids);
    expect(list.data).toContainEqual({
      type: 'model',
      id: 'claude-sonnet-4-5',
      display_name: 'Claude Sonnet 4.5',
      created_at: '2025-01-01T00:00:00Z',
    });
    expect(list).toMatchObject({ has_more: false, first_id: ids[0], last_id: ids[ids.length - 1] });
    expect(anthropicModelList([])).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('lists every named catalog model in Gemini’s format, countTokens only for Gemini models', () => {
    const models = geminiModelList().models;
    expect(models.find((model) => model.name === 'models/gemini-2.5-flash')).toMatchObject({
      displayName: 'Gemini 2.5 Flash',
      supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
    });
    expect(models.find((model) => model.name === 'models/deepseek-chat')?.supportedGenerationMethods).toEqual([
      'generateContent',
      'streamGenerateContent',
    ]);
    expect(models.every((model) => !model.name.includes('*'))).toBe(true);
  });

  it('routes Claude and Gemini names, dated ids included, with cache prices', () => {
    expect(resolveModel('claude-sonnet-4-5-20250929')).toMatchObject({
      provider: 'anthropic',
      prices: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    });
    expect(resolveModel('claude-opus-4-1-20250805')).toMatchObject({ provider: 'anthropic', prices: { input: 15, cacheWrite: 18.75 } });
    expect(resolveModel('claude-haiku-4-5-20251001')).toMatchObject({ prices: { input: 1, cacheRead: 0.1 } });
    expect(resolveModel('gemini-2.5-flash-lite')).toMatchObject({ provider: 'gemini', prices: { input: 0.1, output: 0.4 } });
    expect(resolveModel('gemini-2.5-flash-preview-09-2025')).toMatchObject({ prices: { input: 0.3 } });
    expect(resolveModel('gemini-3-pro-preview')).toMatchObject({ prices: { input: 2, output: 12 } });
    // Retiring models carry their end of life and successor (answers get a notice: lambda/catalog/deprecation.ts).
    expect(resolveModel('claude-sonnet-4-5-20250929')?.deprecation).toMatchObject({
      endOfLife: '2026-11-30',
      successor: 'claude-sonnet-4-6',
    });
    expect(resolveModel('deepseek-chat')?.deprecation).toMatchObject({ endOfLife: '2026-07-24', successor: 'deepseek-v4-flash' });
    expect(resolveModel('deepseek-v4-flash')).toMatchObject({ prices: { input: 0.14, output: 0.28, cacheRead: 0.0028 } });
    expect(resolveModel('deepseek-v4-flash')?.deprecation).toBeUndefined();
    for (const entry of CATALOG.filter((candidate) => candidate.provider === 'anthropic' || candidate.provider === 'gemini')) {
      expect(entry.pricesSource).toMatch(/checked 2026-11-(27|29)/);
    }
  });

  it('records the catalog entry that served a name: the exact name, or the family pattern for a prefix match', () => {
    expect(resolveModel('deepseek-chat')).toMatchObject({ publicName: 'deepseek-chat', recordedName: 'deepseek-chat' });
    expect(resolveModel('deepseek-../../anything')).toMatchObject({ publicName: 'deepseek-../../anything', recordedName: 'deepseek-*' });
    expect(resolveModel('claude-sonnet-4-5-20250929')).toMatchObject({ recordedName: 'claude-sonnet-4-5-*' });
    expect(resolveModel('gemini-2.5-flash-preview-09-2025')).toMatchObject({ recordedName: 'gemini-2.5-flash*' });
    for (const name of ['claude-x', 'gemini-y', 'doubao-z', 'deepseek-w']) {
      expect(CATALOG.map((entry) => entry.pattern)).toContain(resolveModel(name)?.recordedName);
    }
  });

  it('serves Ark endpoint ids only when the operator lists them', () => {
    expect(resolveModel('ep-20250101000000-abcde')).toBeUndefined();
    const catalog = configuredCatalog(['ep-20250101000000-abcde']);
    expect(resolveModel('ep-20250101000000-abcde', catalog)).toMatchObject({ provider: 'ark', recordedName: 'ep-20250101000000-abcde' });
    expect(resolveModel('ep-20250101000000-other', catalog)).toBeUndefined();
    expect(listedModels(catalog).map((entry) => entry.pattern)).toContain('ep-20250101000000-abcde');
    expect(() => configuredCatalog(['not-an-endpoint'])).toThrow(/ep-/);
  });
});
