/**
 * The deepest JSON nesting the gateway accepts (arrays and objects, counted from the body itself).
 * Real requests stay far below it — a tool's JSON schema nests about 2 levels per object level — and
 * every recursive step after parsing (validation, translation, JSON.stringify) stays far from the
 * stack limit. Documented in README (API) as a 400.
 */
export const MAX_JSON_DEPTH = 128;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether a JSON text nests arrays and objects deeper than `limit`. One pass over the characters,
 * before `JSON.parse`, so that a body of thousands of `[` never reaches code that recurses over it.
 * Brackets inside strings do not count. Invalid JSON is left for `JSON.parse` to refuse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++;
      if (depth > limit) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
  return false;
}
