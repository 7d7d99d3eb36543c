import { ParameterNotFoundError } from '@aws-lambda-powertools/parameters/errors';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { UPSTREAM_KEY_ENV } from '../config/environment';
import { GatewayError } from './errors';
import { PROVIDERS, type ProviderId } from './providers';
import { keyRingVersion, type UpstreamKeyRing } from './upstream-key-pool';

function isProviderId(name: string): name is ProviderId {
  return Object.hasOwn(PROVIDERS, name);
}

/** Supplies the gateway's own keys for a provider. Never the caller's key. */
export interface UpstreamKeys {
  /** One of the provider's keys (token counts: no failover). */
  keyFor(provider: ProviderId): Promise<string>;
  /** All of the provider's keys, for failover (`lambda/inference/upstream-failover.ts`); never empty. */
  ringFor(provider: ProviderId): Promise<UpstreamKeyRing>;
}

function notConfigured(provider: ProviderId): GatewayError {
  return new GatewayError(
    503,
    'upstream_unavailable',
    `The gateway has no upstream key configured for ${provider}. The operator must add one.`,
  );
}

/** Picks one of several keys at random, spreading load over them. */
function pick(keys: readonly string[]): string {
  return keys[Math.floor(Math.random() * keys.length)];
}

/** The keys' ring; rings are reused while the keys stay the same, so the version is hashed once per change. */
function ringOf(provider: ProviderId, keys: readonly string[], rings: Map<ProviderId, UpstreamKeyRing>): UpstreamKeyRing {
  if (keys.length === 0) throw notConfigured(provider);
  const known = rings.get(provider);
  if (known && known.keys.length === keys.length && known.keys.every((key, index) => key === keys[index])) return known;
  const ring = { keys, version: keyRingVersion(keys) };
  rings.set(provider, ring);
  return ring;
}

/** Local runtime: keys from `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`, `DEEPSEEK_API_KEY`, `ARK_API_KEY` (comma-separated for several). */
export function upstreamKeysFromEnvironment(environment: NodeJS.ProcessEnv = process.env): UpstreamKeys {
  const rings = new Map<ProviderId, UpstreamKeyRing>();
  const keysOf = (provider: ProviderId) =>
    (environment[UPSTREAM_KEY_ENV[provider]] ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean);
  return {
    // As promises (a missing key rejects, never throws), like the secret's keys.
    keyFor: (provider) => Promise.resolve().then(() => pick(ringOf(provider, keysOf(provider), rings).keys)),
    ringFor: (provider) => Promise.resolve().then(() => ringOf(provider, keysOf(provider), rings)),
  };
}

/** The providers' keys in the secret's value, and why there are none at all (never the value itself). */
export interface SecretKeys {
  readonly keys: Readonly<Partial<Record<ProviderId, readonly string[]>>>;
  readonly problem?: 'no value' | 'not a JSON object';
}

/**
 * The keys per provider in the secret's JSON value. A provider that is missing, empty or not a string (array) has none
 * and reads as "not configured"; so does every provider when the secret has no value yet or is not a JSON object.
 */
export function keysFromSecretValue(value: string | undefined): SecretKeys {
  if (value === undefined || value.trim() === '') return { keys: {}, problem: 'no value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { keys: {}, problem: 'not a JSON object' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { keys: {}, problem: 'not a JSON object' };
  const keys: Partial<Record<ProviderId, string[]>> = {};
  for (const [provider, entry] of Object.entries(parsed)) {
    // Names that are not providers (typos, providers this version does not know) are ignored.
    if (!isProviderId(provider)) continue;
    const candidates: unknown[] = Array.isArray(entry) ? entry : [entry];
    const list = candidates.filter((key): key is string => typeof key === 'string' && key.trim() !== '').map((key) => key.trim());
    if (list.length > 0) keys[provider] = list;
  }
  return { keys };
}

/** Reads a secret's string value, undefined when the secret has no value (yet). */
export type SecretReader = (secretId: string, maxAgeSeconds: number) => Promise<string | undefined>;

/** Secrets Manager through Powertools (cached in memory for `maxAgeSeconds`). */
export function secretsManagerReader(provider: SecretsProvider = new SecretsProvider()): SecretReader {
  return async (secretId, maxAgeSeconds) => {
    try {
      const value = await provider.get(secretId, { maxAge: maxAgeSeconds, throwOnMissing: true });
      return typeof value === 'string' ? value : undefined;
    } catch (error) {
      // A secret created without a value (or never filled) has no AWSCURRENT version: "not configured", not a crash.
      if (error instanceof ParameterNotFoundError) return undefined;
      throw error;
    }
  };
}

export interface SecretUpstreamKeysOptions {
  /** How long the value (or its absence) is reused. @default 300 */
  readonly cacheSeconds?: number;
  readonly read?: SecretReader;
  /** Told once per read when the secret gives no keys at all, with the reason (never the value). */
  readonly onProblem?: (problem: NonNullable<SecretKeys['problem']>) => void;
  readonly clock?: () => number;
}

/**
 * AWS: one Secrets Manager secret holding JSON `{"anthropic": "k" | ["k1","k2"], "gemini": ..., "deepseek": ..., "ark": ...}`,
 * read at run time and cached, so most requests make no Secrets Manager call. The deploy creates the secret without a
 * value and never writes it; until the operator fills it every provider is "not configured" (503).
 */
export function upstreamKeysFromSecret(secretId: string, options: SecretUpstreamKeysOptions = {}): UpstreamKeys {
  const cacheSeconds = options.cacheSeconds ?? 300;
  const read = options.read ?? secretsManagerReader();
  const clock = options.clock ?? Date.now;
  let cached: { readonly keys: SecretKeys; readonly readAt: number } | undefined;
  const rings = new Map<ProviderId, UpstreamKeyRing>();
  async function ringFor(provider: ProviderId): Promise<UpstreamKeyRing> {
    if (!cached || clock() - cached.readAt >= cacheSeconds * 1000) {
      const keys = keysFromSecretValue(await read(secretId, cacheSeconds));
      if (keys.problem) options.onProblem?.(keys.problem);
      cached = { keys, readAt: clock() };
    }
    return ringOf(provider, cached.keys.keys[provider] ?? [], rings);
  }
  return {
    keyFor: async (provider) => pick((await ringFor(provider)).keys),
    ringFor,
  };
}
