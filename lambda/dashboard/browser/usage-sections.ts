import type { Chart } from 'chart.js';
import { formatCount, formatCsv, formatUsd, type Column } from '../../cli/output';
import type { UsageRow, UsageTotals } from '../../usage/aggregate-usage';
import { barChart, COLORS } from './charts';
import { download, h } from './dom';
import { modelLabel, statusMeaning, type UsageViews } from './usage-views';

/** The columns every usage table and CSV export has, in the CLI's terms (see `tollgate usage`). */
export const TOTAL_COLUMNS: readonly Column[] = [
  { key: 'requests', header: 'Requests', numeric: true, format: formatCount },
  { key: 'errors', header: 'Errors', numeric: true, format: formatCount },
  { key: 'inputTokens', header: 'Input tokens (incl. cached)', numeric: true, format: formatCount },
  { key: 'cacheReadTokens', header: 'Cached (read)', numeric: true, format: formatCount },
  { key: 'cacheWriteTokens', header: 'Cache write', numeric: true, format: formatCount },
  { key: 'outputTokens', header: 'Output tokens', numeric: true, format: formatCount },
  { key: 'reasoningTokens', header: 'Reasoning tokens', numeric: true, format: formatCount },
  { key: 'costUsd', header: 'Cost', numeric: true, format: formatUsd },
];

const usd = (value: number) => formatUsd(value);
const count = (value: number) => formatCount(value);

/** The page's charts, destroyed before a view is drawn again. */
export class ChartSet {
  private charts: Chart[] = [];

  add({ figure, chart }: { figure: HTMLElement; chart: Chart }): HTMLElement {
    this.charts.push(chart);
    return figure;
  }

  destroyAll(): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
  }
}

/**
 * A table with the same figures as the charts, as text: a header row, one row per entry and a total.
 * Each cell also carries its exact value (`data-value`); the CSV button exports exactly these rows.
 */
export function usageTable(options: {
  readonly name: string;
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  readonly total?: Readonly<Record<string, unknown>>;
  readonly fileName: string;
}): HTMLElement {
  const cell = (tag: 'td' | 'th', column: Column, row: Readonly<Record<string, unknown>>) => {
    const value = row[column.key];
    const exact = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    const text = column.format ? column.format(value) : (exact ?? '');
    const attributes: Record<string, string> = { 'data-column': column.key };
    if (column.numeric) attributes.class = 'number';
    if (exact !== undefined) attributes['data-value'] = exact;
    if (tag === 'th') attributes.scope = 'row';
    return h(tag, attributes, text);
  };
  const body = options.rows.map((row) =>
    h('tr', {}, ...options.columns.map((column, index) => cell(index === 0 ? 'th' : 'td', column, row))),
  );
  const foot = options.total
    ? h(
        'tfoot',
        {},
        h(
          'tr',
          { 'data-total': 'true' },
          ...options.columns.map((column, index) => cell(index === 0 ? 'th' : 'td', column, options.total ?? {})),
        ),
      )
    : null;
  const exportButton = h('button', { type: 'button', class: 'secondary' }, 'Download CSV');
  exportButton.addEventListener('click', () => download(options.fileName, formatCsv(options.rows, options.columns)));
  return h(
    'div',
    { class: 'table-block' },
    h(
      'div',
      { class: 'table-scroll', tabindex: '0' },
      h(
        'table',
        { 'data-view': options.name },
        h('caption', {}, options.caption),
        h(
          'thead',
          {},
          h('tr', {}, ...options.columns.map((column) => h('th', { scope: 'col', class: column.numeric ? 'number' : '' }, column.header))),
        ),
        h('tbody', {}, ...body),
        foot,
      ),
    ),
    exportButton,
  );
}

/** The totals of the range as a list of figures. */
export function summary(total: UsageTotals): HTMLElement {
  const figures: [string, string][] = [
    ['Requests', formatCount(total.requests)],
    ['Errors', formatCount(total.errors)],
    ['Input tokens', formatCount(total.inputTokens)],
    ['Cached input', formatCount(total.cacheReadTokens)],
    ['Output tokens', formatCount(total.outputTokens)],
    ['Reasoning tokens', formatCount(total.reasoningTokens)],
    ['Cost', formatUsd(total.costUsd)],
  ];
  return h(
    'dl',
    { class: 'summary', 'data-view': 'total' },
    ...figures.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
  );
}

const rangeName = (views: UsageViews) => `${views.range.from.slice(0, 10)}_${views.range.to.slice(0, 10)}`;

