import { aggregateUsage } from '../../../lambda/usage/aggregate-usage';
import type { UsageRecord } from '../../../lambda/store/usage-repository';

const base: UsageRecord = {
  accountId: 'acct_a',
  sk: '2026-11-01T00:00:00.000Z#r',
  requestId: 'r',
  timestamp: '2026-11-01T00:00:00.000Z',
  day: '2026-11-01',
  keyId: 'key_a',
  model: 'deepseek-chat',
  provider: 'deepseek',
  protocol: 'openai',
  streamed: true,
  status: 200,
  costUsd: 0.1,
  latencyMs: 1,
  expiresAt: 0,
};

describe('usage aggregation', () => {
  it('sums per group, counts unknown tokens as 0 and adds costs without float noise', () => {
    const rows = aggregateUsage(
      [
        { ...base, inputTokens: 10, outputTokens: 4, cacheReadTokens: 3, cacheWriteTokens: 2, reasoningTokens: 1, costUsd: 0.1 },
        { ...base, model: 'doubao-seed-1-6-250615', costUsd: 0.3 },
        { ...base, inputTokens: 5, costUsd: 0.2 },
      ],
      'model',
    );
    expect(rows).toEqual([
      {
        model: 'deepseek-chat',
        requests: 2,
        inputTokens: 15,
        outputTokens: 4,
        cacheReadTokens: 3,
        cacheWriteTokens: 2,
        reasoningTokens: 1,
        costUsd: 0.3,
      },
      {
        model: 'doubao-seed-1-6-250615',
        requests: 1,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        costUsd: 0.3,
      },
    ]);
  });

  it('groups by day, key and account with the matching column', () => {
    const records = [base, { ...base, day: '2026-11-02', keyId: 'key_b', accountId: 'acct_b' }];
    expect(aggregateUsage(records, 'day').map((row) => row.day)).toEqual(['2026-11-01', '2026-11-02']);
    expect(aggregateUsage(records, 'key').map((row) => row.keyId)).toEqual(['key_a', 'key_b']);
    expect(aggregateUsage(records, 'account').map((row) => row.accountId)).toEqual(['acct_a', 'acct_b']);
  });
});
