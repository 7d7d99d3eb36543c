import { InvalidArgumentError } from 'commander';
import { limitValue, parseLimit, parseUsd, REMOVE_LIMIT } from '../../../lambda/cli/option-parsers';
import { formatCsv, formatTable, formatUsd } from '../../../lambda/cli/output';

describe('CLI output', () => {
  const columns = [
    { key: 'name', header: 'NAME' },
    { key: 'count', header: 'COUNT', numeric: true },
  ];

  it('aligns table columns, numbers to the right', () => {
    expect(
      formatTable(
        [
          { name: 'a', count: 5 },
          { name: 'longer', count: 1234 },
        ],
        columns,
      ),
    ).toBe(['NAME    COUNT', '------  -----', 'a           5', 'longer   1234', ''].join('\n'));
  });

  it('writes CSV with a header row and quotes fields that need it', () => {
    expect(formatCsv([{ name: 'a,"b"', count: 1 }, { name: 'c' }], columns)).toBe('name,count\r\n"a,""b""",1\r\nc,\r\n');
  });

  it('prints money as money: cents from a dollar up, three significant digits below', () => {
    expect(formatUsd(50)).toBe('$50.00');
    expect(formatUsd(25.5)).toBe('$25.50');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.5000264)).toBe('$0.50');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(0.01)).toBe('$0.01');
    expect(formatUsd(0.0000264)).toBe('$0.0000264');
    expect(formatUsd(0.000000001)).toBe('$0.000000001');
    expect(formatUsd(undefined)).toBe('');
  });

  it('parses limits and budgets, and "none" as removal', () => {
    expect(parseLimit('60')).toBe(60);
    // Not null: commander stores a parser's null as "" (which then reached the key record as a limit).
    expect(parseLimit('none')).toBe(REMOVE_LIMIT);
    expect(limitValue(parseLimit('none'))).toBeNull();
    expect(limitValue(undefined)).toBeUndefined();
    expect(() => parseLimit('0')).toThrow(InvalidArgumentError);
    expect(() => parseLimit('1.5')).toThrow(InvalidArgumentError);
    expect(parseUsd('12.50')).toBe(12.5);
    expect(limitValue(parseUsd('off'))).toBeNull();
    expect(() => parseUsd('-1')).toThrow(InvalidArgumentError);
  });
});
