/** A column of a printed table: the row field and its header. */
export interface Column {
  readonly key: string;
  readonly header: string;
  /** Right-aligned (numbers). */
  readonly numeric?: boolean;
  /** Display form for the table; CSV and JSON keep the raw value. */
  readonly format?: (value: unknown) => string;
}

type Row = Readonly<Record<string, unknown>>;

/** A cell's text: empty for nothing, JSON for objects (no '[object Object]'). */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? '';
}

const display = (column: Column, value: unknown) => (column.format ? column.format(value) : text(value));

/** An aligned plain-text table: header, dashes, one line per row. */
export function formatTable(rows: readonly Row[], columns: readonly Column[]): string {
  const cells = rows.map((row) => columns.map((column) => display(column, row[column.key])));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((line) => line[index].length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => (columns[index].numeric ? value.padStart(widths[index]) : value.padEnd(widths[index])))
      .join('  ')
      .trimEnd();
  return (
    [line(columns.map((column) => column.header)), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n') + '\n'
  );
}

function csvField(value: unknown): string {
  const field = text(value);
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** RFC 4180 CSV with a header row of the field names. */
export function formatCsv(rows: readonly Row[], columns: readonly Column[]): string {
  return (
    [columns.map((column) => csvField(column.key)), ...rows.map((row) => columns.map((column) => csvField(row[column.key])))]
      .map((fields) => fields.join(','))
      .join('\r\n') + '\r\n'
  );
}

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * Dollars as money: cents from $1 up ($50.00, $1,234.50); below a dollar three significant digits
 * (at least cents), so that small amounts stay visible ($0.0000264, $0.0123, $0.50). Tables only:
 * CSV and JSON keep the exact number.
 */
export function formatUsd(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  const sign = value < 0 ? '-' : '';
  const amount = Math.abs(value);
  if (amount >= 1) return `${sign}$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (amount < 1e-9) return '$0.00';
  // Costs are kept in nano-dollars: never more than nine decimals.
  const decimals = Math.min(9, Math.max(2, Math.ceil(-Math.log10(amount)) + 2));
  return `${sign}$${amount.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}
export const formatCount = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-US') : '');
