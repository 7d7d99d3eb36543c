import { GatewayError } from '../../../lambda/core/errors';
import { keyFingerprint, keyRingVersion, UpstreamKeyPool, type UpstreamKeyRing } from '../../../lambda/core/upstream-key-pool';
import { callWithFailover, classifyAttempt, retryAfterSeconds, type AttemptFailure } from '../../../lambda/inference/upstream-failover';

/** An attempt error that says how it failed, as the real classifier reads the upstream status. */
class Failure extends Error {
  constructor(readonly failure: AttemptFailure) {
    super(failure.kind);
  }
}

const ring = (...keys: string[]): UpstreamKeyRing => ({ keys, version: keyRingVersion(keys) });

function harness(answers: Record<string, Array<AttemptFailure | 'ok'>>) {
  let clock = 1_000_000;
  const calls: string[] = [];
  const sleeps: number[] = [];
  const refused: string[] = [];
  let attempts = 0;
  const run = (pool: UpstreamKeyPool, keys: UpstreamKeyRing, deadline = clock + 60_000) =>
    callWithFailover(
      {
        provider: 'deepseek',
        ring: keys,
        pool,
        deadline,
        attempt: (key) => {
          calls.push(key);
          const next = answers[key]?.shift() ?? 'ok';
          return next === 'ok' ? Promise.resolve(`answer from ${key}`) : Promise.reject(new Failure(next));
        },
        classify: (error) => (error as Failure).failure,
        onAttempt: () => attempts++,
        onKeyRefused: (fingerprint) => refused.push(fingerprint),
      },
      {
        now: () => clock,
        random: () => 0.5,
        sleep: (ms) => {
          sleeps.push(ms);
          clock += ms;
          return Promise.resolve();
        },
      },
    );
  return {
    run,
    calls,
    sleeps,
    refused,
    attempts: () => attempts,
    advance: (ms: number) => (clock += ms),
  };
}

describe('upstream key failover', () => {
  it('moves a rate-limited request to the next key and cools the first down for its retry-after', async () => {
    const pool = new UpstreamKeyPool();
    const keys = ring('k1', 'k2');
    const test = harness({ k1: [{ kind: 'rate-limited', retryAfterSeconds: 7 }] });
    await expect(test.run(pool, keys)).resolves.toBe('answer from k2');
    expect(test.calls).toEqual(['k1', 'k2']);
    expect(test.attempts()).toBe(2);
    // While k1 cools down every request goes to k2, whatever the rotation says.
    for (let i = 0; i < 3; i++) await test.run(pool, keys);
    expect(test.calls.slice(2)).toEqual(['k2', 'k2', 'k2']);
    test.advance(7_000);
    await test.run(pool, keys);
    await test.run(pool, keys);
    expect(test.calls.slice(5).sort()).toEqual(['k1', 'k2']);
  });

  it('answers 429 with retry-after without calling upstream when every key cools down', async () => {
    const pool = new UpstreamKeyPool();
    const keys = ring('k1', 'k2');
    const test = harness({ k1: [{ kind: 'rate-limited', retryAfterSeconds: 20 }], k2: [{ kind: 'rate-limited', retryAfterSeconds: 30 }] });
    await expect(test.run(pool, keys)).rejects.toBeInstanceOf(Failure);
    test.advance(5_000);
    const error = (await test.run(pool, keys).catch((caught: unknown) => caught)) as GatewayError;
    // The first key to be ready again is k1, in 15 s.
    expect(error).toMatchObject({ statusCode: 429, kind: 'rate_limited', retryAfterSeconds: 15 });
    expect(test.calls).toEqual(['k1', 'k2']);
  });

  it('retries a 5xx on the same key once after a jittered pause, then the next key', async () => {
    const pool = new UpstreamKeyPool();
    const test = harness({ k1: [{ kind: 'transient' }, { kind: 'transient' }], k2: [{ kind: 'transient' }] });
    await expect(test.run(pool, ring('k1', 'k2'))).resolves.toBe('answer from k2');
    expect(test.calls).toEqual(['k1', 'k1', 'k2', 'k2']);
    expect(test.sleeps).toEqual([187.5, 187.5]);
  });

  it('stops after the attempt bound and gives the caller the last failure', async () => {
    const transient = { kind: 'transient' } as const;
    const test = harness({ a: [transient, transient], b: [transient, transient], c: [transient] });
    const error = await test.run(new UpstreamKeyPool(), ring('a', 'b', 'c')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Failure);
    expect(test.calls).toEqual(['a', 'a', 'b', 'b']);
  });

  it('never starts an attempt (or a pause) past the deadline', async () => {
    const test = harness({ k1: [{ kind: 'transient' }], k2: [{ kind: 'transient' }] });
    const deadline = 1_000_000 + 100;
    await expect(test.run(new UpstreamKeyPool(), ring('k1', 'k2'), deadline)).rejects.toBeInstanceOf(Failure);
    // The pause (125-250 ms) would pass the deadline: the next key is tried at once instead, and nothing after it.
    expect(test.sleeps).toEqual([]);
    expect(test.calls).toEqual(['k1', 'k2']);
  });

  it('does not retry a final answer such as a 400', async () => {
    const test = harness({ k1: [{ kind: 'final' }] });
    await expect(test.run(new UpstreamKeyPool(), ring('k1', 'k2'))).rejects.toBeInstanceOf(Failure);
    expect(test.calls).toEqual(['k1']);
  });

  it('disables a key refused with 401/403 until the configured keys change, naming it by fingerprint only', async () => {
    const pool = new UpstreamKeyPool();
    const keys = ring('bad', 'good');
    const test = harness({ bad: [{ kind: 'key-refused' }] });
    await expect(test.run(pool, keys)).resolves.toBe('answer from good');
    expect(test.refused).toEqual([keyFingerprint('bad')]);
    expect(test.refused[0]).toMatch(/^[0-9a-f]{8}$/);
    for (let i = 0; i < 3; i++) await test.run(pool, keys);
    expect(test.calls.filter((key) => key === 'bad')).toHaveLength(1);
    // A new secret value (another key list) gives every key a fresh start.
    const rotated = ring('bad', 'good', 'new');
    for (let i = 0; i < 3; i++) await test.run(pool, rotated);
    expect(test.calls.filter((key) => key === 'bad')).toHaveLength(2);
  });

  it('answers 503 when every key is refused', async () => {
    const pool = new UpstreamKeyPool();
    const test = harness({ a: [{ kind: 'key-refused' }], b: [{ kind: 'key-refused' }] });
    const first = (await test.run(pool, ring('a', 'b')).catch((caught: unknown) => caught)) as GatewayError;
    expect(first).toMatchObject({ statusCode: 503, kind: 'upstream_unavailable' });
    const second = (await test.run(pool, ring('a', 'b')).catch((caught: unknown) => caught)) as GatewayError;
    expect(second.statusCode).toBe(503);
    expect(test.calls).toEqual(['a', 'b']);
  });

  it('with a single key makes exactly one attempt and keeps no cool-down: the provider answers every request', async () => {
    const pool = new UpstreamKeyPool();
    const test = harness({ only: [{ kind: 'rate-limited', retryAfterSeconds: 60 }, { kind: 'transient' }, { kind: 'key-refused' }] });
    for (let i = 0; i < 3; i++) await expect(test.run(pool, ring('only'))).rejects.toBeInstanceOf(Failure);
    await expect(test.run(pool, ring('only'))).resolves.toBe('answer from only');
    expect(test.calls).toEqual(['only', 'only', 'only', 'only']);
    expect(test.sleeps).toEqual([]);
    expect(test.attempts()).toBe(4);
    // A refusal is still reported (the alarm), by fingerprint.
    expect(test.refused).toEqual([keyFingerprint('only')]);
  });

  it('spreads requests over healthy keys', async () => {
    const pool = new UpstreamKeyPool();
    const test = harness({});
    for (let i = 0; i < 6; i++) await test.run(pool, ring('k1', 'k2', 'k3'));
    expect(test.calls).toEqual(['k1', 'k2', 'k3', 'k1', 'k2', 'k3']);
  });
});

