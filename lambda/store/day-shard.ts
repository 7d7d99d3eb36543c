import { USAGE_DAY_SHARDS } from './tables';

/** FNV-1a (32 bit) of a string's UTF-16 code units: stable across processes, platforms and versions. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The `byDay` index partition of a usage record: `YYYY-MM-DD#N`, N = hash(requestId) mod USAGE_DAY_SHARDS. */
export function dayShardOf(day: string, requestId: string): string {
  return `${day}#${fnv1a(requestId) % USAGE_DAY_SHARDS}`;
}

/** Every `byDay` partition of a day, `YYYY-MM-DD#0` .. `#<USAGE_DAY_SHARDS - 1>`. */
export function dayShardsOf(day: string): string[] {
  return Array.from({ length: USAGE_DAY_SHARDS }, (_, shard) => `${day}#${shard}`);
}
