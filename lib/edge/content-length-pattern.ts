/**
 * A regular expression that matches a decimal integer strictly greater than `limit`
 * (no sign, no leading zeros), for a WAF rule on the `content-length` header.
 *
 * WAF inspects at most the first 64 KB of a body, so a size-constraint statement cannot see a 3 MB body;
 * the declared length can be compared instead. A body sent without `content-length` (chunked) reaches API
 * Gateway (10 MB cap); up to the limit the function answers it, and one that no longer fits Lambda's 6 MB
 * invocation payload fails in API Gateway (its INTEGRATION_FAILURE gateway response).
 */
export function greaterThanPattern(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`limit must be a non-negative integer, got ${limit}`);
  const digits = String(limit);
  const alternatives = [`[1-9]\\d{${digits.length},}`];
  for (let index = 0; index < digits.length; index += 1) {
    const digit = Number(digits[index]);
    if (digit === 9) continue;
    const rest = digits.length - index - 1;
    const lowest = index === 0 ? Math.max(digit + 1, 1) : digit + 1;
    const range = lowest === 9 ? '9' : `[${lowest}-9]`;
    alternatives.push(`${digits.slice(0, index)}${range}${rest > 0 ? `\\d{${rest}}` : ''}`);
  }
  // Anchored alternatives without groups: WAF's regex engine refuses capturing subexpressions.
  return alternatives.map((alternative) => `^${alternative}$`).join('|');
}
