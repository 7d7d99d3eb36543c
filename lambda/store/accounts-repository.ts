import { GetCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DomainError } from '../core/domain-error';
import { cancellationCodes, isNamedError } from './dynamo-errors';
import { epochSeconds, isExpired } from './retention';

/** `suspended`: inference refuses the account's keys; its holder can still export, correct and erase its data. */
export type AccountStatus = 'active' | 'suspended' | 'deleted';

export interface AccountRecord {
  readonly accountId: string;
  readonly email: string;
  readonly status: AccountStatus;
  readonly createdAt: string;
  /** A payment processor's customer reference, never a card number. */
  readonly paymentRef?: string;
  /** Card brand, e.g. `visa` (optional, from the processor). */
  readonly cardBrand?: string;
  /** The card's last four digits (optional, from the processor). */
  readonly cardLast4?: string;
  /** Hard monthly spending cap in USD; undefined means no cap. Copied onto the account's key records. */
  readonly monthlyBudgetUsd?: number;
  /** When the operator suspended the account (while it is suspended). */
  readonly suspendedAt?: string;
  readonly deletedAt?: string;
  /** Set only after deletion (P3). */
  readonly expiresAt?: number;
}

export class EmailTakenError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super('Another account already uses this email address.', 'email');
  }
}

export class AccountNotFoundError extends DomainError {
  readonly kind = 'not_found';

  constructor(accountId: string) {
    super(`No active account with id '${accountId}'.`);
  }
}

/** The account kept changing (corrections, a deletion) while another change was being written. */
export class AccountChangedError extends DomainError {
  readonly kind = 'conflict';

  constructor() {
    super('The account changed while this request was being written: send it again.');
  }
}

const accountKey = (accountId: string) => `account#${accountId}`;
const emailKey = (email: string) => `email#${email.toLowerCase()}`;
const ACCOUNT_PREFIX = 'account#';

/**
 * An email claim is free when it does not exist or its TTL has passed: DynamoDB erases expired items
 * only days later, and until then the address of an erased account must not stay blocked.
 */
const CLAIM_IS_FREE = 'attribute_not_exists(pk) OR expiresAt <= :now';
/** Reads and writes of an email correction or a deletion before it gives up on an account that keeps changing. */
const EMAIL_CHANGE_ATTEMPTS = 3;

/** An account item as stored (the key `pk` and unknown attributes are dropped). */
const accountItemSchema = z.object({
  accountId: z.string(),
  email: z.string(),
  status: z.enum(['active', 'suspended', 'deleted']),
  createdAt: z.string(),
  paymentRef: z.string().optional(),
  cardBrand: z.string().optional(),
  cardLast4: z.string().optional(),
  monthlyBudgetUsd: z.number().optional(),
  suspendedAt: z.string().optional(),
  deletedAt: z.string().optional(),
  expiresAt: z.number().optional(),
}) satisfies z.ZodType<AccountRecord>;

function toAccount(item: Record<string, unknown>): AccountRecord {
  return accountItemSchema.parse(item);
}

/**
 * Accounts live in one table as two items: `account#<id>` with the data and `email#<address>`,
 * a claim that keeps emails unique (written in the same transaction).
 */
