import type { RateWindowState } from '../store/counters-repository';

/** Rate-limit header names (the OpenAI names, which the other SDKs ignore harmlessly). */
export const RATE_LIMIT_HEADERS = {
  limitRequests: 'x-ratelimit-limit-requests',
  remainingRequests: 'x-ratelimit-remaining-requests',
  resetRequests: 'x-ratelimit-reset-requests',
  limitTokens: 'x-ratelimit-limit-tokens',
  remainingTokens: 'x-ratelimit-remaining-tokens',
  resetTokens: 'x-ratelimit-reset-tokens',
} as const;

/**
 * The rate-limit headers for a key's window. `state` is the window after this request was counted
 * (or, when refused, as it was); unknown state reports nothing remaining.
 */
export function rateLimitHeaders(
  limits: { readonly rpmLimit?: number; readonly tpmLimit?: number },
  state: RateWindowState | undefined,
  resetSeconds: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (limits.rpmLimit !== undefined) {
    headers[RATE_LIMIT_HEADERS.limitRequests] = String(limits.rpmLimit);
    headers[RATE_LIMIT_HEADERS.remainingRequests] = String(state ? Math.max(0, limits.rpmLimit - state.requests) : 0);
    headers[RATE_LIMIT_HEADERS.resetRequests] = `${resetSeconds}s`;
  }
  if (limits.tpmLimit !== undefined) {
    headers[RATE_LIMIT_HEADERS.limitTokens] = String(limits.tpmLimit);
    headers[RATE_LIMIT_HEADERS.remainingTokens] = String(state ? Math.max(0, limits.tpmLimit - state.tokens) : 0);
    headers[RATE_LIMIT_HEADERS.resetTokens] = `${resetSeconds}s`;
  }
  return headers;
}
