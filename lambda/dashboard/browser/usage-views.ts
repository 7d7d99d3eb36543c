import { regroupRows, sumRows, type GroupColumn, type UsageRow, type UsageTotals } from '../../usage/aggregate-usage';
import { daysIn, type TimeRange } from '../../usage/time-range';

/** What the page draws: totals, and rows per day, per model, per key (holder) or account (operator), per status. */
export interface UsageViews {
  readonly range: TimeRange;
  readonly total: UsageTotals;
  /** One row per UTC day of the range, days without usage included (as zeros). */
  readonly byDay: readonly UsageRow[];
  /** One row per model and operation, most expensive first. */
  readonly byModel: readonly UsageRow[];
  /** One row per key (`keyId`) or account (`accountId`), most expensive first. */
  readonly bySplit: readonly UsageRow[];
  /** Operator view only: one row per answered status, errors only. */
  readonly byStatus?: readonly UsageRow[];
}

const ZERO: UsageTotals = {
  requests: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  costUsd: 0,
};

/** Most expensive first; then most answers; then by name, so the order is stable. */
function byCost(a: UsageRow, b: UsageRow): number {
  return b.costUsd - a.costUsd || b.requests + b.errors - (a.requests + a.errors) || JSON.stringify(a).localeCompare(JSON.stringify(b));
}

/** Rows by day with every day of the range, in order. */
export function everyDay(rows: readonly UsageRow[], range: TimeRange): UsageRow[] {
  const found = new Map(rows.map((row) => [String(row.day), row]));
  return daysIn(range).map((day) => found.get(day) ?? { day, ...ZERO });
}

/** The account holder's views, from the rows of one `GET /v1/usage?by=day,model,key` read. */
export function holderViews(rows: readonly UsageRow[], range: TimeRange): UsageViews {
  return viewsOf(rows, range, 'keyId');
}

/** Rows that were grouped by `day`, `model` (with `operation`) and `split`, summed into the page's views. */
function viewsOf(rows: readonly UsageRow[], range: TimeRange, split: GroupColumn): UsageViews {
  return {
    range,
    total: sumRows(rows),
    byDay: everyDay(regroupRows(rows, ['day']), range),
    byModel: regroupRows(rows, ['model', 'operation']).sort(byCost),
    bySplit: regroupRows(rows, [split]).sort(byCost),
  };
}

/** What `tollgate dashboard` answers on /operator/usage: the views over all accounts, grouped by the CLI. */
export interface OperatorUsage {
  readonly from: string;
  readonly to: string;
  readonly byDay: readonly UsageRow[];
  readonly byModel: readonly UsageRow[];
  readonly byAccount: readonly UsageRow[];
  readonly byStatus: readonly UsageRow[];
}

/** The operator's views over all accounts. */
export function operatorViews(usage: OperatorUsage): UsageViews {
  const range = { from: usage.from, to: usage.to };
  return {
    range,
    total: sumRows(usage.byDay),
    byDay: everyDay(usage.byDay, range),
    byModel: [...usage.byModel].sort(byCost),
    bySplit: [...usage.byAccount].sort(byCost),
    byStatus: usage.byStatus.filter((row) => Number(row.status) >= 400),
  };
}

/** A row's model column as a person reads it: a model list names no model, so its operation is shown. */
export function modelLabel(row: UsageRow): string {
  const operation = String(row.operation ?? 'generate');
  if (!row.model) return operation === 'listModels' ? 'model list' : operation;
  return operation === 'generate' ? String(row.model) : `${String(row.model)} (${operation === 'countTokens' ? 'token count' : operation})`;
}

/** What an error status means, for the operator's table of errors and refusals. */
export function statusMeaning(status: number): string {
  const meanings: Readonly<Record<number, string>> = {
    400: 'invalid request',
    401: 'key missing or refused',
    403: 'forbidden',
    404: 'unknown model or route',
    408: 'request timeout',
    413: 'request too large',
    429: 'refused: rate limit or budget',
    499: 'caller went away',
    500: 'gateway error',
    502: 'upstream error',
    503: 'upstream unavailable',
    504: 'upstream timeout',
  };
  return meanings[status] ?? (status >= 500 ? 'server error' : 'client error');
}
