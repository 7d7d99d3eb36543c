/**
 * The table definitions, written once: the CDK data construct builds `TableV2`s from them
 * and the local bootstrap creates the same tables in DynamoDB Local.
 *
 * One table per data class, each with its own retention, so that least privilege is visible in IAM:
 * the inference function reads keys, updates counters and writes usage; only the account function
 * and the operator read accounts.
 */

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export interface TableDefinition {
  /** Logical name, used for the CDK construct id and the environment variable. */
  readonly id: TableId;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** Number attribute in epoch seconds after which DynamoDB deletes the item. */
  readonly timeToLiveAttribute: string;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
}

/** Every table, in one order. */
export const TABLE_IDS = ['accounts', 'apiKeys', 'usage', 'counters'] as const;
export type TableId = (typeof TABLE_IDS)[number];

/** The attribute every table uses for its TTL (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Write shards of the usage table's `byDay` index. A GSI partition takes about 1,000 writes/s; with the
 * day alone as its key every usage write of a day would land on one partition, throttle above that and
 * back-pressure the table. Records carry `dayShard` = `YYYY-MM-DD#N`, N = a stable hash of the request
 * id modulo this count (`dayShardOf`), so a day spreads over this many partitions (~8,000 writes/s);
 * readers query all of them in parallel and merge by `sk`. Raising it is safe (old records keep
 * their lower N, readers query 0..count-1); lowering it would hide records: never without a backfill.
 */
export const USAGE_DAY_SHARDS = 8;

export const TABLES: Readonly<Record<TableId, TableDefinition>> = {
  /** Accounts (email, status, payment reference). Items `account#<id>` and `email#<address>` (uniqueness claim). */
  accounts: {
    id: 'accounts',
    partitionKey: { name: 'pk', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    globalSecondaryIndexes: [],
  },
  /** API keys by public key id; the secret is stored only as a SHA-256 hash. */
  apiKeys: {
    id: 'apiKeys',
    partitionKey: { name: 'keyId', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    globalSecondaryIndexes: [
      { indexName: 'byAccount', partitionKey: { name: 'accountId', type: 'S' }, sortKey: { name: 'createdAt', type: 'S' } },
    ],
  },
  /** One item per answered request: metadata only, never content. Sort key `<ISO time>#<request id>`. */
  usage: {
    id: 'usage',
    partitionKey: { name: 'accountId', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    globalSecondaryIndexes: [
      { indexName: 'byKey', partitionKey: { name: 'keyId', type: 'S' }, sortKey: { name: 'sk', type: 'S' } },
      // Write-sharded: partition key `YYYY-MM-DD#N` (see USAGE_DAY_SHARDS).
      { indexName: 'byDay', partitionKey: { name: 'dayShard', type: 'S' }, sortKey: { name: 'sk', type: 'S' } },
    ],
  },
  /** Rate-limit windows and monthly spend, updated with conditional ADDs. */
  counters: {
    id: 'counters',
    partitionKey: { name: 'pk', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    globalSecondaryIndexes: [],
  },
};

/** Environment variable that carries each table's physical name into the functions. */
export const TABLE_NAME_ENV: Readonly<Record<TableId, string>> = {
  accounts: 'TOLLGATE_ACCOUNTS_TABLE',
  apiKeys: 'TOLLGATE_API_KEYS_TABLE',
  usage: 'TOLLGATE_USAGE_TABLE',
  counters: 'TOLLGATE_COUNTERS_TABLE',
};

/** Table names used by the local runtime (and as the defaults when no environment variable is set). */
export const LOCAL_TABLE_NAMES: Readonly<Record<TableId, string>> = {
  accounts: 'tollgate-accounts',
  apiKeys: 'tollgate-api-keys',
  usage: 'tollgate-usage',
  counters: 'tollgate-counters',
};

export type TableNames = Record<TableId, string>;

/** Reads the physical table names from the environment, falling back to the local names. */
export function tableNamesFromEnvironment(environment: NodeJS.ProcessEnv = process.env): TableNames {
  return tableNamesBy((id) => environment[TABLE_NAME_ENV[id]] ?? LOCAL_TABLE_NAMES[id]);
}

/** A name for every table. */
export function tableNamesBy(name: (id: TableId) => string): TableNames {
  return { accounts: name('accounts'), apiKeys: name('apiKeys'), usage: name('usage'), counters: name('counters') };
}
