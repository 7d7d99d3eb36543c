import { RemovalPolicy, Stack, ArnFormat } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { bodyTooLargeBody, edgeErrorBody } from '../../lambda/protocols/edge-error-body';
import { greaterThanPattern } from './content-length-pattern';

export interface EdgeWebAclProps {
  /** Largest request body accepted, in bytes; larger declared `content-length` values are blocked. */
  readonly maxBodyBytes: number;
  /** Requests one client IP may make in any 5-minute window before it is blocked. */
  readonly requestsPerIpPer5Minutes: number;
  /** Retention of the WAF log group. */
  readonly logRetention: RetentionDays;
}

/**
 * Body rules of the managed groups that would block ordinary LLM traffic, set to Count.
 * Prompts routinely contain code, file paths, URLs and HTML; Tollgate forwards bodies as JSON and never renders,
 * opens or fetches anything from them, so these body rules have no sink to protect here. Header, URI and query
 * rules of the same groups still block. `SizeRestrictions_BODY` blocks everything over 8 KB (not tunable).
 */
export const COUNTED_COMMON_RULES = [
  'SizeRestrictions_BODY',
  'CrossSiteScripting_BODY',
  'GenericLFI_BODY',
  'GenericRFI_BODY',
  'EC2MetaDataSSRF_BODY',
] as const;

/** See {@link COUNTED_COMMON_RULES}: code that discusses Log4Shell or Java serialization is a legitimate prompt. */
export const COUNTED_KNOWN_BAD_INPUTS_RULES = ['Log4JRCE_BODY', 'JavaDeserializationRCE_BODY'] as const;

/** Request fields never written to WAF logs: every way a caller can send an API key. */
export const REDACTED_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key'] as const;

/**
 * Web-ACL-level data protection: what AWS WAF stores about a request (logs, sampled requests, Security Lake) carries
 * `REDACTED` instead of the body (prompts), the credential headers and the query string. Without it, a request that
 * matches a body rule (e.g. `CrossSiteScripting_BODY`, even only counted) is logged with `ruleMatchDetails[].matchedData`,
 * fragments of the prompt. `excludeRuleMatchDetails` / `excludeRateBasedDetails` stay false: set to true they would
 * exempt those details from the protection and show the raw values again.
 * Source: AWS WAF Developer Guide, "Data protection", "Data protection exceptions"; API reference `DataProtection`,
 * `FieldToProtect` (field types BODY, SINGLE_HEADER with keys, QUERY_STRING; action SUBSTITUTION writes `REDACTED`,
 * HASH a SHA-256 of account number + value, which would still identify a key or prompt across requests).
 */
export function requestDataProtection(): CfnWebACL.DataProtectionConfigProperty {
  const substitute = (field: CfnWebACL.FieldToProtectProperty): CfnWebACL.DataProtectProperty => ({
    field,
    action: 'SUBSTITUTION',
    excludeRuleMatchDetails: false,
    excludeRateBasedDetails: false,
  });
  return {
    dataProtections: [
      substitute({ fieldType: 'BODY' }),
      substitute({ fieldType: 'SINGLE_HEADER', fieldKeys: [...REDACTED_HEADERS] }),
      substitute({ fieldType: 'QUERY_STRING' }),
    ],
  };
}

/** Keys of the web ACL's custom response bodies. */
const TOO_LARGE_BODY = 'BodyTooLarge';
const RATE_LIMITED_BODY = 'RateLimited';

/**
 * The JSON bodies the edge answers its own blocks with: one shape that the OpenAI, Anthropic and Gemini SDKs all
 * parse (`lambda/protocols/edge-error-body.ts`), since the WAF cannot tell the caller's protocol.
 */
function customResponseBodies(
  maxBodyBytes: number,
  requestsPerIpPer5Minutes: number,
): Record<string, CfnWebACL.CustomResponseBodyProperty> {
  const json = (body: unknown): CfnWebACL.CustomResponseBodyProperty => ({
    contentType: 'APPLICATION_JSON',
    content: JSON.stringify(body),
  });
  return {
    [TOO_LARGE_BODY]: json(bodyTooLargeBody(maxBodyBytes)),
    [RATE_LIMITED_BODY]: json(
      edgeErrorBody(
        429,
        'rate_limited',
        `Too many requests from this address: at most ${requestsPerIpPer5Minutes} in 5 minutes. Retry after a short wait.`,
      ),
    ),
  };
}

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  // Sampled requests keep full headers (API keys) for three hours in the console: off.
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: false };
}

function managedGroup(name: string, priority: number, countedRules: readonly string[]): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ruleActionOverrides: countedRules.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
      },
    },
    visibilityConfig: visibility(name),
  };
}

/**
 * The CLOUDFRONT-scope web ACL (must be created in us-east-1): IP reputation, a per-IP rate limit,
 * a body-size limit, the AWS common and known-bad-inputs rule groups, data protection for bodies and credentials,
 * and logging of blocked requests only, with credentials redacted.
 */
export class EdgeWebAcl extends Construct {
  public readonly webAcl: CfnWebACL;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('TollgateEdge'),
      dataProtectionConfig: requestDataProtection(),
      customResponseBodies: customResponseBodies(props.maxBodyBytes, props.requestsPerIpPer5Minutes),
      rules: [
        managedGroup('AWSManagedRulesAmazonIpReputationList', 0, []),
        {
          name: 'RateLimitPerIp',
          priority: 1,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: RATE_LIMITED_BODY,
                // The window is 5 minutes; a minute's wait usually lets some requests through again.
                responseHeaders: [{ name: 'retry-after', value: '60' }],
              },
            },
          },
          statement: {
            rateBasedStatement: { limit: props.requestsPerIpPer5Minutes, evaluationWindowSec: 300, aggregateKeyType: 'IP' },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        {
          name: 'BodyTooLarge',
          priority: 2,
          // The same limit and the same 413 as the function's own check, in a body every SDK parses.
          action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: TOO_LARGE_BODY } } },
          statement: {
            regexMatchStatement: {
              fieldToMatch: { singleHeader: { Name: 'content-length' } },
              regexString: greaterThanPattern(props.maxBodyBytes),
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          visibilityConfig: visibility('BodyTooLarge'),
        },
        managedGroup('AWSManagedRulesCommonRuleSet', 3, COUNTED_COMMON_RULES),
        managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 4, COUNTED_KNOWN_BAD_INPUTS_RULES),
      ],
    });

    // WAF requires the destination name to start with `aws-waf-logs-` and the ARN without the trailing `:*`.
    const logGroupName = `aws-waf-logs-${stack.stackName}`;
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logging = new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ],
      redactedFields: [...REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })), { queryString: {} }],
      // Keep only blocked requests: nothing about ordinary traffic, and none of the many legitimate prompts that the
      // counted body rules match. Bodies in what is kept are replaced by the web ACL's data protection.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
      },
    });
    logging.node.addDependency(this.logGroup);
  }
}
