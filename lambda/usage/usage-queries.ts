import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { dayShardsOf } from '../store/day-shard';
import { isExpired } from '../store/retention';
import type { UsageRecord } from '../store/usage-repository';
import { mergeBySortKey } from './merge-by-sort-key';
import { mapWithLimit } from './map-with-limit';
import { clampToRetention, daysIn, splitRange, type TimeRange } from './time-range';

/**
 * An account's or a key's range is read as parallel queries over parts of at most this many days
 * (at most 7 for the 90-day retention): one long partition read page after page would be too slow
 * for the account function's timeout when an account has hundreds of thousands of records.
 */
const PARALLEL_PART_DAYS = 14;

/** The most queries of one read in flight at once (a group's queries beyond it wait for a free slot). */
export const MAX_QUERIES_IN_FLIGHT = 8;

/** A query and the exclusive upper bound of its part of the range (BETWEEN is inclusive). */
interface PartQuery {
  readonly input: QueryCommandInput;
  readonly to: string;
}

/** Which records a query selects; all fields optional (none: every account). */
export interface UsageScope {
  readonly accountId?: string;
  readonly keyId?: string;
  readonly model?: string;
}

export interface UsageQueryProgress {
  /** Queries finished (each query reads one key range to its end, page after page). */
  readonly queriesDone: number;
  /** Queries the read needs: one per range part for an account or a key, one per day and index shard otherwise. */
  readonly queriesTotal: number;
  /** Pages read so far (DynamoDB answers at most 1 MB per page). */
  readonly pages: number;
  /** Records kept so far. */
  readonly records: number;
}

/** The usage table's key of a record (its primary key: `accountId`, `sk`). */
export interface UsageTableKey {
  readonly accountId: string;
  readonly sk: string;
}

export interface UsagePage {
  readonly records: UsageRecord[];
  /** Where the next page starts; undefined on the last page. */
  readonly nextKey?: UsageTableKey;
}

/**
 * Reads usage records through keys and indexes only, never a table scan:
 * - an account: the table's partition (`accountId`, `sk` range), in parts of 14 days read in parallel;
 * - a key: the `byKey` index (`keyId`, `sk` range), likewise;
 * - a model or every account: the write-sharded `byDay` index, for each day of the range one query
 *   per shard (`YYYY-MM-DD#N`), the shards in parallel and merged in `sk` order (model as a filter).
 * Expired items (TTL passed, not yet deleted by DynamoDB) are never returned.
 */
export class UsageQueries {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The records of a scope and range, in `sk` order (oldest first). */
  async records(scope: UsageScope, range: TimeRange, onProgress?: (progress: UsageQueryProgress) => void): Promise<UsageRecord[]> {
    const records: UsageRecord[] = [];
    await this.run(scope, range, onProgress, (lists) => records.push(...mergeBySortKey(lists)));
    return records;
  }

  /**
   * Calls `visit` for every record of a scope and range, keeping none of them (for aggregates over
   * long ranges). The order is unspecified.
   */
  async visit(scope: UsageScope, range: TimeRange, visit: (record: UsageRecord) => void): Promise<void> {
    await this.run(scope, range, undefined, (lists) => lists.forEach((list) => list.forEach(visit)));
  }

  /**
   * One page of an account's records in `sk` order: at most `limit`, starting after `startKey`.
   * A page can hold fewer than `limit` records and still have a next one (expired items are skipped).
   */
  async accountPage(
    accountId: string,
    requested: TimeRange,
    options: { readonly limit: number; readonly startKey?: UsageTableKey },
  ): Promise<UsagePage> {
    const now = this.clock();
    const range = clampToRetention(requested, now);
    // A start key outside [from, to] would be refused by DynamoDB: before the range means from the start.
    if (options.startKey && options.startKey.sk >= range.to) return { records: [] };
    let startKey: Record<string, unknown> | undefined =
      options.startKey && options.startKey.sk >= range.from ? { ...options.startKey } : undefined;
    const records: UsageRecord[] = [];
    do {
      const page = await this.client.send(
        new QueryCommand({ ...this.accountQuery(accountId, range), Limit: options.limit - records.length, ExclusiveStartKey: startKey }),
      );
      records.push(...((page.Items ?? []) as UsageRecord[]).filter((item) => !isExpired(item, now) && item.sk < range.to));
      startKey = page.LastEvaluatedKey;
    } while (startKey && records.length < options.limit);
    return { records, nextKey: startKey ? { accountId: String(startKey.accountId), sk: String(startKey.sk) } : undefined };
  }

