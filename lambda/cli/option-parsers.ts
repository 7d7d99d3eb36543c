import { InvalidArgumentError } from '@commander-js/extra-typings';

/**
 * What `none` (or `off`) parses to: an explicit removal. Not `null`: commander stores an option whose
 * parser returned `null` as `""`, which would then be written to the key record as a limit.
 */
export const REMOVE_LIMIT = 'none';
export type RemoveLimit = typeof REMOVE_LIMIT;

const NONE = /^(none|off)$/i;

/** A whole number of at least 1, or `none` to remove the limit. */
export function parseLimit(value: string): number | RemoveLimit {
  if (NONE.test(value.trim())) return REMOVE_LIMIT;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('Expected a whole number of at least 1, or "none" to remove the limit.');
  }
  return Number(value);
}

/** A USD amount of 0 or more (at most 6 decimals), or `none` to remove the budget. */
export function parseUsd(value: string): number | RemoveLimit {
  if (NONE.test(value.trim())) return REMOVE_LIMIT;
  if (!/^\d+(\.\d{1,6})?$/.test(value.trim())) throw new InvalidArgumentError('Expected an amount in USD such as 25 or 12.50, or "none".');
  return Number(value);
}

/** A parsed limit as the repositories take it: a number, `null` to remove it, undefined to leave it as it is. */
export function limitValue(parsed: number | RemoveLimit | undefined): number | null | undefined {
  return parsed === REMOVE_LIMIT ? null : parsed;
}

/** One of a fixed set of words. */
export function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    const chosen = allowed.find((word) => word === value);
    if (chosen === undefined) throw new InvalidArgumentError(`Expected one of: ${allowed.join(', ')}.`);
    return chosen;
  };
}
