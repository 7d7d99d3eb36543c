import { Command, Option } from 'commander';
import { aggregateUsage, GROUP_COLUMN, USAGE_GROUPINGS, type UsageGrouping, type UsageRow } from '../usage/aggregate-usage';
import { recordView } from '../usage/record-view';
import { resolveTimeRange } from '../usage/time-range';
import { withWorkspace, type CliContext } from './cli-context';
import { CliError, EXIT_BAD_INPUT } from './cli-error';
import { choice } from './option-parsers';
import { formatCount, formatCsv, formatJson, formatTable, formatUsd, type Column } from './output';
import { Progress } from './progress';

type OutputFormat = 'table' | 'csv' | 'json';

/** Token counts and cost, shown both per group and per record. */
const TOKEN_AND_COST_COLUMNS: readonly Column[] = [
  { key: 'inputTokens', header: 'INPUT', numeric: true, format: formatCount },
  { key: 'outputTokens', header: 'OUTPUT', numeric: true, format: formatCount },
  { key: 'cacheReadTokens', header: 'CACHE READ', numeric: true, format: formatCount },
  { key: 'cacheWriteTokens', header: 'CACHE WRITE', numeric: true, format: formatCount },
  { key: 'reasoningTokens', header: 'REASONING', numeric: true, format: formatCount },
  { key: 'costUsd', header: 'COST USD', numeric: true, format: formatUsd },
];

const TOTAL_COLUMNS: readonly Column[] = [
  { key: 'requests', header: 'REQUESTS', numeric: true, format: formatCount },
  ...TOKEN_AND_COST_COLUMNS,
];

const RECORD_COLUMNS: readonly Column[] = [
  { key: 'timestamp', header: 'TIME' },
  { key: 'accountId', header: 'ACCOUNT' },
  { key: 'keyId', header: 'KEY' },
  { key: 'model', header: 'MODEL' },
  { key: 'provider', header: 'PROVIDER' },
  { key: 'status', header: 'STATUS', numeric: true },
  ...TOKEN_AND_COST_COLUMNS,
  { key: 'latencyMs', header: 'LATENCY MS', numeric: true },
  { key: 'requestId', header: 'REQUEST' },
  { key: 'expiresAt', header: 'EXPIRES' },
];

function totalRow(rows: readonly UsageRow[], column: string): Record<string, unknown> {
  const sum = (key: keyof UsageRow) => rows.reduce((total, row) => total + (row[key] as number), 0);
  return {
    [column]: 'TOTAL',
    requests: sum('requests'),
    inputTokens: sum('inputTokens'),
    outputTokens: sum('outputTokens'),
    cacheReadTokens: sum('cacheReadTokens'),
    cacheWriteTokens: sum('cacheWriteTokens'),
    reasoningTokens: sum('reasoningTokens'),
    costUsd: Math.round(rows.reduce((total, row) => total + Math.round(row.costUsd * 1e9), 0)) / 1e9,
  };
}

/** `tollgate usage`: grouped totals or single records, for an account, a key, a model or everything. */
export function usageCommand(context: CliContext): Command {
  return new Command('usage')
    .description('usage and cost, grouped or as single records (a monthly statement: --account ID --month 2026-11 --format csv)')
    .option('--account <id>', 'one account')
    .option('--key <id>', 'one API key')
    .option('--model <name>', 'one model')
    .option('--from <time>', 'start, inclusive (2026-11-01 or ISO-8601 time); default: 90 days ago')
    .option('--to <time>', 'end, exclusive; default: now')
    .option('--month <yyyy-mm>', 'a calendar month in UTC, e.g. 2026-11')
    .addOption(new Option('--by <grouping>', 'group rows by').choices(USAGE_GROUPINGS as UsageGrouping[]).default('day'))
    .option('--format <format>', 'table, csv or json', choice<OutputFormat>(['table', 'csv', 'json']), 'table')
    .option('--json', 'same as --format json')
    .option('--records', 'list single usage records instead of grouped totals')
    .action(async (options, command: Command) => {
      const format: OutputFormat = options.json ? 'json' : options.format;
      let range;
      try {
        range = resolveTimeRange({ from: options.from, to: options.to, month: options.month }, context.clock());
      } catch (error) {
        throw new CliError((error as Error).message, EXIT_BAD_INPUT);
      }
      const progress = new Progress(context.stderr, 'Reading usage');
      const records = await withWorkspace(context, command, ({ usage }) =>
        usage.records({ accountId: options.account, keyId: options.key, model: options.model }, range, ({ pages, records: count }) =>
          progress.update(`${pages} pages, ${count} records`),
        ),
      );
      progress.done();

      if (options.records) {
        const views = records.map(recordView);
        if (format === 'json') context.stdout.write(formatJson(views));
        else if (format === 'csv') context.stdout.write(formatCsv(views, RECORD_COLUMNS));
        else context.stdout.write(formatTable(views, RECORD_COLUMNS));
        return;
      }
      const grouping = options.by as UsageGrouping;
      const column = GROUP_COLUMN[grouping];
      const rows = aggregateUsage(records, grouping);
      const columns: Column[] = [{ key: column, header: column.toUpperCase() }, ...TOTAL_COLUMNS];
      if (format === 'json') context.stdout.write(formatJson(rows));
      else if (format === 'csv') context.stdout.write(formatCsv(rows, columns));
      else {
        context.stdout.write(formatTable(rows.length ? [...rows, totalRow(rows, column)] : rows, columns));
        context.stderr.write(`${records.length} records from ${range.from} to ${range.to} (exclusive).\n`);
      }
    });
}
