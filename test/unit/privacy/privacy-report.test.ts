import { judgeClauses, renderReport, type Clause, type TestOutcome } from '../../../lib/privacy/privacy-report';

const clause = (overrides: Partial<Clause> = {}): Clause => ({
  id: 'c',
  policy: 'Usage metadata is kept at most 90 days.',
  controls: ['table usage: 83 + 7 + 0 = 90 days'],
  violations: [],
  evidence: [{ file: 'test/a.test.ts' }, { file: 'test/b.test.ts', name: /retention/ }],
  ...overrides,
});
const passed = (file: string, fullName: string): TestOutcome => ({ file, fullName, status: 'passed' });

describe('privacy report verdicts', () => {
  it('holds a clause when every named test passed, counting only the tests its name pattern selects', () => {
    const [verdict] = judgeClauses(
      [clause()],
      [
        passed('test/a.test.ts', 'one'),
        passed('test/b.test.ts', 'keeps retention'),
        { file: 'test/b.test.ts', fullName: 'other', status: 'failed' },
      ],
    );
    expect(verdict.passed).toBe(true);
    expect(verdict.tests.map((test) => test.fullName)).toEqual(['one', 'keeps retention']);
  });

  it('fails a clause whose evidence failed, is missing, or whose template values break it', () => {
    const failing = judgeClauses([clause()], [{ file: 'test/a.test.ts', fullName: 'one', status: 'failed' }]);
    const missing = judgeClauses([clause()], []);
    const violated = judgeClauses([clause({ violations: ['table usage keeps 125 days'] })], [passed('test/a.test.ts', 'one')]);
    expect([failing[0].passed, missing[0].passed, violated[0].passed]).toEqual([false, false, false]);
    const report = renderReport([...failing, ...missing, ...violated], 'commit abc');
    expect(report).toContain('DOES NOT HOLD');
    expect(report).toContain('none found: the clause lacks evidence');
    expect(report).toContain('table usage keeps 125 days');
  });
});
