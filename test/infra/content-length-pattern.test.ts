import { greaterThanPattern } from '../../lib/edge/content-length-pattern';

describe('greaterThanPattern', () => {
  it.each([0, 9, 10, 99, 1000, 6291456, 10485760])('matches exactly the integers above %i', (limit) => {
    const pattern = new RegExp(greaterThanPattern(limit));
    const samples = [0, 1, limit - 1, limit, limit + 1, limit + 9, limit * 2, limit * 10, limit * 10 + 7].filter((n) => n >= 0);
    for (let step = 0; step < 2000; step += 1) samples.push(Math.floor(Math.random() * (limit * 3 + 20)));
    for (const sample of samples) {
      expect([sample, pattern.test(String(sample))]).toEqual([sample, sample > limit]);
    }
  });

  it('rejects values that are not plain decimal integers', () => {
    const pattern = new RegExp(greaterThanPattern(6291456));
    expect(['', '-7000000', '7000000.5', ' 7000000', 'abc'].filter((value) => pattern.test(value))).toEqual([]);
  });
});
