import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key format: `tg_<keyId>_<secret>`.
 * - keyId: 12 lowercase base32 characters (60 bits), public, shown in listings and logs.
 * - secret: 32 random bytes (256 bits) in base64url.
 * Only the SHA-256 of the whole key is stored. The key id locates the record; the hash is then
 * compared in constant time, so a lookup never leaks how much of a guess was right.
 */
const KEY_PATTERN = /^tg_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;
const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export interface GeneratedApiKey {
  readonly keyId: string;
  /** The whole key: shown once, never stored. */
  readonly key: string;
  readonly hash: string;
  /** A display prefix such as `tg_abcdefghijkl_…`. */
  readonly prefix: string;
}

export function generateApiKey(): GeneratedApiKey {
  const idBytes = randomBytes(12);
  const keyId = Array.from(idBytes, (byte) => BASE32_ALPHABET[byte % 32]).join('');
  const secret = randomBytes(32).toString('base64url');
  const key = `tg_${keyId}_${secret}`;
  return { keyId, key, hash: hashApiKey(key), prefix: displayPrefix(keyId) };
}

export function displayPrefix(keyId: string): string {
  return `tg_${keyId}_…`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The key id inside a well-formed key, or undefined for anything else. */
export function parseKeyId(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/** Compares a presented key with a stored hash in constant time. */
export function keyMatchesHash(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
