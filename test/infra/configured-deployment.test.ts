import { Match, type Template } from 'aws-cdk-lib/assertions';
import { logicalId, synthesize, type Synthesized } from './support/synthesize';

/**
 * Every optional setting given: custom domain with a hosted zone, alarm e-mail, no deletion protection, 60-day logs,
 * a rotated origin-verify value, an existing upstream-keys secret.
 */
const UPSTREAM_KEYS_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tollgate/upstream-keys-AbC123';
const CONTEXT = {
  'tollgate:stackName': 'Llm',
  'tollgate:domainName': 'llm.example.com',
  'tollgate:hostedZoneId': 'Z0123456789ABCDEFGHIJ',
  'tollgate:hostedZoneName': 'example.com',
  'tollgate:alarmEmail': 'ops@example.com',
  'tollgate:deletionProtection': 'false',
  'tollgate:logRetentionDays': '60',
  'tollgate:defaultRequestsPerMinute': '30',
  'tollgate:requestsPerIpPer5Minutes': '500',
  'tollgate:originVerifyGeneration': '2',
  'tollgate:upstreamKeysSecretArn': UPSTREAM_KEYS_ARN,
  'tollgate:inferenceProvisionedConcurrency': '2',
  'tollgate:accountReservedConcurrency': '0',
  'tollgate:concurrencyAlarmThreshold': '400',
};

let synthesized: Synthesized;
let gateway: Template;
let edge: Template;

beforeAll(() => {
  synthesized = synthesize(CONTEXT);
  gateway = synthesized.gatewayTemplate;
  edge = synthesized.edgeTemplate;
});

describe('a deployment with every option set', () => {
  it('uses the existing upstream-keys secret: creates none, gives its ARN to the inference function, lets it read it', () => {
    const upstreamSecrets = Object.values(gateway.findResources('AWS::SecretsManager::Secret')).filter((secret) =>
      String(secret.Properties.Description).includes('upstream'),
    );
    expect(upstreamSecrets).toEqual([]);
    gateway.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TOLLGATE_UPSTREAM_KEYS_SECRET: UPSTREAM_KEYS_ARN }) },
    });
    gateway.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['secretsmanager:GetSecretValue']), Resource: UPSTREAM_KEYS_ARN }),
        ]),
      },
    });
    expect(gateway.toJSON().Outputs.UpstreamKeysSecretArn.Value).toBe(UPSTREAM_KEYS_ARN);
  });

  it('keeps two execution environments of the inference function initialised on its live alias', () => {
    gateway.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionName: { Ref: logicalId(synthesized.gateway.functions.inference) },
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
  });

  it('reserves no concurrency when told 0, and alarms at the configured account-wide concurrency', () => {
    const account = gateway.toJSON().Resources[logicalId(synthesized.gateway.functions.account)];
    expect(account.Properties.ReservedConcurrentExecutions).toBeUndefined();
    gateway.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ConcurrentExecutions',
      Dimensions: Match.absent(),
      Threshold: 400,
    });
    expect(
      gateway.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ConcurrentExecutions', Dimensions: Match.anyValue() } }),
    ).toEqual({});
  });

  it('names the stacks after tollgate:stackName', () => {
    expect([synthesized.gateway.stackName, synthesized.edge.stackName]).toEqual(['Llm', 'Llm-Edge']);
  });

  it('issues a DNS-validated certificate in the us-east-1 edge stack', () => {
    edge.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'llm.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'llm.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
  });

  it('serves the custom domain with TLS 1.3 only (TLSv1.3_2025) over SNI', () => {
    gateway.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['llm.example.com'],
        ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.3_2025', SslSupportMethod: 'sni-only', AcmCertificateArn: Match.anyValue() },
      },
    });
  });

  it('points IPv4 and IPv6 alias records at the distribution', () => {
    for (const type of ['A', 'AAAA']) {
      gateway.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'llm.example.com.',
        Type: type,
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        AliasTarget: Match.objectLike({
          DNSName: { 'Fn::GetAtt': [logicalId(synthesized.gateway.distribution.distribution), 'DomainName'] },
        }),
      });
    }
  });

  it('gives the custom domain as the API URL', () => {
    gateway.hasOutput('ApiUrl', { Value: 'https://llm.example.com' });
  });

  it('subscribes the alarm e-mail to the alarm topic', () => {
    gateway.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: logicalId(synthesized.gateway.alarms.topic) },
    });
  });

  it('lets the tables be deleted with the stack when deletion protection is off', () => {
    for (const table of Object.values(gateway.findResources('AWS::DynamoDB::GlobalTable'))) {
      expect([table.DeletionPolicy, table.Properties.Replicas[0].DeletionProtectionEnabled]).toEqual(['Delete', false]);
    }
  });

  it('applies the configured log retention to every log group in both stacks', () => {
    const retentions = [gateway, edge].flatMap((template) =>
      Object.values(template.findResources('AWS::Logs::LogGroup')).map((group) => group.Properties.RetentionInDays),
    );
    expect(retentions.length).toBeGreaterThanOrEqual(4);
    expect(retentions).toEqual(retentions.map(() => 60));
  });

  it('passes the default limits to the functions', () => {
    const functions = gateway.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { TOLLGATE_DEFAULT_RPM: '30' } } },
    });
    expect(Object.keys(functions)).toHaveLength(2);
  });

  it('uses the configured per-IP rate limit at the edge', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'RateLimitPerIp', Statement: { RateBasedStatement: Match.objectLike({ Limit: 500 }) } }),
      ]),
    });
  });

  it("reads the edge stack's web ACL and certificate across regions, after deploying it", () => {
    expect([synthesized.edge.region, synthesized.gateway.region]).toEqual(['us-east-1', 'eu-west-1']);
    const fromEdge = { 'Fn::GetStackOutput': { StackName: 'Llm-Edge', Region: 'us-east-1', OutputName: Match.anyValue() } };
    gateway.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { WebACLId: fromEdge, ViewerCertificate: Match.objectLike({ AcmCertificateArn: fromEdge }) },
    });
    expect(synthesized.gateway.dependencies).toContain(synthesized.edge);
  });

  it('sends the new origin-verify value from CloudFront after a rotation', () => {
    gateway.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: [
          Match.objectLike({
            OriginCustomHeaders: [
              {
                HeaderName: 'x-origin-verify',
                HeaderValue: { 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(synthesized.gateway.secrets.originVerify) }])] },
              },
            ],
          }),
        ],
      },
    });
  });

  it('accepts the new and the previous origin-verify values at the origin guard, so nothing fails while CloudFront propagates', () => {
    const accepted = synthesized.gateway.secrets.acceptedOriginVerify.map((secret) => ({
      ByteMatchStatement: Match.objectLike({
        FieldToMatch: { SingleHeader: { Name: 'x-origin-verify' } },
        SearchString: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: logicalId(secret) }, ':SecretString:::}}']] },
      }),
    }));
    expect(accepted).toHaveLength(2);
    gateway.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: [Match.objectLike({ Action: { Allow: {} }, Statement: { OrStatement: { Statements: accepted } } })],
    });
    // The two origin-verify generations; the upstream keys live in the operator's existing secret.
    gateway.resourceCountIs('AWS::SecretsManager::Secret', 2);
  });

  it('updates CloudFront only after the origin guard', () => {
    const distribution = gateway.toJSON().Resources[logicalId(synthesized.gateway.distribution.distribution)];
    expect(distribution.DependsOn).toContain(logicalId(synthesized.gateway.originGuard.webAcl));
  });
});
