/**
 * Retention periods from the privacy promise, and the TTL values that honour them.
 *
 * DynamoDB deletes expired items "within a few days" (typically two) after the TTL passes, so the
 * TTL is set early enough that the item is gone within the promised period even with that lag.
 */

const SECONDS_PER_DAY = 86_400;

/** Usage metadata is kept at most 90 days (P2). */
export const USAGE_RETENTION_DAYS = 90;
/** Margin left for DynamoDB's deletion lag. */
export const TTL_DELETION_LAG_DAYS = 7;
/** Account data is kept 30 days after deletion (P3). */
export const ACCOUNT_GRACE_DAYS = 30;

/** TTL (epoch seconds) for a usage record created at `createdAt`: gone within 90 days. */
export function usageExpiry(createdAt: Date): number {
  return epochSeconds(createdAt) + (USAGE_RETENTION_DAYS - TTL_DELETION_LAG_DAYS) * SECONDS_PER_DAY;
}

/** TTL (epoch seconds) for the items of an account deleted at `deletedAt`. */
export function accountExpiry(deletedAt: Date): number {
  return epochSeconds(deletedAt) + ACCOUNT_GRACE_DAYS * SECONDS_PER_DAY;
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** True when an item's TTL has passed: DynamoDB may still return it, readers must not. */
export function isExpired(item: { expiresAt?: unknown }, now: Date = new Date()): boolean {
  return typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(now);
}
