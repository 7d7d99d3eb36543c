import type { ApiKeyRecord } from '../store/api-keys-repository';

/** Reads a key record from the store (strongly consistent), undefined when there is none. */
export type KeyRecordLookup = (keyId: string) => Promise<ApiKeyRecord | undefined>;

export interface KeyRecordCacheOptions {
  /**
   * A record is used for at most this long after the read that fetched it *started*: a revocation written before
   * that read is in it, one written after it is seen by the first request `maxAgeMs` later. 0 reads on every request.
   */
  readonly maxAgeMs: number;
  /**
   * A request that finds a record older than this (but still usable) starts a new read in the background, so a key in
   * steady use is refreshed before its record runs out and no request waits for DynamoDB. @default 0.8 × maxAgeMs
   */
  readonly refreshAfterMs?: number;
  /** @default 10_000 */
  readonly maxEntries?: number;
  readonly clock?: () => number;
}

interface Entry {
  readonly record: ApiKeyRecord | undefined;
  /** When the read that fetched it started. */
  readonly readStartedAt: number;
}

interface PendingRead {
  readonly promise: Promise<ApiKeyRecord | undefined>;
  readonly startedAt: number;
}

/**
 * Key records per function instance, never older than `maxAgeMs` (1 s in the inference function): the bound on how
 * long a revoked key, or a key of a deleted or suspended account, keeps working in that instance. Reads of one key
 * are shared while they are fresh enough; unknown key ids are cached the same way.
 */
export class KeyRecordCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, PendingRead>();
  private readonly refreshAfterMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => number;

  constructor(
    private readonly lookup: KeyRecordLookup,
    private readonly options: KeyRecordCacheOptions,
  ) {
    this.refreshAfterMs = options.refreshAfterMs ?? options.maxAgeMs * 0.8;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.clock = options.clock ?? Date.now;
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const now = this.clock();
    const entry = this.entries.get(keyId);
    if (entry && now - entry.readStartedAt < this.options.maxAgeMs) {
      if (now - entry.readStartedAt >= this.refreshAfterMs) {
        // Nobody waits for this read; a failure just leaves the entry to run out.
        this.read(keyId, now).catch(() => undefined);
      }
      return entry.record;
    }
    return this.read(keyId, now);
  }

  /** A read started at or after `now - maxAgeMs` (a pending one if it is that recent), which updates the entry. */
  private read(keyId: string, now: number): Promise<ApiKeyRecord | undefined> {
    const pending = this.pending.get(keyId);
    if (pending && now - pending.startedAt < this.options.maxAgeMs) return pending.promise;
    const startedAt = this.clock();
    const promise = this.lookup(keyId).then((record) => {
      const current = this.entries.get(keyId);
      if (!current || current.readStartedAt <= startedAt) this.remember(keyId, { record, readStartedAt: startedAt });
      return record;
    });
    const read = { promise, startedAt };
    this.pending.set(keyId, read);
    const settle = () => {
      if (this.pending.get(keyId) === read) this.pending.delete(keyId);
    };
    promise.then(settle, settle);
    return promise;
  }

  private remember(keyId: string, entry: Entry): void {
    // Re-inserted at the end, so the first key in the map is the one used least recently.
    this.entries.delete(keyId);
    this.entries.set(keyId, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
