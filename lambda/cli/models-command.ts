import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { catalogStoreFromEnvironment, ssmCatalogStore } from '../catalog/catalog-location';
import {
  CATALOG_NAME,
  CatalogDocumentError,
  catalogDocumentText,
  parseCatalogDocument,
  type CatalogDocument,
  type OperatorModel,
} from '../catalog/catalog-document';
import type { CatalogStore } from '../catalog/catalog-stores';
import { mergeCatalog } from '../catalog/merge-catalog';
import { CATALOG, findCatalogEntry } from '../core/catalog';
import { PROVIDER_IDS, type ProviderId } from '../core/providers';
import type { CliContext } from './cli-context';
import { CliError, EXIT_BAD_INPUT } from './cli-error';
import { choice } from './option-parsers';
import { formatJson, formatTable, type Column } from './output';
import { stackOutput, stackRegion, targetOptions, type TargetOptions } from './target';

const MODEL_COLUMNS: readonly Column[] = [
  { key: 'model', header: 'MODEL' },
  { key: 'provider', header: 'PROVIDER' },
  { key: 'upstreamModel', header: 'UPSTREAM' },
  { key: 'inputUsdPerMillion', header: 'INPUT $/M', numeric: true },
  { key: 'outputUsdPerMillion', header: 'OUTPUT $/M', numeric: true },
  { key: 'cacheReadUsdPerMillion', header: 'CACHE READ $/M', numeric: true },
  { key: 'cacheWriteUsdPerMillion', header: 'CACHE WRITE $/M', numeric: true },
  { key: 'origin', header: 'ORIGIN' },
  { key: 'displayName', header: 'NAME' },
];

/** The stack output naming the catalog's SSM parameter (lib/gateway-stack.ts). */
export const CATALOG_PARAMETER_OUTPUT = 'CatalogParameterName';

/** Where `tollgate models` reads and writes the catalog document. */
export type ResolveCatalogStore = (options: TargetOptions) => Promise<CatalogStore>;

/** `--stack`: the deployed stack's SSM parameter; otherwise the environment's (the local file by default). */
export function createCatalogStoreResolver(environment: NodeJS.ProcessEnv = process.env): ResolveCatalogStore {
  return async (options) => {
    if (!options.stack) return catalogStoreFromEnvironment(environment);
    const region = stackRegion(options, environment);
    return ssmCatalogStore(await stackOutput(options.stack, region, CATALOG_PARAMETER_OUTPUT), region);
  };
}

function price(value: string): number {
  if (!/^\d+(\.\d{1,6})?$/.test(value.trim())) throw new InvalidArgumentError('Expected USD per million tokens, such as 0.28 or 15.');
  return Number(value);
}

function modelName(value: string): string {
  if (!CATALOG_NAME.test(value)) {
    throw new InvalidArgumentError('Expected a model name (letters, digits and . _ - : / @ +, at most 127) or a pattern ending in *.');
  }
  return value;
}

async function withCatalog<T>(
  resolve: ResolveCatalogStore,
  command: CommandUnknownOpts,
  body: (store: CatalogStore) => Promise<T>,
): Promise<T> {
  const store = await resolve(targetOptions(command.optsWithGlobals()));
  try {
    return await body(store);
  } finally {
    store.close?.();
  }
}

/** Validates the whole merged catalog before anything is written, so the gateway never reads a broken document. */
async function save(store: CatalogStore, document: CatalogDocument): Promise<void> {
  mergeCatalog(CATALOG, document);
  await store.write(parseCatalogDocument(document));
}

function listRows(document: CatalogDocument) {
  return mergeCatalog(CATALOG, document).map((entry) => ({
    model: entry.pattern,
    provider: entry.provider,
    upstreamModel: entry.upstreamModel,
    displayName: entry.displayName,
    inputUsdPerMillion: entry.prices.input,
    outputUsdPerMillion: entry.prices.output,
    cacheReadUsdPerMillion: entry.prices.cacheRead,
    cacheWriteUsdPerMillion: entry.prices.cacheWrite,
    pricesSource: entry.pricesSource,
    origin: entry.pattern in document.models ? 'operator' : 'built-in',
  }));
}

interface SetOptions {
  readonly provider?: ProviderId;
  readonly aliasOf?: string;
  readonly upstreamModel?: string;
  readonly input?: number;
  readonly output?: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
  readonly source?: string;
  readonly displayName?: string;
}

function operatorModel(options: SetOptions): OperatorModel {
  if (options.aliasOf) {
    if (options.provider || options.input !== undefined || options.output !== undefined || options.upstreamModel) {
      throw new CliError('--alias-of takes the provider, upstream model and prices of its target: give none of those.', EXIT_BAD_INPUT);
    }
    return { aliasOf: options.aliasOf, ...(options.displayName ? { displayName: options.displayName } : {}) };
  }
  if (!options.provider || options.input === undefined || options.output === undefined) {
    throw new CliError('Give --provider, --input and --output (USD per million tokens), or --alias-of MODEL.', EXIT_BAD_INPUT);
  }
  return {
    provider: options.provider,
    ...(options.upstreamModel ? { upstreamModel: options.upstreamModel } : {}),
    prices: {
      input: options.input,
      output: options.output,
      ...(options.cacheRead !== undefined ? { cacheRead: options.cacheRead } : {}),
      ...(options.cacheWrite !== undefined ? { cacheWrite: options.cacheWrite } : {}),
    },
    ...(options.source ? { pricesSource: options.source } : {}),
    ...(options.displayName ? { displayName: options.displayName } : {}),
  };
}

