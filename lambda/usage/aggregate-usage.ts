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

type Totals = Omit<UsageTotals, 'costUsd'>;

/**
 * Groups records by one or more columns and sums them, one record at a time (nothing is kept but the
 * sums). Token counts a provider did not report count as 0 in the sums (the single records keep
 * them undefined).
 */
export class UsageAggregator {
  private readonly columns: readonly ('day' | 'model' | 'keyId' | 'accountId')[];
  private readonly groups = new Map<string, { values: string[]; totals: Totals; nanoDollars: number }>();

  constructor(groupings: readonly UsageGrouping[]) {
    this.columns = groupings.map((grouping) => GROUP_COLUMN[grouping]);
  }

  add(record: UsageRecord): void {
    const values = this.columns.map((column) => String(record[column]));
    const group = JSON.stringify(values);
    const entry = this.groups.get(group) ?? {
      values,
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
    this.groups.set(group, entry);
  }

  /** One row per group, sorted by the group columns in order. */
  rows(): UsageRow[] {
    const compare = (a: string[], b: string[]) => a.reduce((order, value, index) => order || value.localeCompare(b[index]), 0);
    return [...this.groups.values()]
      .sort((a, b) => compare(a.values, b.values))
      .map(({ values, totals, nanoDollars }) => {
        const columns = Object.fromEntries(this.columns.map((column, index) => [column, values[index]]));
        return { ...columns, ...totals, costUsd: nanoDollars / 1e9 } as UsageRow;
      });
  }
}

/** Groups records by one column and sums them (see UsageAggregator). */
export function aggregateUsage(records: readonly UsageRecord[], grouping: UsageGrouping): UsageRow[] {
  const aggregator = new UsageAggregator([grouping]);
  for (const record of records) aggregator.add(record);
  return aggregator.rows();
}
