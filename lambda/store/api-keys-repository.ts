import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { isNamedError } from './dynamo-errors';
import { isExpired } from './retention';

export type ApiKeyStatus = 'active' | 'revoked';

/** An API key record. `hash` is the SHA-256 of the key; the key itself is never stored. */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly accountId: string;
  readonly hash: string;
  readonly prefix: string;
  readonly status: ApiKeyStatus;
  readonly createdAt: string;
  readonly revokedAt?: string;
  /** Requests per minute allowed for this key; undefined means no limit. */
  readonly rpmLimit?: number;
  /** Tokens per minute allowed for this key; undefined means no limit. */
  readonly tpmLimit?: number;
  /** The account's monthly budget in USD, copied here so the inference function never reads accounts. */
  readonly monthlyBudgetUsd?: number;
  /** True while the account is suspended (copied here like the budget): inference refuses the key. */
  readonly accountSuspended?: boolean;
  readonly expiresAt?: number;
}

/** A key item as stored (unknown attributes are dropped). */
const apiKeyItemSchema = z.object({
  keyId: z.string(),
  accountId: z.string(),
  hash: z.string(),
  prefix: z.string(),
  status: z.enum(['active', 'revoked']),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  rpmLimit: z.number().optional(),
  tpmLimit: z.number().optional(),
  monthlyBudgetUsd: z.number().optional(),
  accountSuspended: z.boolean().optional(),
  expiresAt: z.number().optional(),
}) satisfies z.ZodType<ApiKeyRecord>;

export class ApiKeysRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: ApiKeyRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: record, ConditionExpression: 'attribute_not_exists(keyId)' }));
  }

  /** `consistent`: a strongly consistent read, which sees every write that finished before it started (revocations). */
  async get(keyId: string, options: { readonly consistent?: boolean } = {}): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { keyId }, ConsistentRead: options.consistent === true ? true : undefined }),
    );
    return Item && !isExpired(Item) ? apiKeyItemSchema.parse(Item) : undefined;
  }

  async listByAccount(accountId: string): Promise<ApiKeyRecord[]> {
    const items: ApiKeyRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byAccount',
          KeyConditionExpression: 'accountId = :accountId',
          ExpressionAttributeValues: { ':accountId': accountId },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) if (!isExpired(item)) items.push(apiKeyItemSchema.parse(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /**
   * Revokes a key; returns false when no such key exists. Revoking twice keeps the first time.
   * With `expiresAt` (epoch seconds) the record also gets its TTL (account deletion).
   */
  async revoke(keyId: string, at: Date = new Date(), expiresAt?: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { keyId },
          UpdateExpression:
            'SET #status = :revoked, revokedAt = if_not_exists(revokedAt, :at)' +
            (expiresAt === undefined ? '' : ', expiresAt = :expiresAt'),
          ConditionExpression: 'attribute_exists(keyId)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':revoked': 'revoked',
            ':at': at.toISOString(),
            ...(expiresAt === undefined ? {} : { ':expiresAt': expiresAt }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isNamedError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  /**
   * Sets or removes (null) the per-key rate limits; a field left undefined is unchanged.
   * Returns false when no such key exists.
   */
  async setRateLimits(keyId: string, limits: { readonly rpmLimit?: number | null; readonly tpmLimit?: number | null }): Promise<boolean> {
    return this.setAttributes(keyId, { rpmLimit: limits.rpmLimit, tpmLimit: limits.tpmLimit });
  }

  /** Marks the key's account suspended (or no longer). Returns false when no such key exists. */
  async setAccountSuspended(keyId: string, suspended: boolean): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { keyId },
          UpdateExpression: suspended ? 'SET accountSuspended = :suspended' : 'REMOVE accountSuspended',
          ConditionExpression: 'attribute_exists(keyId)',
          ExpressionAttributeValues: suspended ? { ':suspended': true } : undefined,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Sets or removes (null) the account budget copied onto this key. Returns false when no such key exists. */
  async setMonthlyBudget(keyId: string, monthlyBudgetUsd: number | null): Promise<boolean> {
    return this.setAttributes(keyId, { monthlyBudgetUsd });
  }

  private async setAttributes(keyId: string, values: Record<string, number | null | undefined>): Promise<boolean> {
    const set: string[] = [];
    const remove: string[] = [];
    const names: Record<string, string> = {};
    const attributeValues: Record<string, number> = {};
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      if (value === null) remove.push(`#${name}`);
      else {
        set.push(`#${name} = :${name}`);
        attributeValues[`:${name}`] = value;
      }
    }
    if (set.length === 0 && remove.length === 0) return (await this.get(keyId)) !== undefined;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { keyId },
          UpdateExpression: [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : '']
            .join(' ')
            .trim(),
          ConditionExpression: 'attribute_exists(keyId)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: Object.keys(attributeValues).length ? attributeValues : undefined,
        }),
      );
      return true;
    } catch (error) {
      if (isNamedError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }
}
