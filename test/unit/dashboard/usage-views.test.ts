import { apiRange, thisMonth } from '../../../lambda/dashboard/browser/range-form';
import { everyDay, holderViews, modelLabel, operatorViews, statusMeaning } from '../../../lambda/dashboard/browser/usage-views';
import type { UsageRow } from '../../../lambda/usage/aggregate-usage';

const totals = {
  requests: 1,
  errors: 0,
  inputTokens: 10,
  outputTokens: 5,
  cacheReadTokens: 2,
  cacheWriteTokens: 0,
  reasoningTokens: 1,
  costUsd: 0.1,
};
const row = (columns: Record<string, string>, overrides: Partial<UsageRow> = {}) => ({ ...columns, ...totals, ...overrides }) as UsageRow;

describe('the dashboard page views', () => {
  it('shows this month by default and asks the API for the day after the last one', () => {
    expect(thisMonth(new Date('2026-11-29T20:00:00Z'))).toEqual({ firstDay: '2026-11-01', lastDay: '2026-11-29' });
    expect(apiRange('2026-11-01', '2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-12-01' });
  });

  it('has a row for every day of the range, days without usage as zeros', () => {
    const days = everyDay([row({ day: '2026-11-02' })], { from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z' });
    expect(days.map((day) => [day.day, day.requests])).toEqual([
      ['2026-11-01', 0],
      ['2026-11-02', 1],
      ['2026-11-03', 0],
    ]);
  });

  it("draws the holder's views from one by=day,model,key read: per model and per key most expensive first", () => {
    const rows = [
      row({ day: '2026-11-01', model: 'deepseek-chat', operation: 'generate', keyId: 'k1' }),
      row({ day: '2026-11-01', model: 'claude-haiku-4-5', operation: 'generate', keyId: 'k2' }, { costUsd: 0.5 }),
      row({ day: '2026-11-02', model: 'deepseek-chat', operation: 'generate', keyId: 'k2' }, { errors: 1, requests: 0 }),
    ];
    const views = holderViews(rows, { from: '2026-11-01T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z' });
    expect(views.total).toMatchObject({ requests: 2, errors: 1, costUsd: 0.7 });
    expect(views.byDay.map((day) => [day.day, day.costUsd])).toEqual([
      ['2026-11-01', 0.6],
      ['2026-11-02', 0.1],
    ]);
    expect(views.byModel.map((model) => [model.model, model.costUsd, model.requests])).toEqual([
      ['claude-haiku-4-5', 0.5, 1],
      ['deepseek-chat', 0.2, 1],
    ]);
    expect(views.bySplit.map((key) => [key.keyId, key.costUsd])).toEqual([
      ['k2', 0.6],
      ['k1', 0.1],
    ]);
  });

  it("keeps the operator's error statuses only, and names operations instead of an empty model", () => {
    const views = operatorViews({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      byDay: [row({ day: '2026-11-01' })],
      byModel: [],
      byAccount: [],
      byStatus: [row({ status: '200' }), row({ status: '429' }, { errors: 3 })],
    });
    expect(views.byStatus?.map((status) => status.status)).toEqual(['429']);
    expect(statusMeaning(429)).toBe('refused: rate limit or budget');
    expect(modelLabel(row({ model: '', operation: 'listModels' }))).toBe('model list');
    expect(modelLabel(row({ model: 'deepseek-chat', operation: 'countTokens' }))).toBe('deepseek-chat (token count)');
  });
});
