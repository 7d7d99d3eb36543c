import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachedCatalog } from '../../../lambda/catalog/catalog-source';
import { CatalogDocumentError, parseCatalogDocument } from '../../../lambda/catalog/catalog-document';
import { FileCatalogStore } from '../../../lambda/catalog/catalog-stores';
import { mergeCatalog } from '../../../lambda/catalog/merge-catalog';
import { CATALOG, resolveModel } from '../../../lambda/core/catalog';

describe('operator catalog document', () => {
  it('adds a model with default cache prices, an Ark endpoint id and an alias, and removes a built-in', () => {
    const merged = mergeCatalog(
      CATALOG,
      parseCatalogDocument({
        models: {
          'deepseek-v4-flash': { provider: 'deepseek', prices: { input: 0.14, output: 0.28 }, pricesSource: 'checked 2026-11-29' },
          'ep-20260101000000-abcde': { provider: 'ark', prices: { input: 0.1, output: 1, cacheRead: 0.02 } },
          'gpt-4o': { aliasOf: 'deepseek-v4-flash' },
        },
        removed: ['deepseek-reasoner'],
      }),
    );
    expect(resolveModel('deepseek-v4-flash', merged)).toMatchObject({
      provider: 'deepseek',
      upstreamModel: 'deepseek-v4-flash',
      prices: { input: 0.14, output: 0.28, cacheRead: 0.14, cacheWrite: 0.14 },
    });
    expect(resolveModel('ep-20260101000000-abcde', merged)).toMatchObject({ provider: 'ark', prices: { cacheRead: 0.02 } });
    expect(resolveModel('gpt-4o', merged)).toMatchObject({
      provider: 'deepseek',
      upstreamModel: 'deepseek-v4-flash',
      prices: { input: 0.14 },
    });
    expect(merged.some((entry) => entry.pattern === 'deepseek-reasoner')).toBe(false);
  });

  it('lets the operator change the prices of a built-in model', () => {
    const merged = mergeCatalog(
      CATALOG,
      parseCatalogDocument({ models: { 'deepseek-chat': { provider: 'deepseek', prices: { input: 1, output: 2 } } } }),
    );
    expect(merged.filter((entry) => entry.pattern === 'deepseek-chat')).toHaveLength(1);
    expect(resolveModel('deepseek-chat', merged)?.prices.input).toBe(1);
  });

  it.each([
    [{ models: { x: { aliasOf: 'not-a-model' } } }, /does not serve/],
    [{ models: { a: { aliasOf: 'deepseek-chat' }, b: { aliasOf: 'a' } } }, /itself an alias/],
  ])('refuses an alias that does not resolve: %j', (document, message) => {
    expect(() => mergeCatalog(CATALOG, parseCatalogDocument(document))).toThrow(message);
  });

  it.each([
    [{ models: { m: { provider: 'openai', prices: { input: 1, output: 1 } } } }, 'models.m.provider'],
    [{ models: { m: { provider: 'deepseek', prices: { input: -1, output: 1 } } } }, 'models.m.prices.input'],
    [{ models: { 'bad name!': { aliasOf: 'deepseek-chat' } } }, 'models.bad name!'],
    [{ models: {}, extra: 1 }, '(document)'],
  ])('names the first invalid field: %j', (document, path) => {
    expect(() => parseCatalogDocument(document)).toThrow(CatalogDocumentError);
    expect(() => parseCatalogDocument(document)).toThrow(`'${path}'`);
  });
});

describe('cached catalog', () => {
  it('re-reads a local file as soon as it changes, and keeps the last good catalog when an edit breaks it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'catalog-')), 'catalog.json');
    const errors: unknown[] = [];
    const source = new CachedCatalog(new FileCatalogStore(path), CATALOG, { onError: (error) => errors.push(error) });
    expect(resolveModel('my-model', await source.current())).toBeUndefined();

    writeFileSync(path, JSON.stringify({ models: { 'my-model': { provider: 'gemini', prices: { input: 1, output: 2 } } } }));
    expect(resolveModel('my-model', await source.current())?.provider).toBe('gemini');

    writeFileSync(path, '{ not json');
    expect(resolveModel('my-model', await source.current())?.provider).toBe('gemini');
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/not valid JSON/);
  });

  it('asks a store without versions again only after the cache time', async () => {
    let reads = 0;
    let clock = 0;
    const store = {
      description: 'test',
      read: () => {
        reads++;
        return Promise.resolve(parseCatalogDocument({}));
      },
      write: () => Promise.resolve(),
    };
    const source = new CachedCatalog(store, CATALOG, { ttlMs: 1000, now: () => clock });
    await Promise.all([source.current(), source.current()]);
    clock = 999;
    await source.current();
    expect(reads).toBe(1);
    clock = 1000;
    await source.current();
    expect(reads).toBe(2);
  });
});
