import { rateLimitHeaders } from '../../../lambda/limits/rate-limit-headers';
import { monthEndsAt, monthlySpendExpiry, rateWindow, secondsUntil } from '../../../lambda/limits/windows';

describe('limit windows', () => {
  it('aligns rate windows to the clock minute', () => {
    const window = rateWindow(new Date('2026-11-27T03:10:59.999Z'));
    expect(window.endsAt * 1000).toBe(Date.parse('2026-11-27T03:11:00Z'));
    expect(window.expiresAt).toBe(window.endsAt + 60);
    expect(rateWindow(new Date('2026-11-27T03:11:00.000Z')).index).toBe(window.index + 1);
  });

  it('ends a month at midnight UTC of the first of the next, and keeps spend 31 days more', () => {
    expect(monthEndsAt(new Date('2026-12-31T23:59:59Z')) * 1000).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(monthlySpendExpiry(new Date('2026-11-05T00:00:00Z')) * 1000).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });

  it('never asks for a retry in less than a second', () => {
    expect(secondsUntil(100, new Date(99_999))).toBe(1);
    expect(secondsUntil(100, new Date(100_500))).toBe(1);
    expect(secondsUntil(160, new Date(100_000))).toBe(60);
  });

  it('reports only the limits a key has', () => {
    expect(rateLimitHeaders({ rpmLimit: 10 }, { requests: 3, tokens: 99 }, 12)).toEqual({
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '7',
      'x-ratelimit-reset-requests': '12s',
    });
    expect(rateLimitHeaders({ tpmLimit: 50 }, { requests: 3, tokens: 80 }, 5)).toEqual({
      'x-ratelimit-limit-tokens': '50',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '5s',
    });
    expect(rateLimitHeaders({}, undefined, 5)).toEqual({});
  });
});
