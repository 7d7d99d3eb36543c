import type { UsageRecord } from '../store/usage-repository';

export type UsageGrouping = 'day' | 'model' | 'key' | 'account' | 'status';
export const USAGE_GROUPINGS: readonly UsageGrouping[] = ['day', 'model', 'key', 'account', 'status'];

export type GroupColumn = 'day' | 'model' | 'operation' | 'keyId' | 'accountId' | 'status';

/**
 * The columns each grouping adds to its rows. Grouping by model also splits by operation, so that
 * token counts and model lists are not mixed with generations (a model list names no model).
 */
export const GROUP_COLUMNS: Readonly<Record<UsageGrouping, readonly GroupColumn[]>> = {
  day: ['day'],
  model: ['model', 'operation'],
  key: ['keyId'],
  account: ['accountId'],
  // The HTTP status answered: which errors, and how many refusals (429), the operator's view shows.
  status: ['status'],
};

export interface UsageTotals {
  /** Requests answered successfully (status below 400). */
  readonly requests: number;
  /** Requests answered with an error (4xx/5xx), rate-limit and budget refusals (429) included. */
  readonly errors: number;
  /** All prompt tokens, cached ones (cacheReadTokens, cacheWriteTokens) included. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly reasoningTokens: number;
  readonly costUsd: number;
}

/** One grouped row: the group columns (e.g. `day`) plus the totals. */
export type UsageRow = Record<string, string | number> & UsageTotals;

/** Sums in nano-dollars, the precision of per-request costs, so totals carry no float noise. */
const toNanoDollars = (usd: number) => Math.round(usd * 1e9);

type Totals = Omit<UsageTotals, 'costUsd'>;

/** A record's value in a group column. A model list has no model: its row names the operation only. */
function groupValue(record: UsageRecord, column: GroupColumn): string {
  const operation = record.operation ?? 'generate';
  if (column === 'operation') return operation;
  if (column === 'model') return operation === 'listModels' ? '' : record.model;
  return String(record[column]);
}

/** Whether a record is an error answer (the gateway's or the upstream's), refusals included. */
export const isErrorAnswer = (record: Pick<UsageRecord, 'status'>) => record.status >= 400;

/**
 * Groups records by one or more columns and sums them, one record at a time (nothing is kept but the
 * sums). Token counts a provider did not report count as 0 in the sums (the single records keep
 * them undefined).
 */
export class UsageAggregator {
  private readonly columns: readonly GroupColumn[];
  private readonly groups = new Map<string, { values: string[]; totals: Totals; nanoDollars: number }>();

  constructor(groupings: readonly UsageGrouping[]) {
    this.columns = groupings.flatMap((grouping) => GROUP_COLUMNS[grouping]);
  }

  add(record: UsageRecord): void {
    const values = this.columns.map((column) => groupValue(record, column));
    const group = JSON.stringify(values);
    const entry = this.groups.get(group) ?? {
      values,
      totals: { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      nanoDollars: 0,
    };
    const error = isErrorAnswer(record);
    entry.totals = {
      requests: entry.totals.requests + (error ? 0 : 1),
      errors: entry.totals.errors + (error ? 1 : 0),
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
        return { ...columns, ...totals, costUsd: nanoDollars / 1e9 };
      });
  }
}

/**
 * Sums already grouped rows again by fewer columns (e.g. rows by day, model and key into rows by
 * model), costs in nano-dollars; rows are sorted by those columns. What the dashboard page draws
 * from one `by=day,model,key` read.
 */
export function regroupRows(rows: readonly UsageRow[], columns: readonly GroupColumn[]): UsageRow[] {
  const groups = new Map<string, { values: string[]; members: UsageRow[] }>();
  for (const row of rows) {
    const values = columns.map((column) => String(row[column] ?? ''));
    const key = JSON.stringify(values);
    const group = groups.get(key) ?? { values, members: [] };
    group.members.push(row);
    groups.set(key, group);
  }
  const compare = (a: string[], b: string[]) => a.reduce((order, value, index) => order || value.localeCompare(b[index]), 0);
  return [...groups.values()]
    .sort((a, b) => compare(a.values, b.values))
    .map(({ values, members }) => {
      const group = Object.fromEntries(columns.map((column, index) => [column, values[index]]));
      return { ...group, ...sumRows(members) };
    });
}

/** Groups records by one grouping and sums them (see UsageAggregator). */
export function aggregateUsage(records: readonly UsageRecord[], grouping: UsageGrouping): UsageRow[] {
  const aggregator = new UsageAggregator([grouping]);
  for (const record of records) aggregator.add(record);
  return aggregator.rows();
}

/** The totals of rows (e.g. a TOTAL line), costs summed in nano-dollars. */
export function sumRows(rows: readonly UsageTotals[]): UsageTotals {
  const sum = (key: Exclude<keyof UsageTotals, 'costUsd'>) => rows.reduce((total, row) => total + row[key], 0);
  return {
    requests: sum('requests'),
    errors: sum('errors'),
    inputTokens: sum('inputTokens'),
    outputTokens: sum('outputTokens'),
    cacheReadTokens: sum('cacheReadTokens'),
    cacheWriteTokens: sum('cacheWriteTokens'),
    reasoningTokens: sum('reasoningTokens'),
    costUsd: rows.reduce((total, row) => total + toNanoDollars(row.costUsd), 0) / 1e9,
  };
}
