import { App } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EdgeStack } from '../../lib/edge-stack';
import { loadConfig } from '../../lambda/config/environment';
import { bodyTooLargeBody } from '../../lambda/protocols/edge-error-body';
import { synthesize, type Synthesized } from './support/synthesize';

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.edgeTemplate;
});

/** A custom response body of the web ACL, parsed (it must be JSON). */
function customBody(key: string): unknown {
  const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0];
  const body = acl.Properties.CustomResponseBodies[key] as { ContentType: string; Content: string };
  expect(body.ContentType).toBe('APPLICATION_JSON');
  return JSON.parse(body.Content);
}

function ruleNamed(name: string): Record<string, unknown> {
  const acls = Object.values(template.findResources('AWS::WAFv2::WebACL'));
  const rules = acls.flatMap((acl) => acl.Properties.Rules as Array<Record<string, unknown>>);
  const rule = rules.find((candidate) => candidate.Name === name);
  if (!rule) throw new Error(`no WAF rule ${name}; rules: ${rules.map((candidate) => candidate.Name).join(', ')}`);
  return rule;
}

interface DataProtect {
  readonly Field: { readonly FieldType: string; readonly FieldKeys?: string[] };
  readonly Action: string;
  readonly ExcludeRuleMatchDetails?: boolean;
  readonly ExcludeRateBasedDetails?: boolean;
}

/** The data protections of the edge web ACL (fails when it has none). */
function dataProtections(): DataProtect[] {
  const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0];
  const protections = acl.Properties.DataProtectionConfig?.DataProtections as DataProtect[] | undefined;
  expect(protections).toBeDefined();
  return protections!;
}

