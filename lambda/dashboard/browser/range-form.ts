import { h } from './dom';

const DAY_MS = 86_400_000;

/** A chosen range of whole UTC days, as the usage API takes it (`to` exclusive). */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** This month so far: from the first of the month (UTC) to today, inclusive. */
export function thisMonth(now: Date): { firstDay: string; lastDay: string } {
  const today = now.toISOString().slice(0, 10);
  return { firstDay: `${today.slice(0, 8)}01`, lastDay: today };
}

/** The API's range for inclusive first and last days: `to` is the day after the last one. */
export function apiRange(firstDay: string, lastDay: string): DayRange {
  const after = new Date(Date.parse(`${lastDay}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
  return { from: firstDay, to: after };
}

/** The two date inputs of the range; `this month` by default. */
export function rangeInputs(now: Date): { fields: HTMLElement; range: () => DayRange | string } {
  const month = thisMonth(now);
  const from = h('input', { type: 'date', id: 'range-from', name: 'from', value: month.firstDay, required: '' });
  const to = h('input', { type: 'date', id: 'range-to', name: 'to', value: month.lastDay, required: '' });
  const fields = h(
    'div',
    { class: 'range' },
    h('label', { for: 'range-from' }, 'From (UTC)', from),
    h('label', { for: 'range-to' }, 'To, inclusive', to),
  );
  return {
    fields,
    range: () => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(from.value) || !/^\d{4}-\d{2}-\d{2}$/.test(to.value)) return 'Choose both days of the range.';
      if (from.value > to.value) return 'The first day must not be after the last.';
      return apiRange(from.value, to.value);
    },
  };
}
