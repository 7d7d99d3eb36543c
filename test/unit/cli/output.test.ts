import { InvalidArgumentError } from 'commander';
import { parseLimit, parseUsd } from '../../../lambda/cli/option-parsers';
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

  it('formats dollars with six decimals', () => {
    expect(formatUsd(0.0000264)).toBe('$0.000026');
  });

  it('parses limits and budgets, and "none" as removal', () => {
    expect(parseLimit('60')).toBe(60);
    expect(parseLimit('none')).toBeNull();
    expect(() => parseLimit('0')).toThrow(InvalidArgumentError);
    expect(() => parseLimit('1.5')).toThrow(InvalidArgumentError);
    expect(parseUsd('12.50')).toBe(12.5);
    expect(parseUsd('off')).toBeNull();
    expect(() => parseUsd('-1')).toThrow(InvalidArgumentError);
  });
});
