import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayShardOf } from './day-shard';
import { isNamedError } from './dynamo-errors';

/**
 * One answered request: metadata only (P1, P2). Token counts that the upstream did not report are
 * left out of the item rather than stored as 0.
 */
export interface UsageRecord {
  readonly accountId: string;
  /** `<ISO timestamp>#<request id>`: sorts by time, unique per request. */
  readonly sk: string;
  readonly requestId: string;
  readonly timestamp: string;
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  /**
   * `YYYY-MM-DD#N`, the partition key of the write-sharded `byDay` index: `dayShardOf(day, requestId)`.
   * Optional only until metering sets it; `put` fills it in when absent.
   */
  readonly dayShard?: string;
  readonly keyId: string;
  readonly model: string;
  readonly provider: string;
  /** The caller's protocol. */
  readonly protocol: string;
  /** What was asked: a generation, a token count or the model list (records written before this field: generation). */
  readonly operation?: UsageOperation;
  readonly streamed: boolean;
  readonly status: number;
  readonly inputTokens?: number;
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
  readonly outputTokens?: number;
  readonly reasoningTokens?: number;
  readonly costUsd: number;
  readonly latencyMs: number;
  readonly timeToFirstByteMs?: number;
  /** Upstream calls made for the answer, over the provider's keys (more than 1 after a failover). */
  readonly upstreamAttempts?: number;
  /** TTL, epoch seconds. */
  readonly expiresAt: number;
}

export type UsageOperation = 'generate' | 'countTokens' | 'listModels';

export class UsageRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes a record once: a retry of the same request id cannot meter twice. A record without
   * `dayShard` gets it here, so that it is always in the `byDay` index.
   */
  async put(record: UsageRecord): Promise<void> {
    const item = { ...record, dayShard: record.dayShard ?? dayShardOf(record.day, record.requestId) };
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(sk)' }));
    } catch (error) {
      if (!isNamedError(error, 'ConditionalCheckFailedException')) throw error;
    }
  }
}
