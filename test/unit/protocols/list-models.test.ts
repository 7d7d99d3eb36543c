import { CATALOG, listedModels, resolveModel } from '../../../lambda/core/catalog';
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
    for (const entry of CATALOG.filter((candidate) => candidate.provider === 'anthropic' || candidate.provider === 'gemini')) {
      expect(entry.pricesSource).toMatch(/checked 2026-11-27/);
    }
  });
});
