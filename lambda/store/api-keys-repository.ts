import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
  readonly expiresAt?: number;
}

export class ApiKeysRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: ApiKeyRecord): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: record, ConditionExpression: 'attribute_not_exists(keyId)' }),
    );
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { keyId } }));
    return Item && !isExpired(Item) ? (Item as ApiKeyRecord) : undefined;
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
      items.push(...((page.Items ?? []) as ApiKeyRecord[]).filter((item) => !isExpired(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Revokes a key; returns false when no such key exists. Revoking twice keeps the first time. */
  async revoke(keyId: string, at: Date = new Date()): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { keyId },
          UpdateExpression: 'SET #status = :revoked, revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(keyId)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':revoked': 'revoked', ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
