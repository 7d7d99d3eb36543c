/**
 * Retention periods from the privacy promise, and the TTL values that honour them with backups counted.
 *
 * Data is "kept" until the last copy is gone, so each promise is budgeted as
 *   TTL + DynamoDB's deletion lag + the point-in-time-recovery window (a backup is retention) ≤ the promise.
 * DynamoDB deletes expired items "within a few days" (typically two); `TTL_DELETION_LAG_DAYS` budgets a week.
 * The budget per table is in `table-retention.ts`; the CDK app refuses to synthesize a template that breaks it.
 */

export const SECONDS_PER_DAY = 86_400;

/** P2: usage metadata is kept at most 90 days after the request. */
export const USAGE_RETENTION_DAYS = 90;
/** P3: account data is kept at most 30 days after the account's deletion. */
export const ACCOUNT_RETENTION_AFTER_DELETION_DAYS = 30;

/** Budget for DynamoDB's deletion lag after an item's TTL has passed. */
export const TTL_DELETION_LAG_DAYS = 7;
/**
 * Point-in-time-recovery window of the accounts and API keys tables: a week to notice and undo a bad write.
 * Usage and counters have no point-in-time recovery (not worth restoring, and it would eat into 90 days).
 */
export const ACCOUNT_RECOVERY_PERIOD_DAYS = 7;

/** Usage records expire this long after the request: 90 - 7 (lag) = 83 days. */
export const USAGE_TTL_DAYS = USAGE_RETENTION_DAYS - TTL_DELETION_LAG_DAYS;
/** Account items and key records of a deleted account expire this long after the deletion: 30 - 7 (lag) - 7 (backups) = 16 days. */
export const ACCOUNT_TTL_DAYS_AFTER_DELETION = ACCOUNT_RETENTION_AFTER_DELETION_DAYS - TTL_DELETION_LAG_DAYS - ACCOUNT_RECOVERY_PERIOD_DAYS;
/** A month's spend counter expires this long after the month ends. */
export const SPEND_TTL_DAYS_AFTER_MONTH = 31;

/** TTL (epoch seconds) for a usage record created at `createdAt`: gone, backups included, within 90 days. */
export function usageExpiry(createdAt: Date): number {
  return epochSeconds(createdAt) + USAGE_TTL_DAYS * SECONDS_PER_DAY;
}

/** TTL (epoch seconds) for the items of an account deleted at `deletedAt`: gone, backups included, within 30 days. */
export function accountExpiry(deletedAt: Date): number {
  return epochSeconds(deletedAt) + ACCOUNT_TTL_DAYS_AFTER_DELETION * SECONDS_PER_DAY;
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** True when an item's TTL has passed: DynamoDB may still return it, readers must not. */
export function isExpired(item: { expiresAt?: unknown }, now: Date = new Date()): boolean {
  return typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(now);
}
