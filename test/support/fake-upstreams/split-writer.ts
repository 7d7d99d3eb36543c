import type { ServerResponse } from 'node:http';

/**
 * Writes bytes to a response in small pieces cut at arbitrary byte offsets (inside multi-byte
 * characters, between CR and LF), yielding to the event loop between pieces so that they leave as
 * separate TCP writes. `seed` makes the cuts repeatable.
 */
export async function writeInPieces(response: ServerResponse, text: string, seed: number, maxPiece = 17): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: cheap, repeatable pseudo-random piece sizes.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % maxPiece;
  };
  for (let offset = 0; offset < bytes.length;) {
    const size = 1 + next();
    if (response.destroyed) return;
    response.write(bytes.subarray(offset, offset + size));
    offset += size;
    await new Promise((resolveTick) => setImmediate(resolveTick));
  }
}
