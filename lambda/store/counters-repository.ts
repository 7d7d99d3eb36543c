import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isExpired } from './retention';
import { isNamedError } from './dynamo-errors';

/**
 * Counter items (table `counters`, partition key `pk`, TTL `expiresAt`):
 * - `rate#<keyId>#<window>`: one fixed one-minute window of a key (`window` = epoch minute), with
 *   `requests` (admitted requests) and `tokens` (tokens settled by those requests);
 * - `spend#<accountId>#<YYYY-MM>`: the account's spend in USD in a UTC month, `spentUsd`.
 * Every item carries a TTL; nothing in them identifies content.
 */
export const rateWindowKey = (keyId: string, window: number) => `rate#${keyId}#${window}`;
export const monthlySpendKey = (accountId: string, month: string) => `spend#${accountId}#${month}`;

/** A window's counts; absent attributes count as 0. */
export interface RateWindowState {
  readonly requests: number;
  readonly tokens: number;
}

export type RateAdmissionResult =
  | { readonly admitted: true; readonly state: RateWindowState }
  /** `state` is the window as it was when the condition failed, if DynamoDB returned it. */
  | { readonly admitted: false; readonly state?: RateWindowState };

/** Reads a number from a document value or a raw AttributeValue (`{ N: "5" }`, as exceptions carry). */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'N' in value) return Number((value as { N: string }).N);
  return 0;
}

const stateOf = (item: Record<string, unknown> | undefined): RateWindowState => ({
  requests: numberOf(item?.requests),
  tokens: numberOf(item?.tokens),
});

export class CountersRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Counts one request in a rate window if the window is under both limits, in one conditional
   * update: atomic under any concurrency, so a window never admits more than `rpmLimit` requests.
   */
  async admitRequest(
    pk: string,
    limits: { readonly rpmLimit?: number; readonly tpmLimit?: number },
    expiresAt: number,
  ): Promise<RateAdmissionResult> {
    const conditions: string[] = [];
    const values: Record<string, number> = { ':one': 1, ':expiresAt': expiresAt };
    // Under the request limit: fewer than `rpmLimit` requests admitted so far in this window.
    if (limits.rpmLimit !== undefined) {
      conditions.push('(attribute_not_exists(requests) OR requests < :rpmLimit)');
      values[':rpmLimit'] = limits.rpmLimit;
    }
    // Under the token limit: the tokens settled so far in this window are below `tpmLimit`.
    if (limits.tpmLimit !== undefined) {
      conditions.push('(attribute_not_exists(tokens) OR tokens < :tpmLimit)');
      values[':tpmLimit'] = limits.tpmLimit;
    }
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk },
          UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :expiresAt) ADD requests :one',
          ConditionExpression: conditions.length ? conditions.join(' AND ') : undefined,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { admitted: true, state: stateOf(Attributes) };
    } catch (error) {
      if (!isNamedError(error, 'ConditionalCheckFailedException')) throw error;
      const item = (error as { Item?: Record<string, unknown> }).Item;
      return { admitted: false, state: item ? stateOf(item) : undefined };
    }
  }

  /** Gives back a request counted by `admitRequest` (when another check refused it). */
  async releaseRequest(pk: string): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk },
          UpdateExpression: 'ADD requests :minusOne',
          ConditionExpression: 'attribute_exists(requests)',
          ExpressionAttributeValues: { ':minusOne': -1 },
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  /** Adds settled tokens to a rate window. Unconditional: settling never fails for being over. */
  async addTokens(pk: string, tokens: number, expiresAt: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk },
        UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :expiresAt) ADD tokens :tokens',
        ExpressionAttributeValues: { ':tokens': tokens, ':expiresAt': expiresAt },
      }),
    );
  }

  /** Adds a request's cost to the account's monthly spend. Unconditional. */
  async addSpend(accountId: string, month: string, costUsd: number, expiresAt: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: monthlySpendKey(accountId, month) },
        UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :expiresAt) ADD spentUsd :cost',
        ExpressionAttributeValues: { ':cost': costUsd, ':expiresAt': expiresAt },
      }),
    );
  }

  /** The account's spend in a month (strongly consistent), 0 when nothing was spent. */
  async monthlySpend(accountId: string, month: string, now: Date = new Date()): Promise<number> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: monthlySpendKey(accountId, month) }, ConsistentRead: true }),
    );
    return Item && !isExpired(Item, now) ? numberOf(Item.spentUsd) : 0;
  }

  /** A rate window's counts (for tests and the CLI). */
  async rateWindow(pk: string): Promise<RateWindowState> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk }, ConsistentRead: true }));
    return stateOf(Item);
  }
}
