import { Command } from 'commander';
import { CATALOG } from '../core/catalog';
import type { CliContext } from './cli-context';
import { formatJson, formatTable, type Column } from './output';

const MODEL_COLUMNS: readonly Column[] = [
  { key: 'model', header: 'MODEL' },
  { key: 'provider', header: 'PROVIDER' },
  { key: 'inputUsdPerMillion', header: 'INPUT $/M', numeric: true },
  { key: 'outputUsdPerMillion', header: 'OUTPUT $/M', numeric: true },
  { key: 'cacheReadUsdPerMillion', header: 'CACHE READ $/M', numeric: true },
  { key: 'cacheWriteUsdPerMillion', header: 'CACHE WRITE $/M', numeric: true },
  { key: 'displayName', header: 'NAME' },
];

/** `tollgate models`: the catalog with prices (no database needed). */
export function modelsCommand(context: CliContext): Command {
  return new Command('models')
    .description('the model catalog: names and patterns, providers, prices in USD per million tokens')
    .option('--json', 'print JSON')
    .action((options) => {
      const rows = CATALOG.map((entry) => ({
        model: entry.pattern,
        provider: entry.provider,
        upstreamModel: entry.upstreamModel,
        displayName: entry.displayName,
        inputUsdPerMillion: entry.prices.input,
        outputUsdPerMillion: entry.prices.output,
        cacheReadUsdPerMillion: entry.prices.cacheRead,
        cacheWriteUsdPerMillion: entry.prices.cacheWrite,
        pricesSource: entry.pricesSource,
      }));
      context.stdout.write(options.json ? formatJson(rows) : formatTable(rows, MODEL_COLUMNS));
    });
}
