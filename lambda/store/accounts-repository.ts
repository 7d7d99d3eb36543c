import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isExpired } from './retention';

export type AccountStatus = 'active' | 'deleted';

export interface AccountRecord {
  readonly accountId: string;
  readonly email: string;
  readonly status: AccountStatus;
  readonly createdAt: string;
  /** A payment processor's customer reference, never a card number. */
  readonly paymentRef?: string;
  readonly deletedAt?: string;
  /** Set only after deletion (P3). */
  readonly expiresAt?: number;
}

export class EmailTakenError extends Error {
  constructor() {
    super('An account with this email already exists.');
    this.name = 'EmailTakenError';
  }
}

const accountKey = (accountId: string) => `account#${accountId}`;
const emailKey = (email: string) => `email#${email.toLowerCase()}`;

/**
 * Accounts live in one table as two items: `account#<id>` with the data and `email#<address>`,
 * a claim that keeps emails unique (written in the same transaction).
 */
export class AccountsRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(account: AccountRecord): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: accountKey(account.accountId), ...account },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: emailKey(account.email), accountId: account.accountId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'TransactionCanceledException') throw new EmailTakenError();
      throw error;
    }
  }

  async get(accountId: string): Promise<AccountRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: accountKey(accountId) } }));
    if (!Item || isExpired(Item)) return undefined;
    const { pk: _pk, ...account } = Item;
    return account as AccountRecord;
  }
}
