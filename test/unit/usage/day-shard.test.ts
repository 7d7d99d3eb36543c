import { dayShardOf, dayShardsOf } from '../../../lambda/store/day-shard';
import { TABLES, USAGE_DAY_SHARDS } from '../../../lambda/store/tables';

describe('byDay write shards', () => {
  it('indexes usage by day shard and sort key', () => {
    expect(TABLES.usage.globalSecondaryIndexes.find((index) => index.indexName === 'byDay')).toEqual({
      indexName: 'byDay',
      partitionKey: { name: 'dayShard', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
    });
  });

  it('gives a request id always the same shard of its day, and spreads request ids over all shards', () => {
    expect(USAGE_DAY_SHARDS).toBe(8);
    // Fixed values: the hash must never change, or readers would miss records already written.
    expect(dayShardOf('2026-11-27', 'req_1')).toBe(dayShardOf('2026-11-27', 'req_1'));
    expect(['a', 'b', 'chatcmpl-123'].map((id) => dayShardOf('2026-11-27', id))).toEqual(['2026-11-27#4', '2026-11-27#5', '2026-11-27#6']);
    const counts = new Map<string, number>();
    for (let index = 0; index < 8000; index++) {
      const shard = dayShardOf('2026-11-27', `req_${index.toString(36)}`);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(dayShardsOf('2026-11-27'));
    for (const count of counts.values()) expect(count).toBeGreaterThan(700);
  });
});
