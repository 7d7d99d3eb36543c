import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GatewayError } from '../core/errors';
import type { ApiKeyRecord } from '../store/api-keys-repository';
import { CountersRepository, rateWindowKey } from '../store/counters-repository';
import type { TableNames } from '../store/tables';
import { rateLimitHeaders } from './rate-limit-headers';
import { monthEndsAt, monthlySpendExpiry, monthOf, rateWindow, secondsUntil } from './windows';

/** What `admit` decided, and what `settle` needs to account the request afterwards. */
export interface Admission {
  /** Rate-limit headers to send with the response (empty when the key has no RPM/TPM limit). */
  readonly headers: Record<string, string>;
  readonly keyId: string;
  readonly accountId: string;
  /** The counter item of the rate window the request was admitted in; undefined without RPM/TPM limits. */
  readonly rateWindowKey?: string;
  /** True when the key has an RPM or TPM limit: `settle` then adds the tokens to the window current at settle time. */
  readonly rateLimited: boolean;
  /** `YYYY-MM` of admission: the month the cost is charged to. */
  readonly month: string;
  readonly monthlySpendExpiresAt: number;
}

/** Limits for keys that have none of their own (deployment defaults); undefined means unlimited. */
export interface DefaultRateLimits {
  readonly rpmLimit?: number;
  readonly tpmLimit?: number;
}

/**
 * Per-key requests and tokens per minute, and the per-account monthly budget (hard cap).
 *
 * Semantics (docs/OPERATIONS.md):
 * - Windows are fixed, clock-aligned minutes (UTC). RPM: a window admits at most `rpmLimit`
 *   requests, exactly, under any concurrency (one conditional ADD on the window's counter item).
 * - TPM: a request is admitted while the tokens settled in the current window are under `tpmLimit`;
 *   its actual tokens are added by `settle` when it ends, to the window current at that time (the
 *   one later requests read), whatever minute it started in. Requests in flight are not reserved,
 *   so a window can end above the limit by the tokens of the requests that end in it.
 * - Budget: a request is admitted while the account's spend this UTC month is under its budget
 *   (copied onto the key record, so this function never reads the accounts table); `settle` adds
 *   the actual cost. As with TPM, requests already in flight can take the spend past the cap by
 *   their own cost; no request starts once it is reached.
 * - One round trip before the upstream call: the window update and the spend read run
 *   concurrently; a key without limits or budget costs none.
 */
export class Limits {
  private readonly counters: CountersRepository;

  constructor(
    client: DynamoDBDocumentClient,
    tableNames: TableNames,
    private readonly clock: () => Date = () => new Date(),
    private readonly defaults: DefaultRateLimits = {},
  ) {
    this.counters = new CountersRepository(client, tableNames.counters);
  }

  /** Before the upstream call. Throws GatewayError 429 `rate_limited` (RPM/TPM) or `quota_exceeded` (budget). */
  async admit(key: ApiKeyRecord, now: Date = this.clock()): Promise<Admission> {
    const limits = { rpmLimit: key.rpmLimit ?? this.defaults.rpmLimit, tpmLimit: key.tpmLimit ?? this.defaults.tpmLimit };
    const hasRateLimits = limits.rpmLimit !== undefined || limits.tpmLimit !== undefined;
    const budget = key.monthlyBudgetUsd;
    const window = rateWindow(now);
    const month = monthOf(now);
    const windowKey = hasRateLimits ? rateWindowKey(key.keyId, window.index) : undefined;

    const [rate, spent] = await Promise.all([
      windowKey ? this.counters.admitRequest(windowKey, limits, window.expiresAt) : undefined,
      budget !== undefined ? this.counters.monthlySpend(key.accountId, month, now) : undefined,
    ]);

    const resetSeconds = secondsUntil(window.endsAt, now);
    const headers = hasRateLimits ? rateLimitHeaders(limits, rate?.state, resetSeconds) : {};
    // The budget is checked first: when it is spent, retrying after the minute would not help.
    if (budget !== undefined && spent !== undefined && spent >= budget) {
      // The window counted this request, but it will not run: give the slot back.
      if (windowKey && rate?.admitted) await this.counters.releaseRequest(windowKey);
      const untilMonthEnd = secondsUntil(monthEndsAt(now), now);
      throw new GatewayError(
        429,
        'quota_exceeded',
        `This account has used its monthly budget of ${budget} USD. Requests are refused until the budget is raised or the month ends (UTC).`,
        { retryAfterSeconds: untilMonthEnd, headers },
      );
    }
    if (rate && !rate.admitted) {
      const overRequests = limits.rpmLimit !== undefined && (!rate.state || rate.state.requests >= limits.rpmLimit);
      throw new GatewayError(
        429,
        'rate_limited',
        overRequests
          ? `Rate limit reached for this API key: ${limits.rpmLimit} requests per minute. Retry after ${resetSeconds} s.`
          : `Rate limit reached for this API key: ${limits.tpmLimit} tokens per minute. Retry after ${resetSeconds} s.`,
        { retryAfterSeconds: resetSeconds, headers },
      );
    }
    return {
      headers,
      keyId: key.keyId,
      accountId: key.accountId,
      rateWindowKey: windowKey,
      rateLimited: hasRateLimits,
      month,
      monthlySpendExpiresAt: monthlySpendExpiry(now),
    };
  }

  /**
   * After the response: adds the actual tokens to the rate window current at `now` (when the key has
   * limits) — not the admission's window, which a stream that outlives its start minute has left and
   * no later request reads — and the cost to the account's monthly spend of the admission month
   * (always, so a budget set mid-month sees the whole month). Never throws for being over a limit;
   * DynamoDB failures are passed on.
   */
  async settle(admission: Admission, actual: { totalTokens: number; costUsd: number }, now: Date = this.clock()): Promise<void> {
    const writes: Promise<void>[] = [];
    if (admission.rateLimited && actual.totalTokens > 0) {
      const window = rateWindow(now);
      writes.push(this.counters.addTokens(rateWindowKey(admission.keyId, window.index), actual.totalTokens, window.expiresAt));
    }
    if (actual.costUsd > 0) {
      writes.push(this.counters.addSpend(admission.accountId, admission.month, actual.costUsd, admission.monthlySpendExpiresAt));
    }
    await Promise.all(writes);
  }
}