export class AccountsRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** `now` decides whether an existing email claim has expired (and may be taken over). */
  async create(account: AccountRecord, now: Date = new Date()): Promise<void> {
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
                ConditionExpression: CLAIM_IS_FREE,
                ExpressionAttributeValues: { ':now': epochSeconds(now) },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isNamedError(error, 'TransactionCanceledException')) throw new EmailTakenError();
      throw error;
    }
  }

  async get(accountId: string, now: Date = new Date()): Promise<AccountRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: accountKey(accountId) }, ConsistentRead: true }),
    );
    if (!Item || isExpired(Item, now)) return undefined;
    return toAccount(Item);
  }

  /**
   * The account that holds `email` (case-insensitive), through its uniqueness claim: one consistent read of the claim
   * and one of the account, never a scan. A deleted account is found until its TTL (its claim expires with it).
   */
  async findByEmail(email: string, now: Date = new Date()): Promise<AccountRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: emailKey(email) }, ConsistentRead: true }),
    );
    if (!Item || isExpired(Item, now) || typeof Item.accountId !== 'string') return undefined;
    const account = await this.get(Item.accountId, now);
    // A claim is moved in the same transaction as the email it stands for; check anyway.
    return account && account.email.toLowerCase() === email.toLowerCase() ? account : undefined;
  }

  /**
   * Every account (deleted ones included until their TTL), for the operator. This is the one
   * place that scans: listing all accounts reads all of them anyway. `onPage` reports progress.
   */
  async list(now: Date = new Date(), onPage?: (count: number) => void): Promise<AccountRecord[]> {
    const accounts: AccountRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':prefix': ACCOUNT_PREFIX },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) if (!isExpired(item, now)) accounts.push(toAccount(item));
      onPage?.(accounts.length);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return accounts.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.accountId.localeCompare(b.accountId));
  }

  /**
   * Corrects the email of an account that is not deleted (GDPR correction also applies to a suspended one), moving the
   * uniqueness claim in the same transaction:
   * the old claim is deleted only if it is this account's, the new one is written only if free
   * (absent, or expired at `now`).
   */
  async changeEmail(accountId: string, newEmail: string, now: Date = new Date()): Promise<AccountRecord> {
    // Another correction or a deletion between our read and our write: read again, a few times.
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(accountId, now);
      if (!current || current.status === 'deleted') throw new AccountNotFoundError(accountId);
      if (current.email === newEmail) return current;
      const written =
        current.email.toLowerCase() === newEmail.toLowerCase()
          ? await this.recaseEmail(current, newEmail)
          : await this.moveEmail(current, newEmail, now);
      if (written) return { ...current, email: newEmail };
      if (attempt === EMAIL_CHANGE_ATTEMPTS) throw new AccountChangedError();
    }
  }

  /** Same address in other letter case: the claim (keyed by the lower-cased address) stays. False when the account changed meanwhile. */
  private async recaseEmail(current: AccountRecord, newEmail: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: accountKey(current.accountId) },
          UpdateExpression: 'SET email = :email',
          ConditionExpression: 'email = :old AND #status <> :deleted',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':email': newEmail, ':old': current.email, ':deleted': 'deleted' },
        }),
      );
      return true;
    } catch (error) {
      if (isNamedError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  /** A new address: claim it, release the old claim and update the account in one transaction. False when the account changed meanwhile. */
  private async moveEmail(current: AccountRecord, newEmail: string, now: Date): Promise<boolean> {
    const accountId = current.accountId;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              // The account still has the email we read and is not deleted.
              Update: {
                TableName: this.tableName,
                Key: { pk: accountKey(accountId) },
                UpdateExpression: 'SET email = :email',
                ConditionExpression: 'email = :old AND #status <> :deleted',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':email': newEmail, ':old': current.email, ':deleted': 'deleted' },
              },
            },
            {
              // The new address is not claimed by anyone (or only by a claim past its TTL).
              Put: {
                TableName: this.tableName,
                Item: { pk: emailKey(newEmail), accountId },
                ConditionExpression: CLAIM_IS_FREE,
                ExpressionAttributeValues: { ':now': epochSeconds(now) },
              },
            },
            {
              // The old claim is released only if it belongs to this account.
              Delete: {
                TableName: this.tableName,
                Key: { pk: emailKey(current.email) },
                ConditionExpression: 'accountId = :accountId',
                ExpressionAttributeValues: { ':accountId': accountId },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!isNamedError(error, 'TransactionCanceledException')) throw error;
      const [account, claim] = cancellationCodes(error);
      if (claim === 'ConditionalCheckFailed') throw new EmailTakenError();
      if (account === 'ConditionalCheckFailed' || account === 'TransactionConflict') return false;
      throw error;
    }
  }

  /**
   * Marks an account deleted and sets the TTL of its items (account and email claim) so that
   * DynamoDB erases them after the grace period (P3). Deleting twice keeps the first time.
   * Returns the updated record, or undefined when no such account exists.
   */
  async markDeleted(accountId: string, deletedAt: Date, expiresAt: number): Promise<AccountRecord | undefined> {
    // A concurrent correction (a transaction conflict, a moved claim) makes us read again; a concurrent delete wins.
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(accountId, deletedAt);
      if (!current) return undefined;
      if (current.status === 'deleted') return current;
      if (await this.writeDeletion(current, deletedAt, expiresAt)) {
        return { ...current, status: 'deleted', deletedAt: deletedAt.toISOString(), expiresAt };
      }
      if (attempt === EMAIL_CHANGE_ATTEMPTS) throw new AccountChangedError();
    }
  }

  /** The account marked deleted and its email claim given the same TTL, in one transaction; false when it was cancelled. */
  private async writeDeletion(current: AccountRecord, deletedAt: Date, expiresAt: number): Promise<boolean> {
    const accountId = current.accountId;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: accountKey(accountId) },
                UpdateExpression: 'SET #status = :deleted, deletedAt = :deletedAt, expiresAt = :expiresAt',
                ConditionExpression: '#status <> :deleted',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':deleted': 'deleted',
                  ':deletedAt': deletedAt.toISOString(),
                  ':expiresAt': expiresAt,
                },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: emailKey(current.email) },
                UpdateExpression: 'SET expiresAt = :expiresAt',
                ConditionExpression: 'accountId = :accountId',
                ExpressionAttributeValues: { ':expiresAt': expiresAt, ':accountId': accountId },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isNamedError(error, 'TransactionCanceledException')) return false;
      throw error;
    }
  }

  /**
   * Suspends an active account, or reinstates a suspended one (`suspended` false). Doing it twice is no change.
   * Throws AccountNotFoundError when the account does not exist or is deleted.
   */
  async setSuspended(accountId: string, suspended: boolean, at: Date = new Date()): Promise<AccountRecord> {
    const [from, to] = suspended ? (['active', 'suspended'] as const) : (['suspended', 'active'] as const);
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: accountKey(accountId) },
          UpdateExpression: suspended ? 'SET #status = :to, suspendedAt = :at' : 'SET #status = :to REMOVE suspendedAt',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':from': from, ':to': to, ...(suspended ? { ':at': at.toISOString() } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toAccount(Attributes ?? {});
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
      const current = await this.get(accountId, at);
      if (current?.status === to) return current;
      throw new AccountNotFoundError(accountId);
    }
  }

  /** Sets (or, with undefined, removes) the monthly budget of an active account. */
  async setMonthlyBudget(accountId: string, monthlyBudgetUsd: number | undefined): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: accountKey(accountId) },
          UpdateExpression: monthlyBudgetUsd === undefined ? 'REMOVE monthlyBudgetUsd' : 'SET monthlyBudgetUsd = :budget',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active', ...(monthlyBudgetUsd === undefined ? {} : { ':budget': monthlyBudgetUsd }) },
        }),
      );
    } catch (error) {
      if (isNamedError(error, 'ConditionalCheckFailedException')) throw new AccountNotFoundError(accountId);
      throw error;
    }
  }
}
