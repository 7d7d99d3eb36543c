import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkSync } from 'recheck';
import * as ts from 'typescript';

/** Every regular-expression literal in the runtime code (`lambda/`), with where it is. */
function regexLiterals(): Array<{ where: string; source: string; flags: string }> {
  const root = path.join(__dirname, '..', '..', '..', 'lambda');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  const found: Array<{ where: string; source: string; flags: string }> = [];
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(sourceFile);
        const end = literal.lastIndexOf('/');
        const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
        found.push({ where: `lambda/${file}:${line}`, source: literal.slice(1, end), flags: literal.slice(end + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

/**
 * Patterns recheck flags that never see request or upstream data, with why their input is bounded.
 * Keyed by file and pattern, so that a change to either is checked again.
 */
const BOUNDED_INPUT: Readonly<Record<string, string>> = {
  'lambda/cli/output.ts /(\\.\\d\\d\\d*?)0+$/': 'the operator CLI, on Number#toFixed(<= 9) output of a cost: under 30 characters',
  'lambda/local/processes.ts /^\\s*(\\d+)\\s+(\\d+)\\s+(.*)$/': 'npm start, on the lines of `ps -eo pid=,ppid=,args=` on the local machine',
};

/**
 * ReDoS check of every regex the functions run (on request data, upstream data or configuration):
 * recheck (automaton analysis, then fuzzing) must prove each one free of super-linear backtracking.
 * The code builds no regex at run time (`new RegExp`), which the second test keeps true.
 */
describe('regular expressions in lambda/', () => {
  const literals = regexLiterals();

  it('are found (the scan works), and the exceptions still exist', () => {
    expect(literals.length).toBeGreaterThan(10);
    expect(literals.map((literal) => literal.source)).toContain('^[A-Za-z0-9+/_-]*={0,2}$');
    const present = new Set(literals.map(({ where, source }) => `${where.replace(/:\d+$/, '')} /${source}/`));
    expect(Object.keys(BOUNDED_INPUT).filter((exception) => !present.has(exception))).toEqual([]);
  });

  it('are all literals: no pattern is built at run time', () => {
    const root = path.join(__dirname, '..', '..', '..', 'lambda');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(files.filter((file) => /\bnew RegExp\(|\bRegExp\(/.test(readFileSync(path.join(root, file), 'utf8')))).toEqual([]);
  });

  it('are each safe from catastrophic backtracking (recheck)', () => {
    const unsafe = literals
      .map((literal) => ({ ...literal, diagnostics: checkSync(literal.source, literal.flags, { timeout: 10_000 }) }))
      .filter(({ diagnostics }) => diagnostics.status !== 'safe')
      .filter(({ where, source }) => BOUNDED_INPUT[`${where.replace(/:\d+$/, '')} /${source}/`] === undefined)
      .map(({ where, source, diagnostics }) => ({
        where,
        source,
        status: diagnostics.status,
        complexity: diagnostics.status === 'vulnerable' ? diagnostics.complexity : undefined,
      }));
    expect(unsafe).toEqual([]);
  }, 600_000);
});
