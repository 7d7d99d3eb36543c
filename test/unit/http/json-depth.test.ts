import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../lambda/http/json-depth';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts arrays and objects alike, up to the limit and one past it', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    const objects = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1);
    expect(nestsDeeperThan(objects, MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(objects, MAX_JSON_DEPTH + 1)).toBe(false);
  });

  it('measures the deepest point, not the number of brackets', () => {
    const wide = `[${Array.from({ length: 10_000 }, () => nested(3)).join(',')}]`;
    expect(nestsDeeperThan(wide, 4)).toBe(false);
    expect(nestsDeeperThan(wide, 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const inString = JSON.stringify({ text: `${'['.repeat(5000)}\\"${'{'.repeat(5000)}` });
    expect(nestsDeeperThan(inString, 2)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify(['"[[[', '\\', '[[']), 1)).toBe(false);
  });

  it('agrees with the depth JSON.parse sees on arbitrary JSON', () => {
    const depthOf = (value: unknown): number =>
      value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    const samples: unknown[] = [{}, [], { a: [1, { b: '[{' }] }, [[[], [[['x']]]]], { 'k"[': { '\\': [] } }, 'just a string', 3];
    for (const sample of samples) {
      const text = JSON.stringify(sample);
      const depth = depthOf(JSON.parse(text));
      expect(nestsDeeperThan(text, depth)).toBe(false);
      if (depth > 0) expect(nestsDeeperThan(text, depth - 1)).toBe(true);
    }
  });
});
