import { Command, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { UsageRecord } from '../store/usage-repository';
import { aggregateUsage, GROUP_COLUMNS, sumRows, USAGE_GROUPINGS } from '../usage/aggregate-usage';
import { recordView } from '../usage/record-view';
import { resolveTimeRange, type TimeRange } from '../usage/time-range';
import type { UsageScope } from '../usage/usage-queries';
import { withWorkspace, type CliContext } from './cli-context';
import { CliError, EXIT_BAD_INPUT } from './cli-error';
import { choice } from './option-parsers';
import { formatCount, formatCsv, formatJson, formatTable, formatUsd, type Column } from './output';
import { Progress } from './progress';

type OutputFormat = 'table' | 'csv' | 'json';

/** Token counts and cost, shown both per group and per record. */
const TOKEN_AND_COST_COLUMNS: readonly Column[] = [
  // Providers count cached prompt tokens as input; the cache columns say how many of them were cached.
  { key: 'inputTokens', header: 'INPUT (INCL. CACHED)', numeric: true, format: formatCount },
  { key: 'outputTokens', header: 'OUTPUT', numeric: true, format: formatCount },
  { key: 'cacheReadTokens', header: 'CACHE READ', numeric: true, format: formatCount },
  { key: 'cacheWriteTokens', header: 'CACHE WRITE', numeric: true, format: formatCount },
  { key: 'reasoningTokens', header: 'REASONING', numeric: true, format: formatCount },
  { key: 'costUsd', header: 'COST', numeric: true, format: formatUsd },
];

const TOTAL_COLUMNS: readonly Column[] = [
  { key: 'requests', header: 'REQUESTS', numeric: true, format: formatCount },
  { key: 'errors', header: 'ERRORS', numeric: true, format: formatCount },
  ...TOKEN_AND_COST_COLUMNS,
];

const GROUP_HEADERS: Readonly<Record<string, string>> = {
  day: 'DAY',
  model: 'MODEL',
  operation: 'OPERATION',
  keyId: 'KEY',
  accountId: 'ACCOUNT',
  status: 'STATUS',
};

const RECORD_COLUMNS: readonly Column[] = [
  { key: 'timestamp', header: 'TIME' },
  { key: 'accountId', header: 'ACCOUNT' },
  { key: 'keyId', header: 'KEY' },
  { key: 'operation', header: 'OPERATION' },
  { key: 'model', header: 'MODEL' },
  { key: 'provider', header: 'PROVIDER' },
  { key: 'status', header: 'STATUS', numeric: true },
  ...TOKEN_AND_COST_COLUMNS,
  { key: 'latencyMs', header: 'LATENCY MS', numeric: true },
  { key: 'requestId', header: 'REQUEST' },
  { key: 'expiresAt', header: 'EXPIRES' },
];

/** What the read covers, for the progress line. */
function describeScope(scope: UsageScope): string {
  if (scope.accountId) return `of account ${scope.accountId}${scope.keyId ? `, key ${scope.keyId}` : ''}`;
  if (scope.keyId) return `of key ${scope.keyId}`;
  return `of ${scope.model ? `model ${scope.model} in ` : ''}all accounts, one query per day and index shard`;
}

async function readRecords(context: CliContext, command: CommandUnknownOpts, scope: UsageScope, range: TimeRange): Promise<UsageRecord[]> {
  const progress = new Progress(context.stderr, `Reading usage ${describeScope(scope)}`);
  let queries = 0;
  const records = await withWorkspace(context, command, async ({ usage, apiKeys }) => {
    if (scope.accountId && scope.keyId) {
      const key = await apiKeys.get(scope.keyId);
      // A key record outlives its account's deletion by 30 days only; records of older keys can still be read.
      if (key && key.accountId !== scope.accountId)
        throw new CliError(`Key ${scope.keyId} belongs to another account, not to ${scope.accountId}.`, EXIT_BAD_INPUT);
    }
    return usage.records(scope, range, ({ queriesDone, queriesTotal, records: count }) => {
      queries = queriesTotal;
      progress.update(`${queriesDone} of ${queriesTotal} queries done, ${formatCount(count)} records so far`);
    });
  });
  progress.done(`${formatCount(records.length)} records with ${queries} queries`);
  return records;
}

/** `tollgate usage`: grouped totals or single records, for an account, a key, a model or everything. */
export function usageCommand(context: CliContext): Command {
  return new Command('usage')
    .description(
      'usage and cost, grouped or as single records (a monthly statement: --account ID --month 2026-11 --format csv). ' +
        'requests = answered successfully, errors = answered with 4xx/5xx (rate-limit and budget refusals included); ' +
        'inputTokens include cached tokens',
    )
    .option('--account <id>', 'one account')
    .option('--key <id>', 'one API key')
    .option('--model <name>', 'one model')
    .option('--from <time>', 'start, inclusive (2026-11-01 or ISO-8601 time); default: 90 days ago')
    .option('--to <time>', 'end, exclusive; default: now')
    .option('--month <yyyy-mm>', 'a calendar month in UTC, e.g. 2026-11')
    .addOption(new Option('--by <grouping>', 'group rows by').choices(USAGE_GROUPINGS).default('day'))
    .option('--format <format>', 'table, csv or json', choice<OutputFormat>(['table', 'csv', 'json']), 'table')
    .option('--json', 'same as --format json')
    .option('--records', 'list single usage records instead of grouped totals')
    .action(async (options, command) => {
      const format: OutputFormat = options.json ? 'json' : options.format;
      const range = resolveTimeRange({ from: options.from, to: options.to, month: options.month }, context.clock());
      const scope: UsageScope = { accountId: options.account, keyId: options.key, model: options.model };
      const records = await readRecords(context, command, scope, range);

      if (options.records) {
        const views = records.map(recordView);
        if (format === 'json') context.stdout.write(formatJson(views));
        else if (format === 'csv') context.stdout.write(formatCsv(views, RECORD_COLUMNS));
        else context.stdout.write(formatTable(views, RECORD_COLUMNS));
        return;
      }
      const groupColumns = GROUP_COLUMNS[options.by];
      const rows = aggregateUsage(records, options.by);
      const columns: Column[] = [...groupColumns.map((key) => ({ key, header: GROUP_HEADERS[key] })), ...TOTAL_COLUMNS];
      if (format === 'json') context.stdout.write(formatJson(rows));
      else if (format === 'csv') context.stdout.write(formatCsv(rows, columns));
      else {
        const total = { [groupColumns[0]]: 'TOTAL', ...sumRows(rows) };
        context.stdout.write(formatTable(rows.length ? [...rows, total] : rows, columns));
        context.stderr.write(`${formatCount(records.length)} records from ${range.from} to ${range.to} (exclusive).\n`);
      }
    });
}
