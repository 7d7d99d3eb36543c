import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { UPSTREAM_KEY_ENV } from '../config/environment';
import { GatewayError } from './errors';
import type { ProviderId } from './providers';

/** Supplies the gateway's own key for a provider. Never the caller's key. */
export interface UpstreamKeys {
  keyFor(provider: ProviderId): Promise<string>;
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

/** Local runtime: keys from `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`, `DEEPSEEK_API_KEY`, `ARK_API_KEY` (comma-separated for several). */
export function upstreamKeysFromEnvironment(environment: NodeJS.ProcessEnv = process.env): UpstreamKeys {
  return {
    async keyFor(provider) {
      const keys = (environment[UPSTREAM_KEY_ENV[provider]] ?? '')
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean);
      if (keys.length === 0) throw notConfigured(provider);
      return pick(keys);
    },
  };
}

/**
 * AWS: one Secrets Manager secret holding JSON `{"anthropic": "k" | ["k1","k2"], "gemini": ..., "deepseek": ..., "ark": ...}`,
 * read through Powertools with an in-memory cache so most requests make no Secrets Manager call.
 */
export function upstreamKeysFromSecret(secretId: string, cacheSeconds = 300): UpstreamKeys {
  return {
    async keyFor(provider) {
      const secret = (await getSecret(secretId, { maxAge: cacheSeconds, transform: 'json' })) as Record<string, unknown> | undefined;
      const value = secret?.[provider];
      const keys = (Array.isArray(value) ? value : [value]).filter((key): key is string => typeof key === 'string' && key.length > 0);
      if (keys.length === 0) throw notConfigured(provider);
      return pick(keys);
    },
  };
}
