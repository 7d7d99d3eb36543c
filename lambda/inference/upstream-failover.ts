import { GatewayError } from '../core/errors';
import type { ProviderId } from '../core/providers';
import { keyFingerprint, type UpstreamKeyPool, type UpstreamKeyRing } from '../core/upstream-key-pool';
import type { postUpstream } from '../http/upstream-request';

/** How one failed attempt is handled (before the first byte reached the caller). */
export type AttemptFailure =
  /** 429: the key cools down (for `retry-after`, else the default), the next key is tried. */
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds?: number }
  /** 5xx, 529 or no connection: the same key once more after a jittered pause, then the next key. */
  | { readonly kind: 'transient' }
  /** 401/403: the key is disabled until the configured keys change; the next key is tried. */
  | { readonly kind: 'key-refused' }
  /** Anything else (400, 404, 413, timeouts, ...): the caller gets this answer; no retry. */
  | { readonly kind: 'final' };

export interface FailoverOptions {
  /** Attempts per request over all keys. @default 4 */
  readonly maxAttempts?: number;
  /** Cool-down of a key that answered 429 without `retry-after`. @default 30 s */
  readonly defaultCooldownMs?: number;
  /** Pause before retrying the same key: uniformly random in [base/2, base]. @default 250 ms */
  readonly backoffMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface FailoverInput<T> {
  readonly provider: ProviderId;
  readonly ring: UpstreamKeyRing;
  readonly pool: UpstreamKeyPool;
  /** Epoch ms after which no new attempt starts. */
  readonly deadline: number;
  /** One attempt with one key, resolving when the upstream accepted the request (status 2xx, before any body byte). */
  attempt(key: string): Promise<T>;
  classify(error: unknown): AttemptFailure;
  /** Called before each attempt (the count goes into the usage record). */
  onAttempt?(): void;
  /** A key answered 401/403 and was disabled: log its fingerprint (never the key) for the alarm. */
  onKeyRefused?(fingerprint: string): void;
}

const sleepFor = (ms: number) => new Promise<void>((wake) => setTimeout(wake, ms));

function allRateLimited(provider: ProviderId, retryAfterMs: number): GatewayError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GatewayError(429, 'rate_limited', `Every upstream key for ${provider} is rate limited; retry in ${seconds} s.`, {
    retryAfterSeconds: seconds,
  });
}

function allRefused(provider: ProviderId): GatewayError {
  return new GatewayError(
    503,
    'upstream_unavailable',
    `The provider ${provider} refused every upstream key the gateway has (401/403). The operator must replace them.`,
  );
}

/**
 * Sends a request upstream with failover over the provider's keys, before the first byte reaches
 * the caller (once `attempt` has resolved, the answer is the caller's, and nothing is retried).
 * Bounded by `maxAttempts` and the deadline; the last failure is what the caller gets. A provider
 * with a single key makes exactly one attempt, as without failover.
 */
export async function callWithFailover<T>(input: FailoverInput<T>, options: FailoverOptions = {}): Promise<T> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepFor;
  const maxAttempts = options.maxAttempts ?? 4;
  const backoffMs = options.backoffMs ?? 250;
  const { provider, ring, pool } = input;

  // One key: nothing to fail over to. It is always tried, once, and its answer is the caller's (a 429
  // with its retry-after, a 503); cooling it down would only turn the provider's answers into the gateway's.
  if (ring.keys.length === 1) {
    input.onAttempt?.();
    try {
      return await input.attempt(ring.keys[0]);
    } catch (error) {
      if (input.classify(error).kind === 'key-refused') input.onKeyRefused?.(keyFingerprint(ring.keys[0]));
      throw error;
    }
  }

  const choice = pool.choose(provider, ring, now());
  if (!choice.ready.length) {
    throw choice.coolingUntil !== undefined ? allRateLimited(provider, choice.coolingUntil - now()) : allRefused(provider);
  }
  let attempts = 0;
  let lastError: unknown;
  for (const key of choice.ready) {
    for (let sameKeyTries = 0; sameKeyTries < 2; sameKeyTries++) {
      if (attempts >= maxAttempts || now() >= input.deadline) throw lastError;
      attempts++;
      input.onAttempt?.();
      try {
        return await input.attempt(key);
      } catch (error) {
        lastError = error;
        const failure = input.classify(error);
        if (failure.kind === 'final') throw error;
        if (failure.kind === 'rate-limited') {
          pool.coolDown(
            provider,
            key,
            now() + (failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : (options.defaultCooldownMs ?? 30_000)),
          );
          break;
        }
        if (failure.kind === 'key-refused') {
          pool.disable(provider, key, ring);
          input.onKeyRefused?.(keyFingerprint(key));
          break;
        }
        // Transient: one more try of the same key after a jittered pause, if the deadline allows.
        if (sameKeyTries > 0) break;
        const pause = backoffMs / 2 + random() * (backoffMs / 2);
        if (now() + pause >= input.deadline) break;
        await sleep(pause);
      }
    }
  }
  if (pool.allDisabled(provider, ring)) throw allRefused(provider);
  throw lastError;
}

