import type { CatalogEntry } from '../core/catalog';
import type { CatalogDocument } from './catalog-document';
import type { CatalogStore } from './catalog-stores';
import { mergeCatalog } from './merge-catalog';

/** The catalog the gateway serves right now (built-in merged with the operator's document). */
export interface CatalogSource {
  current(): Promise<readonly CatalogEntry[]>;
}

export interface CachedCatalogOptions {
  /**
   * How long a read document is used before the store is asked again. A file store with a
   * `version()` is checked on every request instead (a `stat`), so local edits apply at once.
   * @default 30 s
   */
  readonly ttlMs?: number;
  readonly now?: () => number;
  /** Called when the document cannot be read or is invalid; the last good catalog stays in use. */
  readonly onError?: (error: unknown) => void;
}

/**
 * The merged catalog, cached: a request costs no store read while the cache is fresh. When the
 * document cannot be read or is invalid, the last good catalog (at first the built-in one) keeps
 * serving, and `onError` reports it (the CLI validates before writing, so this means a hand edit
 * or an outage of the store).
 */
export class CachedCatalog implements CatalogSource {
  private cached: { readonly entries: readonly CatalogEntry[]; readonly at: number; readonly version?: string } | undefined;
  private pending: Promise<readonly CatalogEntry[]> | undefined;

  constructor(
    private readonly store: CatalogStore,
    private readonly builtIn: readonly CatalogEntry[],
    private readonly options: CachedCatalogOptions = {},
  ) {}

  current(): Promise<readonly CatalogEntry[]> {
    const now = (this.options.now ?? Date.now)();
    const version = this.store.version?.();
    const cached = this.cached;
    if (cached) {
      const fresh = this.store.version ? cached.version === version : now - cached.at < (this.options.ttlMs ?? 30_000);
      if (fresh) return Promise.resolve(cached.entries);
    }
    this.pending ??= this.load(now, version).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async load(now: number, version: string | undefined): Promise<readonly CatalogEntry[]> {
    try {
      const document: CatalogDocument = await this.store.read();
      const entries = mergeCatalog(this.builtIn, document);
      this.cached = { entries, at: now, version };
      return entries;
    } catch (error) {
      this.options.onError?.(error);
      const fallback = this.cached?.entries ?? this.builtIn;
      // Try again after the TTL (or the next file change), not on every request.
      this.cached = { entries: fallback, at: now, version };
      return fallback;
    }
  }
}
