import type { UsageRecord } from '../store/usage-repository';

const before = (a: UsageRecord, b: UsageRecord) => a.sk < b.sk || (a.sk === b.sk && a.accountId < b.accountId);

/** Merges lists that are each in `sk` order (e.g. one per `byDay` shard) into one list in `sk` order. */
export function mergeBySortKey(lists: readonly (readonly UsageRecord[])[]): UsageRecord[] {
  const merged: UsageRecord[] = [];
  const heads = lists.map(() => 0);
  for (;;) {
    let next = -1;
    for (let list = 0; list < lists.length; list++) {
      if (heads[list] < lists[list].length && (next < 0 || before(lists[list][heads[list]], lists[next][heads[next]]))) next = list;
    }
    if (next < 0) return merged;
    merged.push(lists[next][heads[next]++]);
  }
}