describe('classifying an attempt by the upstream status', () => {
  const NOW = Date.parse('2026-11-29T12:00:00Z');
  // What `callUpstream` throws for an upstream error status, which classification reads from the attempt's note.
  const upstream = (status: number) => new GatewayError(status === 429 ? 429 : 502, 'upstream_error', 'failed');

  it('cools a 429 down for its retry-after (seconds or a date), else the parsed error retry time', () => {
    expect(classifyAttempt(upstream(429), { status: 429, retryAfter: '12' }, NOW)).toEqual({ kind: 'rate-limited', retryAfterSeconds: 12 });
    expect(classifyAttempt(upstream(429), { status: 429, retryAfter: 'Sun, 29 Nov 2026 12:01:00 GMT' }, NOW)).toEqual({
      kind: 'rate-limited',
      retryAfterSeconds: 60,
    });
    const gemini = new GatewayError(429, 'rate_limited', 'limited', { retryAfterSeconds: 9 });
    expect(classifyAttempt(gemini, { status: 429, retryAfter: null }, NOW)).toEqual({ kind: 'rate-limited', retryAfterSeconds: 9 });
    expect(classifyAttempt(upstream(429), { status: 429 }, NOW)).toEqual({ kind: 'rate-limited' });
  });

  it('disables keys refused with 401/403, cools an out-of-balance key (402) for 5 minutes', () => {
    expect(classifyAttempt(upstream(401), { status: 401 }, NOW)).toEqual({ kind: 'key-refused' });
    expect(classifyAttempt(upstream(403), { status: 403 }, NOW)).toEqual({ kind: 'key-refused' });
    expect(classifyAttempt(upstream(402), { status: 402 }, NOW)).toEqual({ kind: 'rate-limited', retryAfterSeconds: 300 });
  });

  it('retries 5xx and 529 and a failed connection; gives the caller 4xx answers and timeouts', () => {
    for (const status of [500, 502, 503, 529]) expect(classifyAttempt(upstream(status), { status }, NOW)).toEqual({ kind: 'transient' });
    expect(classifyAttempt(new GatewayError(502, 'upstream_unavailable', 'no connection'), {}, NOW)).toEqual({ kind: 'transient' });
    expect(classifyAttempt(new GatewayError(504, 'upstream_timeout', 'timed out'), {}, NOW)).toEqual({ kind: 'final' });
    for (const status of [400, 404, 413, 422, 302]) expect(classifyAttempt(upstream(status), { status }, NOW)).toEqual({ kind: 'final' });
  });

  it('reads retry-after as seconds or an HTTP date, and nothing else', () => {
    expect(retryAfterSeconds('0', NOW)).toBe(0);
    expect(retryAfterSeconds('Sun, 29 Nov 2026 11:59:00 GMT', NOW)).toBe(0);
    expect(retryAfterSeconds('soon', NOW)).toBeUndefined();
    expect(retryAfterSeconds(null, NOW)).toBeUndefined();
  });
});
