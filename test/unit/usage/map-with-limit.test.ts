import { mapWithLimit } from '../../../lambda/usage/map-with-limit';

describe('mapWithLimit', () => {
  it('never runs more than the limit at once and keeps the order of the items', async () => {
    let running = 0;
    let most = 0;
    const results = await mapWithLimit(
      Array.from({ length: 50 }, (_, index) => index),
      8,
      async (item) => {
        running += 1;
        most = Math.max(most, running);
        // Resolve out of order: later items sometimes finish first.
        await new Promise((resolve) => setImmediate(resolve));
        if (item % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return item * 2;
      },
    );
    expect(most).toBe(8);
    expect(results).toEqual(Array.from({ length: 50 }, (_, index) => index * 2));
  });

  it('handles no items and fewer items than the limit', async () => {
    expect(await mapWithLimit([], 8, () => Promise.resolve(1))).toEqual([]);
    expect(await mapWithLimit([1, 2], 8, (item) => Promise.resolve(item + 1))).toEqual([2, 3]);
  });
});
