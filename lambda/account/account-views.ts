import type { AccountRecord } from '../store/accounts-repository';
import type { ApiKeyRecord } from '../store/api-keys-repository';

/** ISO-8601 for an epoch-seconds TTL, undefined when absent. */
export function isoFromEpochSeconds(seconds: number | undefined): string | undefined {
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
}

/**
 * The account as shown to the operator and exported to its holder: `id` first, TTL as ISO-8601.
 * `deletedAt` and `expiresAt` are always present (null while the account is active).
 */
export function accountView(account: AccountRecord) {
  return {
    id: account.accountId,
    email: account.email,
    status: account.status,
    createdAt: account.createdAt,
    paymentRef: account.paymentRef,
    cardBrand: account.cardBrand,
    cardLast4: account.cardLast4,
    monthlyBudgetUsd: account.monthlyBudgetUsd,
    suspendedAt: account.suspendedAt,
    deletedAt: account.deletedAt ?? null,
    expiresAt: isoFromEpochSeconds(account.expiresAt) ?? null,
  };
}

/** A key as shown anywhere: ids, prefix, status, dates and limits; never the hash. */
export function keyView(key: ApiKeyRecord): Record<string, unknown> {
  return {
    id: key.keyId,
    accountId: key.accountId,
    prefix: key.prefix,
    status: key.status,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
    rpmLimit: key.rpmLimit,
    tpmLimit: key.tpmLimit,
    monthlyBudgetUsd: key.monthlyBudgetUsd,
    expiresAt: isoFromEpochSeconds(key.expiresAt),
  };
}
