import { aggregateUsage, regroupRows, sumRows, UsageAggregator } from '../../../lambda/usage/aggregate-usage';
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
        operation: 'generate',
        requests: 2,
        errors: 0,
        inputTokens: 15,
        outputTokens: 4,
        cacheReadTokens: 3,
        cacheWriteTokens: 2,
        reasoningTokens: 1,
        costUsd: 0.3,
      },
      {
        model: 'doubao-seed-1-6-250615',
        operation: 'generate',
        requests: 1,
        errors: 0,
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

  it('counts error answers apart from answered requests, refusals included', () => {
    const rows = aggregateUsage(
      [base, { ...base, status: 429 }, { ...base, status: 502 }, { ...base, status: 400 }, { ...base, status: 201 }],
      'day',
    );
    expect(rows).toEqual([expect.objectContaining({ day: '2026-11-01', requests: 2, errors: 3 })]);
  });

  it('shows model lists and token counts as their operation, not as a model', () => {
    const rows = aggregateUsage(
      [
        { ...base, model: 'unknown', provider: 'none', operation: 'listModels', costUsd: 0 },
        { ...base, operation: 'countTokens', costUsd: 0 },
        { ...base, operation: undefined },
        { ...base, model: 'unknown', provider: 'none', status: 404, costUsd: 0 },
      ],
      'model',
    );
    expect(rows.map(({ model, operation, requests, errors }) => ({ model, operation, requests, errors }))).toEqual([
      { model: '', operation: 'listModels', requests: 1, errors: 0 },
      { model: 'deepseek-chat', operation: 'countTokens', requests: 1, errors: 0 },
      { model: 'deepseek-chat', operation: 'generate', requests: 1, errors: 0 },
      { model: 'unknown', operation: 'generate', requests: 0, errors: 1 },
    ]);
  });

  it('sums rows into a total, costs without float noise', () => {
    const rows = aggregateUsage([base, { ...base, day: '2026-11-02', costUsd: 0.2, status: 429, inputTokens: 7 }], 'day');
    expect(sumRows(rows)).toEqual({
      requests: 1,
      errors: 1,
      inputTokens: 7,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costUsd: 0.3,
    });
  });

  it('regroups rows by day, model and key into fewer columns with the same sums as grouping the records', () => {
    const records: UsageRecord[] = [
      base,
      { ...base, keyId: 'key_b', costUsd: 0.2, inputTokens: 3 },
      { ...base, model: 'claude-haiku-4-5', day: '2026-11-02', costUsd: 0.7, status: 502 },
      { ...base, operation: 'listModels', costUsd: 0 },
    ];
    const aggregator = new UsageAggregator(['day', 'model', 'key']);
    records.forEach((record) => aggregator.add(record));
    const fine = aggregator.rows();
    expect(regroupRows(fine, ['model', 'operation'])).toEqual(aggregateUsage(records, 'model'));
    expect(regroupRows(fine, ['day'])).toEqual(aggregateUsage(records, 'day'));
    expect(regroupRows(fine, ['keyId'])).toEqual(aggregateUsage(records, 'key'));
  });

  it('groups by the answered status (errors and refusals apart)', () => {
    const rows = aggregateUsage([base, { ...base, status: 429 }, { ...base, status: 429 }, { ...base, status: 502 }], 'status');
    expect(rows.map(({ status, requests, errors }) => ({ status, requests, errors }))).toEqual([
      { status: '200', requests: 1, errors: 0 },
      { status: '429', requests: 0, errors: 2 },
      { status: '502', requests: 0, errors: 1 },
    ]);
  });
});