  /** Runs the query groups one after the other, the queries of a group in parallel; `onGroup` gets each query's kept items. */
  private async run(
    scope: UsageScope,
    range: TimeRange,
    onProgress: ((progress: UsageQueryProgress) => void) | undefined,
    onGroup: (lists: UsageRecord[][]) => void,
  ): Promise<void> {
    const now = this.clock();
    // Whatever range a caller passes, the number of queries stays within the retention period's.
    const groups = [...this.queryGroups(scope, clampToRetention(range, now))];
    const queriesTotal = groups.reduce((total, group) => total + group.length, 0);
    let queriesDone = 0;
    let pages = 0;
    let records = 0;
    const report = () => onProgress?.({ queriesDone, queriesTotal, pages, records });
    const keep = (item: UsageRecord, to: string) =>
      !isExpired(item, now) &&
      item.sk < to &&
      (scope.keyId === undefined || item.keyId === scope.keyId) &&
      (scope.model === undefined || item.model === scope.model);
    const all = async ({ input, to }: PartQuery): Promise<UsageRecord[]> => {
      const kept: UsageRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
        const items = ((page.Items ?? []) as UsageRecord[]).filter((item) => keep(item, to));
        kept.push(...items);
        pages += 1;
        records += items.length;
        startKey = page.LastEvaluatedKey;
        if (!startKey) queriesDone += 1;
        report();
      } while (startKey);
      return kept;
    };
    for (const group of groups) onGroup(await mapWithLimit(group, MAX_QUERIES_IN_FLIGHT, all));
  }

  private accountQuery(accountId: string, range: TimeRange): QueryCommandInput {
    return {
      TableName: this.tableName,
      // BETWEEN is inclusive: the exclusive upper bound is applied to each item.
      KeyConditionExpression: 'accountId = :accountId AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':from': range.from, ':to': range.to, ':accountId': accountId },
    };
  }

  /**
   * The queries of a scope, in groups run one after the other (the queries of a group in parallel,
   * each group's results in `sk` order once merged): one group of range parts for an account or a
   * key; one group of shard queries per day otherwise.
   */
  private *queryGroups(scope: UsageScope, range: TimeRange): Generator<PartQuery[]> {
    const values = { ':from': range.from, ':to': range.to };
    const modelFilter =
      scope.model === undefined ? {} : { FilterExpression: 'model = :model', ExpressionAttributeValues: { ':model': scope.model } };
    if (scope.accountId !== undefined) {
      const accountId = scope.accountId;
      yield splitRange(range, PARALLEL_PART_DAYS).map((part) => {
        const query = this.accountQuery(accountId, part);
        return {
          input: {
            ...query,
            ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...modelFilter.ExpressionAttributeValues },
            FilterExpression: modelFilter.FilterExpression,
          },
          to: part.to,
        };
      });
      return;
    }
    if (scope.keyId !== undefined) {
      const keyId = scope.keyId;
      yield splitRange(range, PARALLEL_PART_DAYS).map((part) => ({
        input: {
          TableName: this.tableName,
          IndexName: 'byKey',
          KeyConditionExpression: 'keyId = :keyId AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ...modelFilter.ExpressionAttributeValues, ':from': part.from, ':to': part.to, ':keyId': keyId },
          FilterExpression: modelFilter.FilterExpression,
        },
        to: part.to,
      }));
      return;
    }
    for (const day of daysIn(range)) {
      yield dayShardsOf(day).map((dayShard) => ({
        input: {
          TableName: this.tableName,
          IndexName: 'byDay',
          KeyConditionExpression: 'dayShard = :dayShard AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ...values, ...modelFilter.ExpressionAttributeValues, ':dayShard': dayShard },
          FilterExpression: modelFilter.FilterExpression,
        },
        to: range.to,
      }));
    }
  }
}
