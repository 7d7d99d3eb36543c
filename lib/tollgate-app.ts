import { Duration, Validations, type App } from 'aws-cdk-lib';
import type { TollgateConfig } from './config';
import { EdgeStack } from './edge-stack';
import { GatewayStack, MAX_BODY_BYTES } from './gateway-stack';
import { RetentionCheckPlugin } from './privacy/retention-check-plugin';

export interface TollgateStacks {
  readonly edge: EdgeStack;
  readonly gateway: GatewayStack;
}

/**
 * Adds the edge stack (us-east-1) and the gateway stack (operator's region), joined by cross-region references,
 * and the retention check that makes synthesis fail when a template would keep data longer than promised.
 */
export function addTollgateStacks(app: App, config: TollgateConfig): TollgateStacks {
  Validations.of(app).addPlugins(new RetentionCheckPlugin());
  const edge = new EdgeStack(app, `${config.stackName}-Edge`, {
    env: { account: config.account, region: 'us-east-1' },
    crossRegionReferences: true,
    description: 'Tollgate edge: CloudFront WAF web ACL and certificate (us-east-1)',
    maxBodyBytes: MAX_BODY_BYTES,
    requestsPerIpPer5Minutes: config.requestsPerIpPer5Minutes,
    logRetention: config.logRetention,
    domainName: config.domainName,
    hostedZone: config.hostedZone,
  });
  const gateway = new GatewayStack(app, config.stackName, {
    env: { account: config.account, region: config.region },
    crossRegionReferences: true,
    description: 'Tollgate LLM gateway: API, functions, tables, secrets, CloudFront, alarms',
    webAclArn: edge.webAclArn,
    customDomain:
      config.domainName !== undefined && edge.certificate !== undefined
        ? { domainName: config.domainName, certificate: edge.certificate, hostedZone: config.hostedZone }
        : undefined,
    defaultRequestsPerMinute: config.defaultRequestsPerMinute,
    defaultTokensPerMinute: config.defaultTokensPerMinute,
    logRetention: config.logRetention,
    alarmEmail: config.alarmEmail,
    deletionProtection: config.deletionProtection,
    apiRateLimit: config.apiRateLimit,
    apiBurstLimit: config.apiBurstLimit,
    originReadTimeout: Duration.seconds(config.originReadTimeoutSeconds),
    originVerifyGeneration: config.originVerifyGeneration,
    arkEndpointIds: config.arkEndpointIds,
    upstreamKeysSecretArn: config.upstreamKeysSecretArn,
    inferenceProvisionedConcurrency: config.inferenceProvisionedConcurrency,
    accountReservedConcurrency: config.accountReservedConcurrency,
    concurrencyAlarmThreshold: config.concurrencyAlarmThreshold,
  });
  return { edge, gateway };
}