/** What one attempt saw of the upstream's answer before `callUpstream` turned it into a GatewayError. */
interface AttemptAnswer {
  status?: number;
  retryAfter?: string | null;
}

/** `retry-after` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/**
 * How a failed attempt is handled, from the upstream's status (the GatewayError no longer carries it):
 * 429 cools the key down, 401/403 disables it, 402 (the key's account is out of balance) cools it
 * down for 5 minutes, 5xx/529 and connection failures are transient; everything else, timeouts
 * included (the attempt already used the whole headers deadline), is the caller's answer.
 */
export function classifyAttempt(error: unknown, answer: AttemptAnswer, now: number): AttemptFailure {
  const status = answer.status;
  if (status === undefined) {
    // No answer at all: a connection failure is transient, a timeout is final.
    return error instanceof GatewayError && error.kind === 'upstream_unavailable' ? { kind: 'transient' } : { kind: 'final' };
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(answer.retryAfter, now) ?? (error instanceof GatewayError ? error.retryAfterSeconds : undefined);
    return { kind: 'rate-limited', ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}) };
  }
  if (status === 401 || status === 403) return { kind: 'key-refused' };
  if (status === 402) return { kind: 'rate-limited', retryAfterSeconds: 300 };
  if (status >= 500) return { kind: 'transient' };
  return { kind: 'final' };
}

export interface KeyedCallInput<T> {
  readonly provider: ProviderId;
  readonly ring: UpstreamKeyRing;
  readonly pool: UpstreamKeyPool;
  readonly deadline: number;
  readonly send: typeof postUpstream;
  /** One attempt with one key through the given `send` (`callUpstream` with that key's target). */
  call(key: string, send: typeof postUpstream): Promise<T>;
  onAttempt?(): void;
  onKeyRefused?(fingerprint: string): void;
}

/**
 * `callWithFailover` around one upstream call per key: each attempt's `send` notes the upstream's
 * status and `retry-after`, which decide whether the next key (or the same key once more) is tried.
 */
export function callWithKeys<T>(input: KeyedCallInput<T>, options: FailoverOptions = {}): Promise<T> {
  const now = options.now ?? Date.now;
  const answers = new WeakMap<object, AttemptAnswer>();
  return callWithFailover(
    {
      provider: input.provider,
      ring: input.ring,
      pool: input.pool,
      deadline: input.deadline,
      onAttempt: () => input.onAttempt?.(),
      onKeyRefused: (fingerprint) => input.onKeyRefused?.(fingerprint),
      attempt: async (key) => {
        const answer: AttemptAnswer = {};
        const noting: typeof postUpstream = async (...request) => {
          const response = await input.send(...request);
          answer.status = response.status;
          answer.retryAfter = response.headers.get('retry-after');
          return response;
        };
        try {
          return await input.call(key, noting);
        } catch (error) {
          if (error !== null && typeof error === 'object') answers.set(error, answer);
          throw error;
        }
      },
      classify: (error) => classifyAttempt(error, (error !== null && typeof error === 'object' && answers.get(error)) || {}, now()),
    },
    options,
  );
}
