import type { UsageRecord } from '../store/usage-repository';

export type UsageGrouping = 'day' | 'model' | 'key' | 'account';
export const USAGE_GROUPINGS: readonly UsageGrouping[] = ['day', 'model', 'key', 'account'];

/** The column each grouping adds to its rows. */
export const GROUP_COLUMN: Readonly<Record<UsageGrouping, 'day' | 'model' | 'keyId' | 'accountId'>> = {
  day: 'day',
  model: 'model',
  key: 'keyId',
  account: 'accountId',
};

export interface UsageTotals {
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly reasoningTokens: number;
  readonly costUsd: number;
}

/** One grouped row: the group column (e.g. `day`) plus the totals. */
export type UsageRow = Record<string, string | number> & UsageTotals;

/** Sums in nano-dollars, the precision of per-request costs, so totals carry no float noise. */
const toNanoDollars = (usd: number) => Math.round(usd * 1e9);

/**
 * Groups records and sums them. Token counts a provider did not report count as 0 in the sums
 * (the single records keep them undefined).
 */
export function aggregateUsage(records: readonly UsageRecord[], grouping: UsageGrouping): UsageRow[] {
  const column = GROUP_COLUMN[grouping];
  const groups = new Map<string, { totals: Omit<UsageTotals, 'costUsd'>; nanoDollars: number }>();
  for (const record of records) {
    const group = String(record[column]);
    const entry = groups.get(group) ?? {
      totals: { requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      nanoDollars: 0,
    };
    entry.totals = {
      requests: entry.totals.requests + 1,
      inputTokens: entry.totals.inputTokens + (record.inputTokens ?? 0),
      outputTokens: entry.totals.outputTokens + (record.outputTokens ?? 0),
      cacheReadTokens: entry.totals.cacheReadTokens + (record.cacheReadTokens ?? 0),
      cacheWriteTokens: entry.totals.cacheWriteTokens + (record.cacheWriteTokens ?? 0),
      reasoningTokens: entry.totals.reasoningTokens + (record.reasoningTokens ?? 0),
    };
    entry.nanoDollars += toNanoDollars(record.costUsd);
    groups.set(group, entry);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, { totals, nanoDollars }]) => ({ [column]: group, ...totals, costUsd: nanoDollars / 1e9 }) as UsageRow);
}