/**
 * `tollgate models`: the catalog the gateway serves (built-in entries merged with the operator's
 * document), and `set` / `remove` / `import` / `export` to edit that document. Locally the document
 * is a JSON file, which the running gateway re-reads on the next request; with `--stack` it is the
 * stack's SSM parameter, which the functions re-read within their catalog cache time.
 */
export function modelsCommand(context: CliContext, resolveStore: ResolveCatalogStore = createCatalogStoreResolver()): Command {
  const print = (json: boolean | undefined, value: unknown, text: string) => context.stdout.write(json ? formatJson(value) : text);
  const models = new Command('models')
    .description('the model catalog (names and patterns, providers, prices in USD per million tokens) and its operator edits')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: CommandUnknownOpts) => {
      const rows = await withCatalog(resolveStore, command, async (store) => listRows(await store.read()));
      print(options.json, rows, formatTable(rows, MODEL_COLUMNS));
    });

  models
    .command('set <name>')
    .description('add or change a model, a pattern (ending in *), an Ark endpoint id (ep-...) or an alias; takes effect without a deploy')
    .option('--provider <provider>', 'anthropic, gemini, deepseek or ark', choice(PROVIDER_IDS))
    .option('--upstream-model <id>', "the provider's model id (default: the name itself)", modelName)
    .option('--input <usd>', 'USD per million uncached input tokens', price)
    .option('--output <usd>', 'USD per million output tokens', price)
    .option('--cache-read <usd>', 'USD per million cache-read tokens (default: the input price)', price)
    .option('--cache-write <usd>', 'USD per million cache-write tokens (default: the input price)', price)
    .option('--source <text>', 'where the prices come from, and when they were checked')
    .option('--display-name <text>', 'the name GET /v1/models shows')
    .option('--alias-of <model>', 'serve this name as another catalog model (its provider, upstream id and prices)', modelName)
    .option('--json', 'print JSON')
    .action(async (name: string, options: SetOptions & { json?: boolean }, command: CommandUnknownOpts) => {
      modelName(name);
      const model = operatorModel(options);
      await withCatalog(resolveStore, command, async (store) => {
        const document = await store.read();
        await save(store, {
          models: { ...document.models, [name]: model },
          removed: document.removed.filter((removed) => removed !== name),
        });
        print(options.json, { model: name, ...model }, `Set ${name} in ${store.description}.\n`);
      });
    });

  models
    .command('remove <name>')
    .description("remove the operator's entry for a name, or stop serving a built-in one")
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }, command: CommandUnknownOpts) => {
      await withCatalog(resolveStore, command, async (store) => {
        const document = await store.read();
        const { [name]: existing, ...rest } = document.models;
        const builtIn = CATALOG.some((entry) => entry.pattern === name);
        if (!existing && !builtIn) throw new CliError(`No model '${name}' in the catalog.`);
        const removed = builtIn && !document.removed.includes(name) ? [...document.removed, name] : document.removed;
        const next = { models: rest, removed };
        await save(store, next);
        const stillServedBy = findCatalogEntry(name, mergeCatalog(CATALOG, next))?.pattern;
        const note = stillServedBy ? ` It is still served through the pattern '${stillServedBy}'; remove that too to stop serving it.` : '';
        print(options.json, { model: name, removed: true, stillServedBy }, `Removed ${name} from ${store.description}.${note}\n`);
      });
    });

  models
    .command('import <file>')
    .description('merge a catalog document (JSON: {"models": {...}, "removed": [...]}) into the current one; --replace replaces it')
    .option('--replace', 'replace the whole document instead of merging')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { replace?: boolean; json?: boolean }, command: CommandUnknownOpts) => {
      let imported: CatalogDocument;
      try {
        imported = parseCatalogDocument(JSON.parse(readFileSync(file, 'utf8')));
      } catch (error) {
        if (error instanceof CatalogDocumentError) throw error;
        throw new CliError(`Cannot read ${file} as JSON.`, EXIT_BAD_INPUT);
      }
      await withCatalog(resolveStore, command, async (store) => {
        const current = options.replace ? { models: {}, removed: [] } : await store.read();
        const merged = {
          models: { ...current.models, ...imported.models },
          removed: [...new Set([...current.removed, ...imported.removed])].filter((name) => !(name in imported.models)),
        };
        await save(store, merged);
        const count = Object.keys(imported.models).length;
        print(options.json, { imported: count, removed: imported.removed.length }, `Imported ${count} models into ${store.description}.\n`);
      });
    });

  models
    .command('export')
    .description("print the operator's catalog document (JSON), for backups and `import --replace`")
    .action(async (_options: unknown, command: CommandUnknownOpts) => {
      const document = await withCatalog(resolveStore, command, (store) => store.read());
      context.stdout.write(catalogDocumentText(document));
    });

  return models;
}
