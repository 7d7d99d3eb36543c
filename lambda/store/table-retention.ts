import {
  ACCOUNT_RECOVERY_PERIOD_DAYS,
  ACCOUNT_RETENTION_AFTER_DELETION_DAYS,
  ACCOUNT_TTL_DAYS_AFTER_DELETION,
  SPEND_TTL_DAYS_AFTER_MONTH,
  TTL_DELETION_LAG_DAYS,
  USAGE_RETENTION_DAYS,
  USAGE_TTL_DAYS,
} from './retention';
import type { TableId } from './tables';

/** The two retention promises of the privacy policy that stored data falls under. */
export type DataClass = 'usage' | 'account';

export interface RetentionPromise {
  readonly days: number;
  /** The moment the promise counts from. */
  readonly countedFrom: string;
  readonly clause: string;
}

export const RETENTION_PROMISES: Readonly<Record<DataClass, RetentionPromise>> = {
  usage: { days: USAGE_RETENTION_DAYS, countedFrom: 'the request', clause: 'Usage metadata is kept at most 90 days.' },
  account: {
    days: ACCOUNT_RETENTION_AFTER_DELETION_DAYS,
    countedFrom: "the account's deletion",
    clause: 'Account data is kept at most 30 days after the account is deleted.',
  },
};

/** How long one table's items live, counted from the start of their promise. */
export interface TableRetention {
  readonly dataClass: DataClass;
  /** The longest time from the promise's starting point to an item's TTL, in days. */
  readonly ttlDays: number;
  /** How `ttlDays` comes about (the code that sets the TTL). */
  readonly ttlRule: string;
  /** Point-in-time-recovery window in days the table is meant to have; 0 means none. */
  readonly recoveryPeriodDays: number;
}

/** The longest month, for counters that expire a fixed time after the end of the request's month. */
const LONGEST_MONTH_DAYS = 31;

const ACCOUNT_DATA: TableRetention = {
  dataClass: 'account',
  ttlDays: ACCOUNT_TTL_DAYS_AFTER_DELETION,
  ttlRule: `deletion + ${ACCOUNT_TTL_DAYS_AFTER_DELETION} days (accountExpiry, lambda/store/retention.ts)`,
  recoveryPeriodDays: ACCOUNT_RECOVERY_PERIOD_DAYS,
};

/**
 * The retention budget of every table. Accounts and keys keep a week of backups, so their TTL after deletion is
 * shorter; usage and counters have no backups (a lost usage record is not worth restoring at the cost of the promise).
 */
export const TABLE_RETENTION: Readonly<Record<TableId, TableRetention>> = {
  accounts: ACCOUNT_DATA,
  apiKeys: ACCOUNT_DATA,
  usage: {
    dataClass: 'usage',
    ttlDays: USAGE_TTL_DAYS,
    ttlRule: `request + ${USAGE_TTL_DAYS} days (usageExpiry, lambda/store/retention.ts)`,
    recoveryPeriodDays: 0,
  },
  counters: {
    dataClass: 'usage',
    ttlDays: LONGEST_MONTH_DAYS + SPEND_TTL_DAYS_AFTER_MONTH,
    ttlRule: `monthly spend: end of the request's month + ${SPEND_TTL_DAYS_AFTER_MONTH} days, at most ${
      LONGEST_MONTH_DAYS + SPEND_TTL_DAYS_AFTER_MONTH
    } days after the request; rate windows: window end + 60 s (lambda/limits/windows.ts)`,
    recoveryPeriodDays: 0,
  },
};

/** Days until the last copy of an item is gone: TTL + deletion lag + backup window. */
export function retainedDays(ttlDays: number, recoveryPeriodDays: number, deletionLagDays: number = TTL_DELETION_LAG_DAYS): number {
  return ttlDays + deletionLagDays + recoveryPeriodDays;
}