describe('edge stack', () => {
  it('lives in us-east-1, where CloudFront web ACLs and certificates must be', () => {
    expect(synthesized.edge.region).toBe('us-east-1');
  });

  it('refuses any other region', () => {
    const app = new App();
    expect(
      () =>
        new EdgeStack(app, 'Edge', {
          env: { region: 'eu-west-1' },
          maxBodyBytes: 1000,
          requestsPerIpPer5Minutes: 100,
          logRetention: RetentionDays.ONE_WEEK,
        }),
    ).toThrow(/us-east-1/);
  });

  it('creates one web ACL with CLOUDFRONT scope', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('counts instead of blocking SizeRestrictions_BODY in the common rule set', () => {
    expect(ruleNamed('AWSManagedRulesCommonRuleSet')).toMatchObject({
      OverrideAction: { None: {} },
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          RuleActionOverrides: expect.arrayContaining([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]),
        },
      },
    });
  });

  it('answers bodies declared larger than the functions accept (the same limit) with a 413 every SDK parses', () => {
    const rule = ruleNamed('BodyTooLarge') as {
      Action: { Block: { CustomResponse: { ResponseCode: number; CustomResponseBodyKey: string } } };
      Statement: { RegexMatchStatement: { RegexString: string; FieldToMatch: unknown } };
    };
    expect(rule.Statement.RegexMatchStatement.FieldToMatch).toEqual({ SingleHeader: { Name: 'content-length' } });
    const pattern = new RegExp(rule.Statement.RegexMatchStatement.RegexString);
    const limit = loadConfig({}).maxBodyBytes;
    expect([pattern.test(String(limit)), pattern.test(String(limit + 1)), pattern.test('200000')]).toEqual([false, true, false]);
    expect(rule.Action.Block.CustomResponse.ResponseCode).toBe(413);
    const body = customBody(rule.Action.Block.CustomResponse.CustomResponseBodyKey);
    expect(body).toEqual(bodyTooLargeBody(limit));
  });

  it('answers the per-IP rate limit with a 429 JSON body and retry-after', () => {
    const rule = ruleNamed('RateLimitPerIp') as {
      Action: { Block: { CustomResponse: { ResponseCode: number; CustomResponseBodyKey: string; ResponseHeaders: unknown } } };
    };
    expect(rule.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429, ResponseHeaders: [{ Name: 'retry-after', Value: '60' }] });
    expect(customBody(rule.Action.Block.CustomResponse.CustomResponseBodyKey)).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', code: 429, status: 'RESOURCE_EXHAUSTED', message: expect.stringContaining('3000 in 5 minutes') },
    });
  });

  it.each(['AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'])('uses the managed rule group %s', (name) => {
    expect(ruleNamed(name)).toMatchObject({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } } });
  });

  it('limits requests per client IP with a rate-based rule', () => {
    expect(ruleNamed('RateLimitPerIp')).toMatchObject({
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 3000, EvaluationWindowSec: 300 } },
    });
  });

  it('keeps no sampled requests (they would hold API keys in full)', () => {
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0];
    const configs = [
      acl.Properties.VisibilityConfig,
      ...acl.Properties.Rules.map((rule: { VisibilityConfig: unknown }) => rule.VisibilityConfig),
    ];
    expect(configs.filter((config: { SampledRequestsEnabled: boolean }) => config.SampledRequestsEnabled !== false)).toEqual([]);
  });

  it('logs to an aws-waf-logs- log group with every credential header and the query string redacted', () => {
    const destination = new Capture();
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LogDestinationConfigs: [destination],
      RedactedFields: Match.arrayEquals([
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'x-api-key' } },
        { SingleHeader: { Name: 'x-goog-api-key' } },
        { QueryString: {} },
      ]),
    });
    // WAF wants the log-group ARN without the trailing `:*` that CloudWatch's own Arn attribute carries.
    expect(destination.asString()).toMatch(/:log-group:aws-waf-logs-Tollgate-Edge$/);
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-Tollgate-Edge', RetentionInDays: 30 });
  });

  it('logs only requests a rule blocked (no counted or allowed request)', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LoggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
      },
    });
  });

  it('replaces the request body with REDACTED in everything WAF stores about a request', () => {
    expect(dataProtections().filter((protection) => protection.Field.FieldType === 'BODY')).toEqual([
      { Field: { FieldType: 'BODY' }, Action: 'SUBSTITUTION', ExcludeRuleMatchDetails: false, ExcludeRateBasedDetails: false },
    ]);
  });

  it('replaces every credential header and the query string with REDACTED', () => {
    const protections = dataProtections().filter((protection) => protection.Field.FieldType !== 'BODY');
    expect(protections).toEqual([
      {
        Field: { FieldType: 'SINGLE_HEADER', FieldKeys: ['authorization', 'x-api-key', 'x-goog-api-key'] },
        Action: 'SUBSTITUTION',
        ExcludeRuleMatchDetails: false,
        ExcludeRateBasedDetails: false,
      },
      { Field: { FieldType: 'QUERY_STRING' }, Action: 'SUBSTITUTION', ExcludeRuleMatchDetails: false, ExcludeRateBasedDetails: false },
    ]);
  });

  it('exempts no rule-match or rate-based details from data protection (an exemption would log the raw values)', () => {
    const exemptions = dataProtections().filter(
      (protection) => protection.ExcludeRuleMatchDetails !== false || protection.ExcludeRateBasedDetails !== false,
    );
    expect(exemptions).toEqual([]);
  });

  it('issues no certificate without a custom domain', () => {
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });
});

describe('WAF request data across the app', () => {
  it('gives every web ACL that has a logging configuration the body data protection', () => {
    const unprotected: string[] = [];
    for (const stackTemplate of [synthesized.edgeTemplate, synthesized.gatewayTemplate]) {
      const resources = stackTemplate.toJSON().Resources as Record<string, { Properties: Record<string, any> }>;
      for (const logging of Object.values(stackTemplate.findResources('AWS::WAFv2::LoggingConfiguration'))) {
        const aclId = logging.Properties.ResourceArn['Fn::GetAtt'][0] as string;
        const protections = (resources[aclId].Properties.DataProtectionConfig?.DataProtections ?? []) as DataProtect[];
        if (!protections.some((protection) => protection.Field.FieldType === 'BODY' && protection.ExcludeRuleMatchDetails === false))
          unprotected.push(aclId);
      }
    }
    expect(unprotected).toEqual([]);
  });
});
