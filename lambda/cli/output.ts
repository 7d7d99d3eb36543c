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

const display = (column: Column, value: unknown) =>
  column.format ? column.format(value) : value === undefined || value === null ? '' : String(value);

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
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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

export const formatUsd = (value: unknown) => (typeof value === 'number' ? `$${value.toFixed(6)}` : '');
export const formatCount = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-US') : '');
