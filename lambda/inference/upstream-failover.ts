import { GatewayError } from '../core/errors';
import type { ProviderId } from '../core/providers';
import { keyFingerprint, type UpstreamKeyPool, type UpstreamKeyRing } from '../core/upstream-key-pool';

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
 * Bounded by `maxAttempts` and the deadline; the last failure is what the caller gets.
 */
export async function callWithFailover<T>(input: FailoverInput<T>, options: FailoverOptions = {}): Promise<T> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepFor;
  const maxAttempts = options.maxAttempts ?? 4;
  const backoffMs = options.backoffMs ?? 250;
  const { provider, ring, pool } = input;

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
