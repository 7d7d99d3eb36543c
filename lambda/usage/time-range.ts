import { DomainError } from '../core/domain-error';
import { USAGE_RETENTION_DAYS } from '../store/retention';

/** A half-open time range [from, to) in ISO-8601 (UTC, as in usage sort keys). */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

/** `field` is `from`, `to` or `month`, the names the API and the CLI share. */
export class InvalidTimeRangeError extends DomainError {
  readonly kind = 'invalid_input';
}

const DAY_MS = 86_400_000;

/** Parses `2026-11-05` or a full ISO-8601 time into a Date; throws naming the field (`from` or `to`). */
export function parseInstant(value: string, field: 'from' | 'to'): Date {
  const trimmed = value.trim();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? new Date(`${trimmed}T00:00:00.000Z`) : new Date(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed) || Number.isNaN(date.getTime())) {
    // The value is not repeated: through GET /v1/usage it is caller text.
    throw new InvalidTimeRangeError(
      `The ${field === 'from' ? 'start' : 'end'} of the range must be a date (2026-11-05) or an ISO-8601 time (2026-11-05T10:00:00Z).`,
      field,
    );
  }
  return date;
}

/** The calendar month `YYYY-MM` in UTC as [first day, first day of the next month). */
export function monthRange(month: string): TimeRange {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month.trim());
  if (!match) throw new InvalidTimeRangeError('The month must look like 2026-11.', 'month');
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return { from: new Date(Date.UTC(year, monthIndex, 1)).toISOString(), to: new Date(Date.UTC(year, monthIndex + 1, 1)).toISOString() };
}

export interface RangeOptions {
  readonly from?: string;
  readonly to?: string;
  readonly month?: string;
}

/**
 * The range a query covers: `month`, or `from`/`to` (to exclusive). Without bounds it is the whole
 * retention period (the last 90 days up to now), since nothing older exists.
 */
export function resolveTimeRange(options: RangeOptions, now: Date = new Date()): TimeRange {
  if (options.month !== undefined) {
    if (options.from !== undefined || options.to !== undefined)
      throw new InvalidTimeRangeError('Give either a month or a start and end of the range, not both.', 'month');
    return clampToRetention(monthRange(options.month), now);
  }
  const to = options.to !== undefined ? parseInstant(options.to, 'to') : new Date(now.getTime() + LATEST_SLACK_MS);
  const from = options.from !== undefined ? parseInstant(options.from, 'from') : new Date(now.getTime() - USAGE_RETENTION_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new InvalidTimeRangeError('The start of the range must be earlier than its end.', 'from');
  return clampToRetention({ from: from.toISOString(), to: to.toISOString() }, now);
}

/** Records are written at request time; a minute's slack covers clocks a little apart. */
const LATEST_SLACK_MS = 60_000;

/**
 * A range cut to what can hold records: the retention period (90 days) up to now. The work of a query
 * (one query per part or per day and shard) is then bounded whatever dates a caller asks for
 * (`from=1000-01-01&to=3000-01-01` is the last 90 days); a range wholly outside it becomes empty
 * (`from` = `to`).
 */
export function clampToRetention(range: TimeRange, now: Date): TimeRange {
  const earliest = now.getTime() - USAGE_RETENTION_DAYS * DAY_MS;
  const latest = now.getTime() + LATEST_SLACK_MS;
  const clamp = (iso: string) => {
    const time = Date.parse(iso);
    return time < earliest ? new Date(earliest).toISOString() : time > latest ? new Date(latest).toISOString() : iso;
  };
  return { from: clamp(range.from), to: clamp(range.to) };
}

/** The UTC days (`YYYY-MM-DD`) that a range touches, oldest first. */
export function daysIn(range: TimeRange): string[] {
  const days: string[] = [];
  if (range.from >= range.to) return days;
  const end = new Date(range.to).getTime();
  for (let day = Date.parse(range.from.slice(0, 10)); day < end; day += DAY_MS) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/**
 * Splits a range into consecutive, disjoint ranges of at most `maxDays` each (the last one shorter),
 * covering it exactly: queries over them can run in parallel and their results be concatenated.
 */
export function splitRange(range: TimeRange, maxDays: number): TimeRange[] {
  const parts: TimeRange[] = [];
  const end = Date.parse(range.to);
  for (let start = Date.parse(range.from); start < end; start += maxDays * DAY_MS) {
    const partEnd = Math.min(end, start + maxDays * DAY_MS);
    parts.push({
      from: parts.length ? new Date(start).toISOString() : range.from,
      to: partEnd === end ? range.to : new Date(partEnd).toISOString(),
    });
  }
  return parts;
}