/** Requests, errors, tokens and cost per day: three charts and one table. */
export function perDaySection(views: UsageViews, charts: ChartSet): HTMLElement {
  const days = views.byDay.map((row) => String(row.day));
  const values = (key: keyof UsageTotals) => views.byDay.map((row) => row[key]);
  return h(
    'section',
    { 'aria-labelledby': 'per-day-heading' },
    h('h2', { id: 'per-day-heading' }, 'Per day (UTC)'),
    h(
      'div',
      { class: 'charts' },
      charts.add(
        barChart({
          title: 'Requests and errors',
          labels: days,
          format: count,
          series: [
            { label: 'Requests', values: values('requests'), color: COLORS.blue, stack: 'answers' },
            { label: 'Errors', values: values('errors'), color: COLORS.vermillion, stack: 'answers' },
          ],
        }),
      ),
      charts.add(
        barChart({
          title: 'Tokens',
          labels: days,
          format: count,
          series: [
            { label: 'Input (incl. cached)', values: values('inputTokens'), color: COLORS.sky },
            { label: 'Cached input', values: values('cacheReadTokens'), color: COLORS.green },
            { label: 'Output', values: values('outputTokens'), color: COLORS.orange },
            { label: 'Reasoning', values: values('reasoningTokens'), color: COLORS.purple },
          ],
        }),
      ),
      charts.add(
        barChart({ title: 'Cost', labels: days, format: usd, series: [{ label: 'Cost', values: values('costUsd'), color: COLORS.blue }] }),
      ),
    ),
    usageTable({
      name: 'day',
      caption: 'Usage per day (days without usage left out)',
      columns: [{ key: 'day', header: 'Day' }, ...TOTAL_COLUMNS],
      // The charts show every day of the range; the table only the days that carry figures.
      rows: views.byDay.filter((row) => row.requests + row.errors > 0),
      total: { day: 'Total', ...views.total },
      fileName: `tollgate-usage-per-day_${rangeName(views)}.csv`,
    }),
  );
}

/** Cost and answers per model (and operation). */
export function perModelSection(views: UsageViews, charts: ChartSet): HTMLElement {
  // The model as a person reads it (a model list names no model): in the table and the CSV alike.
  const rows = views.byModel.map((row) => ({ ...row, model: modelLabel(row) }));
  return h(
    'section',
    { 'aria-labelledby': 'per-model-heading' },
    h('h2', { id: 'per-model-heading' }, 'Per model'),
    rows.length
      ? charts.add(
          barChart({
            title: 'Cost per model',
            labels: rows.map((row) => row.model),
            format: usd,
            horizontal: true,
            series: [{ label: 'Cost', values: rows.map((row) => row.costUsd), color: COLORS.orange }],
          }),
        )
      : h('p', {}, 'No usage in this range.'),
    usageTable({
      name: 'model',
      caption: 'Usage per model',
      columns: [{ key: 'model', header: 'Model' }, { key: 'operation', header: 'Operation' }, ...TOTAL_COLUMNS],
      rows,
      total: { model: 'Total', ...views.total },
      fileName: `tollgate-usage-per-model_${rangeName(views)}.csv`,
    }),
  );
}

/** Cost per key (holder) or per account, most expensive first (operator: the top accounts). */
export function perSplitSection(
  views: UsageViews,
  charts: ChartSet,
  split: { column: 'keyId' | 'accountId'; title: string; chartLimit: number },
): HTMLElement {
  const rows: readonly UsageRow[] = views.bySplit;
  const top = rows.slice(0, split.chartLimit);
  const heading = `${split.title.replace(/\s+/g, '-').toLowerCase()}-heading`;
  return h(
    'section',
    { 'aria-labelledby': heading },
    h('h2', { id: heading }, split.title),
    top.length
      ? charts.add(
          barChart({
            title: rows.length > top.length ? `Cost, top ${top.length} of ${rows.length}` : 'Cost',
            labels: top.map((row) => String(row[split.column])),
            format: usd,
            horizontal: true,
            series: [{ label: 'Cost', values: top.map((row) => row.costUsd), color: COLORS.green }],
          }),
        )
      : h('p', {}, 'No usage in this range.'),
    usageTable({
      name: split.column === 'keyId' ? 'key' : 'account',
      caption: split.title,
      columns: [{ key: split.column, header: split.column === 'keyId' ? 'Key' : 'Account' }, ...TOTAL_COLUMNS],
      rows,
      total: { [split.column]: 'Total', ...views.total },
      fileName: `tollgate-usage-per-${split.column === 'keyId' ? 'key' : 'account'}_${rangeName(views)}.csv`,
    }),
  );
}

/** The operator's errors and refusals: answers per error status, with what each status means. */
export function errorsSection(views: UsageViews, charts: ChartSet): HTMLElement {
  const rows = (views.byStatus ?? []).map((row) => ({
    status: row.status,
    meaning: statusMeaning(Number(row.status)),
    answers: row.errors,
  }));
  const refused = rows.filter((row) => Number(row.status) === 429).reduce((sum, row) => sum + row.answers, 0);
  return h(
    'section',
    { 'aria-labelledby': 'errors-heading' },
    h('h2', { id: 'errors-heading' }, 'Errors and refusals'),
    h(
      'p',
      { 'data-view': 'refusals' },
      `Refused (rate limit or budget): ${formatCount(refused)} of ${formatCount(views.total.errors)} error answers.`,
    ),
    rows.length
      ? charts.add(
          barChart({
            title: 'Error answers per status',
            labels: rows.map((row) => `${String(row.status)} ${row.meaning}`),
            format: count,
            horizontal: true,
            series: [{ label: 'Answers', values: rows.map((row) => row.answers), color: COLORS.vermillion }],
          }),
        )
      : null,
    usageTable({
      name: 'status',
      caption: 'Error answers per status',
      columns: [
        { key: 'status', header: 'Status' },
        { key: 'meaning', header: 'Meaning' },
        { key: 'answers', header: 'Answers', numeric: true, format: formatCount },
      ],
      rows,
      total: { status: 'Total', answers: views.total.errors },
      fileName: `tollgate-errors-per-status_${rangeName(views)}.csv`,
    }),
  );
}
