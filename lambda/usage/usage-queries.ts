import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { isExpired } from '../store/retention';
import type { UsageRecord } from '../store/usage-repository';
import { daysIn, type TimeRange } from './time-range';

/** Which records a query selects; all fields optional (none: every account). */
export interface UsageScope {
  readonly accountId?: string;
  readonly keyId?: string;
  readonly model?: string;
}

export interface UsageQueryProgress {
  readonly pages: number;
  readonly records: number;
}

/**
 * Reads usage records through keys and indexes only, never a table scan:
 * - an account: the table's partition (`accountId`, `sk` range);
 * - a key: the `byKey` index (`keyId`, `sk` range);
 * - a model or every account: the `byDay` index, one query per day of the range (model as a filter).
 * Expired items (TTL passed, not yet deleted by DynamoDB) are never returned.
 */
export class UsageQueries {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async records(scope: UsageScope, range: TimeRange, onProgress?: (progress: UsageQueryProgress) => void): Promise<UsageRecord[]> {
    const now = this.clock();
    const records: UsageRecord[] = [];
    let pages = 0;
    for (const input of this.queries(scope, range)) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
        for (const item of (page.Items ?? []) as UsageRecord[]) {
          if (isExpired(item, now) || item.sk >= range.to) continue;
          if (scope.keyId !== undefined && item.keyId !== scope.keyId) continue;
          if (scope.model !== undefined && item.model !== scope.model) continue;
          records.push(item);
        }
        pages += 1;
        onProgress?.({ pages, records: records.length });
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return records.sort((a, b) => a.sk.localeCompare(b.sk) || a.accountId.localeCompare(b.accountId));
  }

  private *queries(scope: UsageScope, range: TimeRange): Generator<QueryCommandInput> {
    // BETWEEN is inclusive: the exclusive upper bound is applied to each item above.
    const values = { ':from': range.from, ':to': range.to };
    const modelFilter =
      scope.model === undefined ? {} : { FilterExpression: 'model = :model', ExpressionAttributeValues: { ...values, ':model': scope.model } };
    if (scope.accountId !== undefined) {
      yield {
        TableName: this.tableName,
        KeyConditionExpression: 'accountId = :accountId AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ...values, ...modelFilter.ExpressionAttributeValues, ':accountId': scope.accountId },
        FilterExpression: modelFilter.FilterExpression,
      };
      return;
    }
    if (scope.keyId !== undefined) {
      yield {
        TableName: this.tableName,
        IndexName: 'byKey',
        KeyConditionExpression: 'keyId = :keyId AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ...values, ...modelFilter.ExpressionAttributeValues, ':keyId': scope.keyId },
        FilterExpression: modelFilter.FilterExpression,
      };
      return;
    }
    for (const day of daysIn(range)) {
      yield {
        TableName: this.tableName,
        IndexName: 'byDay',
        KeyConditionExpression: '#day = :day AND sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: { ...values, ...modelFilter.ExpressionAttributeValues, ':day': day },
        FilterExpression: modelFilter.FilterExpression,
      };
    }
  }
}
