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

  it('fails a clause when one of its evidence sources matched no test (a renamed or deleted test)', () => {
    const [verdict] = judgeClauses([clause()], [passed('test/a.test.ts', 'one'), passed('test/b.test.ts', 'something else')]);
    expect(verdict.passed).toBe(false);
    expect(verdict.missing).toEqual([{ file: 'test/b.test.ts', name: /retention/ }]);
    expect(renderReport([verdict], 'commit abc')).toContain('- MISSING: no test in `test/b.test.ts` named like /retention/ ran');
  });

  it('says in the verdict when a clause holds only under a deployment setting', () => {
    const verdicts = judgeClauses(
      [clause({ holdsOnlyWhen: 'a custom domain is set: the default certificate allows TLS 1.0' })],
      [passed('test/a.test.ts', 'one'), passed('test/b.test.ts', 'retention')],
    );
    const report = renderReport(verdicts, 'commit abc');
    expect(report).toContain('| yes, only when a custom domain is set |');
    expect(report).toContain('**Holds only when a custom domain is set: the default certificate allows TLS 1.0.**');
  });

  it('lists the cases of a parameterised test once, with their count', () => {
    const verdicts = judgeClauses(
      [clause({ evidence: [{ file: 'test/a.test.ts' }] })],
      [passed('test/a.test.ts', 'same name'), passed('test/a.test.ts', 'same name'), passed('test/a.test.ts', 'other')],
    );
    const report = renderReport(verdicts, 'commit abc');
    expect(report).toContain('- pass: `test/a.test.ts` — same name (2 cases)\n- pass: `test/a.test.ts` — other\n');
    expect(report).toContain('| 3/3 passed |');
  });
});
