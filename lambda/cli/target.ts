import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dataDirectory, runtimeState } from '../local/runtime-info';
import { createDocumentClient } from '../store/client';
import { LOCAL_TABLE_NAMES, TABLE_NAME_ENV, tableNamesBy, type TableId, type TableNames } from '../store/tables';
import { CliError, EXIT_UNAVAILABLE, thrownMessage } from './cli-error';

/** The database the CLI works on. */
export interface CliTarget {
  readonly client: DynamoDBDocumentClient;
  readonly tableNames: TableNames;
  /** For messages, e.g. `local gateway (.tollgate)` or `stack tollgate in eu-west-1`. */
  readonly description: string;
}

export interface TargetOptions {
  readonly stack?: string;
  readonly region?: string;
}

/** The program's global --stack and --region, as far as they are strings (commander gives them untyped to a subcommand). */
export function targetOptions(options: Record<string, unknown>): TargetOptions {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { stack: text(options.stack), region: text(options.region) };
}

export type ResolveTarget = (options: TargetOptions) => Promise<CliTarget>;

/** The stack outputs that name each table (see lib/). */
export const STACK_OUTPUT_NAMES: Readonly<Record<TableId, string>> = {
  accounts: 'AccountsTableName',
  apiKeys: 'ApiKeysTableName',
  usage: 'UsageTableName',
  counters: 'CountersTableName',
};

function tableNamesWithOverrides(base: TableNames, environment: NodeJS.ProcessEnv): TableNames {
  return tableNamesBy((id) => environment[TABLE_NAME_ENV[id]] || base[id]);
}

/** One output of a deployed stack; a missing output means it is not a Tollgate stack (or an older one). */
export async function stackOutput(stack: string, region: string, outputKey: string): Promise<string> {
  return (await stackOutputs(stack, region, [outputKey]))[0];
}

async function stackOutputs(stack: string, region: string, outputKeys: readonly string[]): Promise<string[]> {
  const cloudFormation = new CloudFormationClient({ region });
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
    const outputs = new Map((Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
    return outputKeys.map((key) => {
      const value = outputs.get(key);
      if (!value) throw new CliError(`Stack '${stack}' in ${region} has no output '${key}'. Is it a Tollgate stack?`, EXIT_UNAVAILABLE);
      return value;
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Cannot read stack '${stack}' in ${region}: ${thrownMessage(error)}`, EXIT_UNAVAILABLE);
  } finally {
    cloudFormation.destroy();
  }
}

async function stackTableNames(stack: string, region: string): Promise<TableNames> {
  const [accounts, apiKeys, usage, counters] = await stackOutputs(stack, region, [
    STACK_OUTPUT_NAMES.accounts,
    STACK_OUTPUT_NAMES.apiKeys,
    STACK_OUTPUT_NAMES.usage,
    STACK_OUTPUT_NAMES.counters,
  ]);
  return { accounts, apiKeys, usage, counters };
}

/** The region for `--stack`: `--region`, else the AWS environment. */
export function stackRegion(options: TargetOptions, environment: NodeJS.ProcessEnv): string {
  const region = options.region || environment.AWS_REGION || environment.AWS_DEFAULT_REGION;
  if (!region) throw new CliError('--stack needs a region: pass --region R (or set AWS_REGION).', 2);
  return region;
}

/**
 * Finds the database, in this order:
 * 1. `TOLLGATE_DYNAMODB_ENDPOINT` (and the `TOLLGATE_*_TABLE` names) from the environment — tests use this;
 * 2. `--stack NAME --region R`: a deployed stack, table names from its outputs;
 * 3. the running `npm start` of the same `TOLLGATE_DATA_DIR` (default `.tollgate/`).
 */
export function createTargetResolver(environment: NodeJS.ProcessEnv = process.env): ResolveTarget {
  return async (options) => {
    const endpoint = environment.TOLLGATE_DYNAMODB_ENDPOINT;
    if (endpoint) {
      return {
        client: createDocumentClient({ endpoint }),
        tableNames: tableNamesWithOverrides({ ...LOCAL_TABLE_NAMES }, environment),
        description: `DynamoDB at ${endpoint}`,
      };
    }
    if (options.stack) {
      const region = stackRegion(options, environment);
      const tableNames = tableNamesWithOverrides(await stackTableNames(options.stack, region), environment);
      return { client: createDocumentClient({ region }), tableNames, description: `stack ${options.stack} in ${region}` };
    }
    const directory = dataDirectory(environment);
    const runtime = runtimeState(directory);
    if (runtime.state !== 'running') {
      const stale = runtime.state === 'stale' ? ` (its runtime.json names pid ${runtime.info.pid}, which has ended)` : '';
      throw new CliError(
        `No running gateway found for data directory ${directory}${stale}. Start it with \`npm start\` (same TOLLGATE_DATA_DIR), or pass --stack NAME --region R to work on a deployed stack.`,
        EXIT_UNAVAILABLE,
      );
    }
    return {
      client: createDocumentClient({ endpoint: runtime.info.dynamoDbEndpoint }),
      tableNames: tableNamesWithOverrides({ ...LOCAL_TABLE_NAMES }, environment),
      description: `local gateway (${directory})`,
    };
  };
}
