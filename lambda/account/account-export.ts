import type { AccountRecord } from '../store/accounts-repository';
import type { ApiKeysRepository } from '../store/api-keys-repository';
import { USAGE_RETENTION_DAYS } from '../store/retention';
import { UsageAggregator } from '../usage/aggregate-usage';
import { recordView } from '../usage/record-view';
import { encodeCursor } from '../usage/usage-cursor';
import type { UsageQueries } from '../usage/usage-queries';
import { resolveTimeRange } from '../usage/time-range';
import { accountView, keyView } from './account-views';

/** Most single usage records in one response of the account API (about 0.5 MB of JSON, far below Lambda's 6 MB). */
export const MAX_RECORDS_PER_PAGE = 1000;

export interface AccountExportSources {
  readonly apiKeys: ApiKeysRepository;
  readonly usage: UsageQueries;
}

/**
 * Everything stored about an account (GDPR access, P7): the account, its keys (never their hashes), its usage over
 * the whole retention as sums per day and model, and its single usage records. `allRecords` false (the account API):
 * the first page, the rest through `GET /v1/usage?records=true&cursor=<nextCursor>`; true (the operator's
 * `tollgate accounts export`): every record, and `nextCursor` null.
 */
export async function accountExport(
  sources: AccountExportSources,
  account: AccountRecord,
  now: Date,
  options: { readonly allRecords: boolean },
): Promise<Record<string, unknown>> {
  const range = resolveTimeRange({}, now);
  const aggregator = new UsageAggregator(['day', 'model']);
  const records = async () => {
    if (options.allRecords)
      return { records: (await sources.usage.records({ accountId: account.accountId }, range)).map(recordView), nextCursor: null };
    const page = await sources.usage.accountPage(account.accountId, range, { limit: MAX_RECORDS_PER_PAGE });
    return { records: page.records.map(recordView), nextCursor: page.nextKey ? encodeCursor(page.nextKey) : null };
  };
  const [keys, , recordsPart] = await Promise.all([
    sources.apiKeys.listByAccount(account.accountId),
    sources.usage.visit({ accountId: account.accountId }, range, (record) => aggregator.add(record)),
    records(),
  ]);
  return {
    exportedAt: now.toISOString(),
    account: accountView(account),
    keys: keys.map(keyView),
    usage: {
      retentionDays: USAGE_RETENTION_DAYS,
      from: range.from,
      to: range.to,
      byDayAndModel: aggregator.rows(),
      records: recordsPart.records,
      nextCursor: recordsPart.nextCursor,
    },
  };
}
