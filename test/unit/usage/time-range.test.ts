import {
  clampToRetention,
  daysIn,
  InvalidTimeRangeError,
  monthRange,
  resolveTimeRange,
  splitRange,
  type RangeOptions,
} from '../../../lambda/usage/time-range';

describe('usage time ranges', () => {
  const now = new Date('2026-11-27T03:00:00.000Z');

  it('turns a month into [first day, first day of next month)', () => {
    expect(monthRange('2026-11')).toEqual({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(() => monthRange('2026-13')).toThrow(/2026-11/);
  });

  it('defaults to the 90-day retention period up to now', () => {
    const range = resolveTimeRange({}, now);
    expect(range.from).toBe('2026-08-29T03:00:00.000Z');
    expect(range.to > now.toISOString()).toBe(true);
  });

  it('accepts dates and ISO times, and refuses bad or reversed bounds', () => {
    expect(resolveTimeRange({ from: '2026-11-01', to: '2026-11-02T12:00:00Z' }, now)).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T12:00:00.000Z',
    });
    // The field names the input; the message speaks no surface's syntax (no CLI flag, no query parameter).
    const refusal = (options: RangeOptions) => {
      try {
        resolveTimeRange(options, now);
      } catch (error) {
        return error instanceof InvalidTimeRangeError ? { field: error.field, message: error.message } : error;
      }
      throw new Error('no refusal');
    };
    expect(refusal({ from: 'yesterday' })).toEqual({
      field: 'from',
      message: expect.stringMatching(/^The start of the range must be a date/),
    });
    expect(refusal({ to: 'tomorrow' })).toEqual({ field: 'to', message: expect.stringMatching(/^The end of the range must be a date/) });
    expect(refusal({ from: '2026-11-02', to: '2026-11-01' })).toEqual({ field: 'from', message: expect.stringMatching(/earlier/) });
    expect(refusal({ month: '2026-11', from: '2026-11-01' })).toEqual({ field: 'month', message: expect.stringMatching(/either/) });
    expect(refusal({ month: 'November' })).toEqual({ field: 'month', message: 'The month must look like 2026-11.' });
    for (const options of [{ from: 'x' }, { to: 'x' }, { month: 'x' }, { month: '2026-11', to: '2026-12-01' }])
      expect(JSON.stringify(refusal(options))).not.toMatch(/--|[?&=]/);
  });

  it('lists the UTC days a range touches', () => {
    expect(daysIn({ from: '2026-11-30T22:00:00.000Z', to: '2026-12-02T00:00:00.000Z' })).toEqual(['2026-11-30', '2026-12-01']);
    expect(daysIn(monthRange('2026-02'))).toHaveLength(28);
  });

  it('splits a range into consecutive parts of at most n days that cover it exactly', () => {
    expect(splitRange(monthRange('2026-11'), 14)).toEqual([
      { from: '2026-11-01T00:00:00.000Z', to: '2026-11-15T00:00:00.000Z' },
      { from: '2026-11-15T00:00:00.000Z', to: '2026-11-29T00:00:00.000Z' },
      { from: '2026-11-29T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
    ]);
    const retention = resolveTimeRange({}, now);
    const parts = splitRange(retention, 14);
    expect(parts).toHaveLength(7);
    expect(parts[0].from).toBe(retention.from);
    expect(parts[6].to).toBe(retention.to);
    for (let index = 1; index < parts.length; index++) expect(parts[index].from).toBe(parts[index - 1].to);
    expect(splitRange({ from: '2026-11-01T10:00:00.000Z', to: '2026-11-01T11:00:00.000Z' }, 14)).toEqual([
      { from: '2026-11-01T10:00:00.000Z', to: '2026-11-01T11:00:00.000Z' },
    ]);
  });

  it('cuts any range to the retention period up to now, so a query of any dates stays bounded', () => {
    const wide = resolveTimeRange({ from: '1000-01-01', to: '3000-01-01' }, now);
    expect(wide).toEqual({ from: '2026-08-29T03:00:00.000Z', to: '2026-11-27T03:01:00.000Z' });
    expect(daysIn(wide)).toHaveLength(91);
    expect(splitRange(wide, 14)).toHaveLength(7);
    // Wholly outside: empty, no day to read.
    const old = resolveTimeRange({ from: '1000-01-01', to: '1000-02-01' }, now);
    expect(old.from).toBe(old.to);
    expect(daysIn(old)).toEqual([]);
    expect(splitRange(old, 14)).toEqual([]);
    expect(daysIn(resolveTimeRange({ month: '2999-01' }, now))).toEqual([]);
    // Within it: unchanged.
    const inside = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' };
    expect(clampToRetention(inside, now)).toEqual(inside);
  });
});
