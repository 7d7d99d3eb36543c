import { DomainError } from '../core/domain-error';
import { issueApiKey, type IssuedApiKey } from '../core/issue-api-key';
import { AccountNotFoundError, type AccountRecord, type AccountsRepository } from '../store/accounts-repository';
import type { ApiKeysRepository } from '../store/api-keys-repository';
import { accountExpiry } from '../store/retention';
import { generateAccountId } from './account-id';
import { normalizeEmail } from './email-address';
import { validatePaymentDetails, type PaymentDetails } from './payment-reference';

export interface NewAccount extends PaymentDetails {
  readonly email: string;
}

export type IssuedKey = IssuedApiKey;

export class InvalidLimitError extends DomainError {
  readonly kind = 'invalid_input';
}

/**
 * Account life cycle, shared by the operator CLI and the account holder's API: validation,
 * key issuing with the account's budget copied on, budget changes, email correction and erasure.
 */
export class AccountService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Creates an active account; throws InvalidEmailError, InvalidPaymentDetailsError or EmailTakenError. */
  async create(input: NewAccount): Promise<AccountRecord> {
    const email = normalizeEmail(input.email);
    const payment = validatePaymentDetails({ paymentRef: input.paymentRef, cardBrand: input.cardBrand, cardLast4: input.cardLast4 });
    const account: AccountRecord = {
      accountId: generateAccountId(),
      email,
      status: 'active',
      createdAt: this.clock().toISOString(),
      ...(payment.paymentRef === undefined ? {} : { paymentRef: payment.paymentRef }),
      ...(payment.cardBrand === undefined ? {} : { cardBrand: payment.cardBrand }),
      ...(payment.cardLast4 === undefined ? {} : { cardLast4: payment.cardLast4 }),
    };
    await this.accounts.create(account, this.clock());
    return account;
  }

  /** The account, if it exists (deleted accounts are returned until their TTL passes). */
  get(accountId: string): Promise<AccountRecord | undefined> {
    return this.accounts.get(accountId, this.clock());
  }

  /** Issues a key for an active account, with the account's budget copied onto the key record. */
  async issueKey(accountId: string): Promise<IssuedKey> {
    const account = await this.activeAccount(accountId);
    const settings = account.monthlyBudgetUsd === undefined ? {} : { monthlyBudgetUsd: account.monthlyBudgetUsd };
    const issued = await issueApiKey(this.apiKeys, accountId, this.clock(), settings);
    // A suspension or deletion that listed the account's keys before this one existed did not reach it: catch up.
    const after = await this.accounts.get(accountId, this.clock());
    if (after?.status === 'suspended') await this.apiKeys.setAccountSuspended(issued.record.keyId, true);
    if (!after || after.status === 'deleted') {
      await this.apiKeys.revoke(issued.record.keyId, this.clock(), after?.expiresAt);
      throw new AccountNotFoundError(accountId);
    }
    return issued;
  }

  /**
   * Suspends an account: inference refuses its keys within a second (the flag is copied onto every key record, which is
   * all the inference function reads); the holder can still export, correct and erase. Returns the account.
   */
  async suspend(accountId: string): Promise<AccountRecord> {
    const account = await this.accounts.setSuspended(accountId, true, this.clock());
    await this.copySuspension(accountId, true);
    return account;
  }

  /** Lifts a suspension: the account's keys work again within a second. */
  async reinstate(accountId: string): Promise<AccountRecord> {
    const account = await this.accounts.setSuspended(accountId, false, this.clock());
    await this.copySuspension(accountId, false);
    return account;
  }

  private async copySuspension(accountId: string, suspended: boolean): Promise<void> {
    const keys = await this.apiKeys.listByAccount(accountId);
    await Promise.all(keys.map((key) => this.apiKeys.setAccountSuspended(key.keyId, suspended)));
  }

  /** Corrects the email; the uniqueness claim moves in the same transaction. */
  async changeEmail(accountId: string, rawEmail: unknown): Promise<AccountRecord> {
    return this.accounts.changeEmail(accountId, normalizeEmail(rawEmail), this.clock());
  }

  /**
   * Sets (undefined: removes) the monthly budget on the account and copies it onto every key record,
   * where the inference function reads it. Takes effect within the key cache time.
   */
  async setMonthlyBudget(accountId: string, monthlyBudgetUsd: number | undefined): Promise<void> {
    if (monthlyBudgetUsd !== undefined && !(Number.isFinite(monthlyBudgetUsd) && monthlyBudgetUsd >= 0)) {
      throw new InvalidLimitError('The monthly budget must be a number of USD, 0 or more.');
    }
    await this.accounts.setMonthlyBudget(accountId, monthlyBudgetUsd);
    const keys = await this.apiKeys.listByAccount(accountId);
    await Promise.all(keys.map((key) => this.apiKeys.setMonthlyBudget(key.keyId, monthlyBudgetUsd ?? null)));
  }

  /**
   * Erases an account (P3, P7): revokes all its keys at once, then marks the account deleted.
   * Account items and key records get the TTL deletion + 16 days (gone, backups included, within 30 days;
   * lambda/store/table-retention.ts); usage keeps its own TTL (gone within 90 days of each request).
   * Returns undefined when there is no such account.
   */
  async delete(accountId: string): Promise<AccountRecord | undefined> {
    const now = this.clock();
    const account = await this.accounts.get(accountId, now);
    if (!account) return undefined;
    const deletedAt = account.deletedAt ? new Date(account.deletedAt) : now;
    const expiresAt = accountExpiry(deletedAt);
    const keys = await this.apiKeys.listByAccount(accountId);
    await Promise.all(keys.map((key) => this.apiKeys.revoke(key.keyId, now, key.expiresAt ?? expiresAt)));
    return this.accounts.markDeleted(accountId, deletedAt, expiresAt);
  }

  private async activeAccount(accountId: string): Promise<AccountRecord> {
    const account = await this.accounts.get(accountId, this.clock());
    if (!account || account.status !== 'active') throw new AccountNotFoundError(accountId);
    return account;
  }
}
