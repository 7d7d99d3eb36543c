/**
 * `npm run privacy-report`: synthesizes both stacks as `cdk synth` does, runs the tests that prove each clause of the
 * privacy policy, and writes docs/PRIVACY-REPORT.md (lib/privacy/privacy-report.ts). Exits 1 when a clause does not
 * hold: a template or code value breaks it, or its tests are missing or fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { readConfig } from '../lib/config';
import { judgeClauses, privacyClauses, renderReport, type StackTemplate, type TestOutcome } from '../lib/privacy/privacy-report';
import { isRecord, parseTemplate } from '../lib/privacy/template-values';
import { addTollgateStacks } from '../lib/tollgate-app';

const ROOT = path.join(__dirname, '..');
const REPORT = path.join(ROOT, 'docs', 'PRIVACY-REPORT.md');

interface JestJson {
  readonly testResults: ReadonlyArray<{
    readonly name: string;
    readonly assertionResults: ReadonlyArray<{ readonly fullName: string; readonly status: TestOutcome['status'] }>;
  }>;
}

/** A custom domain for the second synthesis (example names: nothing is looked up at synth). */
const CUSTOM_DOMAIN_CONTEXT = {
  'tollgate:domainName': 'llm.example.com',
  'tollgate:hostedZoneId': 'Z0123456789ABCDEFGHIJ',
  'tollgate:hostedZoneName': 'example.com',
};

/** Both stacks as `cdk synth` makes them from cdk.json, with `extraContext` on top. */
function synthesize(outdir: string, extraContext: Record<string, string> = {}): StackTemplate[] {
  const parsed: unknown = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8'));
  const context = { ...(isRecord(parsed) && isRecord(parsed.context) ? parsed.context : {}), ...extraContext };
  const app = new App({ outdir, context });
  const { edge, gateway } = addTollgateStacks(app, readConfig(app.node));
  const assembly = app.synth();
  return [edge, gateway].map((stack) => ({
    stack: stack.stackName,
    template: parseTemplate(readFileSync(path.join(assembly.directory, stack.templateFile), 'utf8')),
  }));
}

function runEvidence(files: readonly string[], outputFile: string): TestOutcome[] {
  const jest = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--silent', '--json', `--outputFile=${outputFile}`, '--runTestsByPath', ...files],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: process.env },
  );
  if (jest.error) throw jest.error;
  const parsed: unknown = JSON.parse(readFileSync(outputFile, 'utf8'));
  // jest's own --json output, written just now.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
  const results = parsed as JestJson;
  return results.testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({ file: path.relative(ROOT, file.name), fullName: test.fullName, status: test.status })),
  );
}

function main(): void {
  const work = mkdtempSync(path.join(tmpdir(), 'tollgate-privacy-report-'));
  try {
    process.stderr.write('Synthesizing both stacks, as configured and with a custom domain...\n');
    const clauses = privacyClauses(
      synthesize(path.join(work, 'cdk.out')),
      synthesize(path.join(work, 'cdk.out.domain'), CUSTOM_DOMAIN_CONTEXT),
    );
    const files = [...new Set(clauses.flatMap((clause) => clause.evidence.map((source) => source.file)))];
    process.stderr.write(`Running the ${files.length} test files that are the evidence...\n`);
    const verdicts = judgeClauses(clauses, runEvidence(files, path.join(work, 'jest.json')));
    let commit = 'the working tree';
    try {
      commit = `commit ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()}`;
    } catch {
      // Not a git checkout: say "the working tree".
    }
    writeFileSync(REPORT, renderReport(verdicts, commit));
    for (const verdict of verdicts) {
      const holds = verdict.clause.holdsOnlyWhen ? `holds only when ${verdict.clause.holdsOnlyWhen.split(': ')[0]}:` : 'holds  ';
      process.stdout.write(`${verdict.passed ? holds : 'FAILS  '} ${verdict.clause.policy}\n`);
      for (const source of verdict.missing)
        process.stdout.write(`        missing evidence: ${source.file} ${source.name ? String(source.name) : ''}\n`);
      for (const violation of verdict.clause.violations) process.stdout.write(`        violation: ${violation}\n`);
    }
    process.stdout.write(`Wrote ${path.relative(ROOT, REPORT)}\n`);
    process.exitCode = verdicts.every((verdict) => verdict.passed) ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
