import { epochSeconds, SPEND_TTL_DAYS_AFTER_MONTH } from '../store/retention';

/** Length of a rate-limit window: RPM and TPM count in fixed, clock-aligned minutes. */
export const RATE_WINDOW_SECONDS = 60;
/** A rate window's counter item outlives the window by this much, then DynamoDB may delete it. */
const RATE_WINDOW_TTL_MARGIN_SECONDS = 60;

export interface RateWindow {
  /** Epoch minute, part of the counter key. */
  readonly index: number;
  /** Epoch seconds at which the window ends (and the next begins). */
  readonly endsAt: number;
  /** TTL of the window's counter item. */
  readonly expiresAt: number;
}

export function rateWindow(now: Date): RateWindow {
  const index = Math.floor(epochSeconds(now) / RATE_WINDOW_SECONDS);
  const endsAt = (index + 1) * RATE_WINDOW_SECONDS;
  return { index, endsAt, expiresAt: endsAt + RATE_WINDOW_TTL_MARGIN_SECONDS };
}

/** `YYYY-MM` in UTC. */
export function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** Epoch seconds at which the UTC month of `now` ends. */
export function monthEndsAt(now: Date): number {
  return epochSeconds(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
}

/** TTL of a month's spend item. */
export function monthlySpendExpiry(now: Date): number {
  return monthEndsAt(now) + SPEND_TTL_DAYS_AFTER_MONTH * 86_400;
}

/** Whole seconds until `endsAt`, at least 1 (for `retry-after` and the reset headers). */
export function secondsUntil(endsAt: number, now: Date): number {
  return Math.max(1, Math.ceil(endsAt - now.getTime() / 1000));
}
