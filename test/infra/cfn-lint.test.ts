import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { synthesize } from './support/synthesize';

/**
 * cfn-lint (AWS's CloudFormation linter) on every template the app synthesizes, in the configurations that change
 * what is in them. No finding is accepted: fix it, or suppress it in the app with a reason next to the suppression.
 */
const CONFIGURATIONS: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['the defaults of cdk.json', {}],
  ['the gateway in us-east-1, beside its edge stack', { 'tollgate:region': 'us-east-1' }],
  [
    'every option set (custom domain and zone, alarm e-mail, provisioned concurrency, no reserved concurrency, rotated origin-verify value)',
    {
      'tollgate:domainName': 'llm.example.com',
      'tollgate:hostedZoneId': 'Z0123456789ABCDEFGHIJ',
      'tollgate:hostedZoneName': 'example.com',
      'tollgate:alarmEmail': 'ops@example.com',
      'tollgate:inferenceProvisionedConcurrency': '2',
      'tollgate:accountReservedConcurrency': '0',
      'tollgate:originVerifyGeneration': '2',
      'tollgate:deletionProtection': 'false',
    },
  ],
];

const CFN_LINT = process.env.CFN_LINT ?? 'cfn-lint';
const version = spawnSync(CFN_LINT, ['--version'], { encoding: 'utf8' });
const available = version.status === 0;
if (!available) {
  // Shown once in the test output: the one place a check of this suite may be skipped.
  console.warn(
    `cfn-lint was not found (${CFN_LINT}): the CloudFormation lint of the synthesized templates is SKIPPED. Install it (pip install cfn-lint) to run it; CI (.ci/run) requires it.`,
  );
}

(available ? describe : describe.skip)(`cfn-lint (${version.stdout?.trim()})`, () => {
  it.each(CONFIGURATIONS)('finds nothing in the templates of %s', (_name, context) => {
    const synthesized = synthesize(context);
    const assembly = synthesized.app.synth();
    const findings = assembly.stacks.flatMap((stack) => {
      const result = spawnSync(
        CFN_LINT,
        // The template first: --regions takes several values.
        [path.join(assembly.directory, stack.templateFile), '--format', 'parseable', '--regions', stack.environment.region],
        { encoding: 'utf8' },
      );
      const lines = `${result.stdout}${result.stderr}`.split('\n').filter(Boolean);
      if (result.status !== 0 && lines.length === 0) lines.push(`cfn-lint exited with ${result.status} on ${stack.stackName}`);
      return lines.map((line) => `${stack.stackName}: ${line.replace(assembly.directory, '')}`);
    });
    expect(findings).toEqual([]);
  });
});
