import { randomBytes } from 'node:crypto';

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A new account id: `acct_` and 16 base32 characters (80 random bits). */
export function generateAccountId(): string {
  return `acct_${Array.from(randomBytes(16), (byte) => BASE32_ALPHABET[byte % 32]).join('')}`;
}
