import { createHash } from 'node:crypto';
import type { ProviderId } from './providers';

/** A provider's upstream keys as configured now; `version` changes whenever the configured keys change. */
export interface UpstreamKeyRing {
  readonly keys: readonly string[];
  readonly version: string;
}

/** A short, non-reversible name for a key, for logs and metrics (the key itself never is). */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 8);
}

/** The version of a key list: changes when any key is added, removed or replaced. */
export function keyRingVersion(keys: readonly string[]): string {
  return createHash('sha256').update(keys.join('\n'), 'utf8').digest('hex').slice(0, 16);
}

/** Which keys to try now, best first. */
export interface KeyChoice {
  readonly ready: readonly string[];
  /** When no key is ready because all are cooling down: the earliest moment one is ready again (epoch ms). */
  readonly coolingUntil?: number;
}

/**
 * The health of each upstream key as this execution environment has seen it (memory only, per
 * Lambda environment or local process): a key that answered 429 cools down for its `retry-after`;
 * a key that answered 401/403 is disabled until the configured keys change (a new secret value).
 * Keys are tried starting from a rotating position, so load spreads over the healthy ones.
 */
export class UpstreamKeyPool {
  private readonly coolingUntil = new Map<string, number>();
  private readonly disabledInVersion = new Map<string, string>();
  private readonly cursor = new Map<ProviderId, number>();

  choose(provider: ProviderId, ring: UpstreamKeyRing, now: number): KeyChoice {
    const start = this.cursor.get(provider) ?? 0;
    this.cursor.set(provider, start + 1);
    const rotated = ring.keys.map((_, index) => ring.keys[(start + index) % ring.keys.length]);
    const enabled = rotated.filter((key) => this.disabledInVersion.get(this.id(provider, key)) !== ring.version);
    const ready = enabled.filter((key) => (this.coolingUntil.get(this.id(provider, key)) ?? 0) <= now);
    if (ready.length || !enabled.length) return { ready };
    return { ready, coolingUntil: Math.min(...enabled.map((key) => this.coolingUntil.get(this.id(provider, key)) ?? now)) };
  }

  /** The key answered 429: skip it until `until` (epoch ms). */
  coolDown(provider: ProviderId, key: string, until: number): void {
    this.coolingUntil.set(this.id(provider, key), Math.max(until, this.coolingUntil.get(this.id(provider, key)) ?? 0));
  }

  /** The key answered 401/403: skip it until the configured keys change. */
  disable(provider: ProviderId, key: string, ring: UpstreamKeyRing): void {
    this.disabledInVersion.set(this.id(provider, key), ring.version);
  }

  /** True when every configured key is disabled (the operator must fix the keys). */
  allDisabled(provider: ProviderId, ring: UpstreamKeyRing): boolean {
    return ring.keys.every((key) => this.disabledInVersion.get(this.id(provider, key)) === ring.version);
  }

  private id(provider: ProviderId, key: string): string {
    return `${provider}:${keyFingerprint(key)}`;
  }
}
