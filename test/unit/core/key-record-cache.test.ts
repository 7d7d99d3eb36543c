import { KeyRecordCache } from '../../../lambda/core/key-record-cache';
import type { ApiKeyRecord } from '../../../lambda/store/api-keys-repository';

/** A store of key records whose reads the test completes by hand, so it decides when each read starts and ends. */
class ControlledStore {
  readonly records = new Map<string, ApiKeyRecord>();
  readonly reads: Array<{ keyId: string; finish: () => void; fail: (error: Error) => void }> = [];

  lookup = (keyId: string): Promise<ApiKeyRecord | undefined> =>
    new Promise((resolve, reject) => {
      // The value is what the store holds when the read *starts* (a consistent read).
      const value = this.records.get(keyId);
      this.reads.push({ keyId, finish: () => resolve(value), fail: reject });
    });

  finishAll(): void {
    for (const read of this.reads.splice(0)) read.finish();
  }
}

function record(keyId: string, status: ApiKeyRecord['status'] = 'active'): ApiKeyRecord {
  return { keyId, accountId: 'acct_1', hash: 'h', prefix: 'p', status, createdAt: '2026-01-01T00:00:00.000Z' };
}

const settle = () => new Promise((wake) => setImmediate(wake));

describe('KeyRecordCache', () => {
  let now: number;
  let store: ControlledStore;
  let cache: KeyRecordCache;

  beforeEach(() => {
    now = 1_000_000;
    store = new ControlledStore();
    store.records.set('k1', record('k1'));
    cache = new KeyRecordCache(store.lookup, { maxAgeMs: 1000, clock: () => now });
  });

  async function get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const pending = cache.get(keyId);
    await settle();
    store.finishAll();
    return pending;
  }

  it('reuses a record read less than 1 s ago without a read', async () => {
    await get('k1');
    now += 999;
    store.records.set('k1', record('k1', 'revoked'));
    const reused = cache.get('k1');
    expect(store.reads).toHaveLength(1); // the background refresh (past 0.8 s), not awaited
    expect((await reused)?.status).toBe('active');
  });

  it('never serves a record once 1 s has passed since its read started: the request waits for a new read', async () => {
    await get('k1');
    store.records.set('k1', record('k1', 'revoked'));
    now += 1000;
    const pending = cache.get('k1');
    let resolved = false;
    void pending.then(() => (resolved = true));
    await settle();
    expect(resolved).toBe(false);
    store.finishAll();
    expect((await pending)?.status).toBe('revoked');
  });

  it('counts the age from when the read started, not when it answered', async () => {
    const first = cache.get('k1');
    now += 600; // a slow read
    store.finishAll();
    await first;
    store.records.set('k1', record('k1', 'revoked'));
    now += 400; // 1 s after the read started
    expect((await get('k1'))?.status).toBe('revoked');
  });

  it('refreshes a key in steady use in the background, so requests past 0.8 s do not wait', async () => {
    await get('k1');
    now += 800;
    store.records.set('k1', record('k1', 'revoked'));
    expect((await cache.get('k1'))?.status).toBe('active'); // served from memory, the refresh started
    expect(store.reads).toHaveLength(1);
    store.finishAll();
    await settle();
    now += 100;
    expect((await cache.get('k1'))?.status).toBe('revoked'); // the refreshed record, no new read
    expect(store.reads).toHaveLength(0);
  });

  it('shares one read among concurrent requests for a key', async () => {
    const requests = [cache.get('k1'), cache.get('k1'), cache.get('k1')];
    await settle();
    expect(store.reads).toHaveLength(1);
    store.finishAll();
    expect((await Promise.all(requests)).map((found) => found?.keyId)).toEqual(['k1', 'k1', 'k1']);
  });

  it('does not join a read that started more than 1 s before the request (it could predate a revocation)', async () => {
    const slow = cache.get('k1');
    await settle();
    now += 1500;
    store.records.set('k1', record('k1', 'revoked'));
    const later = cache.get('k1');
    await settle();
    expect(store.reads).toHaveLength(2);
    store.finishAll();
    expect([(await slow)?.status, (await later)?.status]).toEqual(['active', 'revoked']);
  });

  it('keeps the newer record when an older read answers last', async () => {
    await get('k1');
    now += 1000;
    const stale = cache.get('k1'); // read A starts (active)
    await settle();
    const readA = store.reads.shift()!;
    now += 1000;
    store.records.set('k1', record('k1', 'revoked'));
    const fresh = cache.get('k1'); // read B starts (revoked): A is too old to join
    await settle();
    store.finishAll(); // B answers first
    expect((await fresh)?.status).toBe('revoked');
    readA.finish();
    await stale;
    now += 100;
    expect((await cache.get('k1'))?.status).toBe('revoked');
  });

  it('caches an unknown key id like a record, within the same bound', async () => {
    expect(await get('nokey')).toBeUndefined();
    expect(await cache.get('nokey')).toBeUndefined();
    expect(store.reads).toHaveLength(0);
    now += 1000;
    store.records.set('nokey', record('nokey'));
    expect((await get('nokey'))?.keyId).toBe('nokey');
  });

  it('lets a failed background refresh pass: the record runs out and the next request reads again', async () => {
    await get('k1');
    now += 900;
    await cache.get('k1');
    store.reads.shift()!.fail(new Error('throttled'));
    await settle();
    now += 100;
    const again = cache.get('k1');
    await settle();
    expect(store.reads).toHaveLength(1);
    store.finishAll();
    expect((await again)?.keyId).toBe('k1');
  });

  it('reads on every request with a maximum age of 0 (the account API)', async () => {
    const uncached = new KeyRecordCache(store.lookup, { maxAgeMs: 0, clock: () => now });
    const requests = [uncached.get('k1'), uncached.get('k1')];
    await settle();
    expect(store.reads).toHaveLength(2);
    store.finishAll();
    await Promise.all(requests);
  });

  it('forgets the key read longest ago beyond its size', async () => {
    const small = new KeyRecordCache(store.lookup, { maxAgeMs: 1000, maxEntries: 2, clock: () => now });
    for (const keyId of ['a', 'b', 'c']) {
      const pending = small.get(keyId);
      await settle();
      store.finishAll();
      await pending;
    }
    for (const keyId of ['b', 'c', 'a']) void small.get(keyId);
    await settle();
    expect(store.reads.map((read) => read.keyId)).toEqual(['a']);
    store.finishAll();
  });
});
