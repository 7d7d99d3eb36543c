import type { UsageRecord } from '../../../lambda/store/usage-repository';
import { mergeBySortKey } from '../../../lambda/usage/merge-by-sort-key';

const item = (sk: string, accountId = 'acct') => ({ sk, accountId }) as UsageRecord;

describe('mergeBySortKey', () => {
  it('merges sorted lists into one list in sk order, then account order', () => {
    const merged = mergeBySortKey([[item('1'), item('4')], [], [item('2'), item('3', 'b'), item('5')], [item('3', 'a')]]);
    expect(merged.map((record) => `${record.sk}${record.accountId === 'acct' ? '' : record.accountId}`)).toEqual([
      '1',
      '2',
      '3a',
      '3b',
      '4',
      '5',
    ]);
  });
});
