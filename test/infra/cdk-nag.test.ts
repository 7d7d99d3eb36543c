import { Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthesize, type Synthesized } from './support/synthesize';

function findings(scope: Synthesized['app']): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
  );
}

describe('cdk-nag AwsSolutions', () => {
  let synthesized: Synthesized;

  beforeAll(() => {
    // The fullest configuration: custom domain with hosted zone, alarm e-mail, a rotated origin-verify value, gateway outside us-east-1.
    synthesized = synthesize({
      'tollgate:domainName': 'llm.example.com',
      'tollgate:hostedZoneId': 'Z0123456789ABCDEFGHIJ',
      'tollgate:hostedZoneName': 'example.com',
      'tollgate:alarmEmail': 'ops@example.com',
      'tollgate:originVerifyGeneration': '2',
    });
  });

  it('leaves no unacknowledged finding anywhere in the app', () => {
    expect(findings(synthesized.app)).toEqual([]);
  });

  it('leaves no unacknowledged finding with the defaults (no custom domain, gateway in us-east-1)', () => {
    expect(findings(synthesize({ 'tollgate:region': 'us-east-1' }).app)).toEqual([]);
  });

  it('still reports findings that nobody acknowledged (the check is live)', () => {
    const topic = new Topic(synthesized.gateway, 'UnacknowledgedTopic');
    try {
      expect(findings(synthesized.app)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^AwsSolutions-SNS3 at .*UnacknowledgedTopic/)]),
      );
    } finally {
      synthesized.gateway.node.tryRemoveChild(topic.node.id);
    }
  });

  it('gives every acknowledgement a specific reason', () => {
    const reasons: string[] = [];
    for (const construct of synthesized.app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          reasons.push(...Object.values(entry.data as Record<string, string>));
      }
    }
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.filter((reason) => typeof reason !== 'string' || reason.length < 60)).toEqual([]);
  });
});
