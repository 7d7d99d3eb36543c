import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { loadConfig } from '../lambda/config/environment';
import { GatewayApi } from './api/gateway-api';
import { OriginGuard } from './api/origin-guard';
import { GatewayTables } from './data/gateway-tables';
import { GatewayDistribution } from './distribution/gateway-distribution';
import { GatewayFunctions } from './functions/gateway-functions';
import { GatewayAlarms } from './observability/gateway-alarms';
import { GatewayDashboard } from './observability/gateway-dashboard';
import { GatewaySecrets, ORIGIN_VERIFY_HEADER } from './secrets/gateway-secrets';

export interface GatewayStackProps extends StackProps {
  /** ARN of the CLOUDFRONT-scope web ACL from the edge stack. */
  readonly webAclArn: string;
  /** Custom domain and its us-east-1 certificate from the edge stack. @default none */
  readonly customDomain?: {
    readonly domainName: string;
    readonly certificate: ICertificate;
    readonly hostedZone?: { readonly id: string; readonly name: string };
  };
  readonly defaultRequestsPerMinute: number;
  readonly defaultTokensPerMinute: number;
  readonly logRetention: RetentionDays;
  readonly alarmEmail?: string;
  readonly deletionProtection: boolean;
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
  readonly originReadTimeout: Duration;
  /** Generation of the origin-verify value; raise it by one to rotate. @default 1 */
  readonly originVerifyGeneration?: number;
  /** Ark inference endpoint ids the gateway serves. @default none */
  readonly arkEndpointIds?: readonly string[];
  /** Complete ARN of an existing upstream-keys secret. @default none: an empty secret is created */
  readonly upstreamKeysSecretArn?: string;
  /** Provisioned concurrency of the inference function; 0 for none. @default 0 */
  readonly inferenceProvisionedConcurrency?: number;
  /** Concurrency reserved for the account function; 0 for none. @default 0 */
  readonly accountReservedConcurrency?: number;
  /** Account-wide concurrent executions that raise the concurrency alarm. @default 800 */
  readonly concurrencyAlarmThreshold?: number;
}

/** The SSM parameter of the operator's catalog document, one per stack (written by `tollgate models`, never by a deploy). */
export function catalogParameterName(stackName: string): string {
  return `/tollgate/${stackName}/catalog`;
}

/** The largest request body the functions accept (the gateway configuration's default), also enforced by the edge WAF. */
export const MAX_BODY_BYTES = loadConfig({}).maxBodyBytes;

/**
 * The gateway in the operator's region: tables, secrets, functions, the REST API with its origin guard,
 * CloudFront, alarms and dashboard. Outputs are read by the operator CLI (`--stack NAME`).
 */
export class GatewayStack extends Stack {
  public readonly data: GatewayTables;
  public readonly secrets: GatewaySecrets;
  public readonly functions: GatewayFunctions;
  public readonly api: GatewayApi;
  public readonly originGuard: OriginGuard;
  public readonly distribution: GatewayDistribution;
  public readonly alarms: GatewayAlarms;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id, props);
    const data = new GatewayTables(this, 'Data', { deletionProtection: props.deletionProtection });
    const secrets = new GatewaySecrets(this, 'Secrets', {
      originVerifyGeneration: props.originVerifyGeneration,
      existingUpstreamKeysSecretArn: props.upstreamKeysSecretArn,
    });
    const functions = new GatewayFunctions(this, 'Functions', {
      tables: data.tables,
      upstreamKeys: secrets.upstreamKeys,
      defaultRequestsPerMinute: props.defaultRequestsPerMinute,
      defaultTokensPerMinute: props.defaultTokensPerMinute,
      logRetention: props.logRetention,
      arkEndpointIds: props.arkEndpointIds ?? [],
      inferenceProvisionedConcurrency: props.inferenceProvisionedConcurrency,
      accountReservedConcurrency: props.accountReservedConcurrency,
      catalogParameterName: catalogParameterName(this.stackName),
    });
    // API Gateway invokes the live aliases: a deployment moves them to the new versions, a rollback moves them back.
    const api = new GatewayApi(this, 'Api', {
      inference: functions.inference.live,
      account: functions.account.live,
      rateLimit: props.apiRateLimit,
      burstLimit: props.apiBurstLimit,
      logRetention: props.logRetention,
      maxBodyBytes: MAX_BODY_BYTES,
    });
    const originGuard = new OriginGuard(this, 'OriginGuard', {
      stage: api.api.deploymentStage,
      headerName: ORIGIN_VERIFY_HEADER,
      secrets: secrets.acceptedOriginVerify,
    });
    const edge = new GatewayDistribution(this, 'Edge', {
      api: api.api,
      webAclArn: props.webAclArn,
      originVerifyHeader: ORIGIN_VERIFY_HEADER,
      originVerifySecret: secrets.originVerify,
      originReadTimeout: props.originReadTimeout,
      customDomain: props.customDomain,
    });
    // CloudFront may only send a new origin-verify value once the origin guard accepts it.
    edge.distribution.node.addDependency(originGuard.webAcl);

    const tables = Object.values(data.tables);
    const alarms = new GatewayAlarms(this, 'Alarms', {
      api: api.api,
      inference: functions.inference,
      inferenceLogGroup: functions.inference.logGroup,
      account: functions.account,
      tables,
      alarmEmail: props.alarmEmail,
      accountReservedConcurrency: props.accountReservedConcurrency,
      concurrencyAlarmThreshold: props.concurrencyAlarmThreshold,
    });
    const dashboard = new GatewayDashboard(this, 'Dashboard', {
      api: api.api,
      inference: functions.inference,
      account: functions.account,
      tables,
      upstreamErrors: alarms.upstreamErrors,
      meteringFailures: alarms.meteringFailures,
      alarms: alarms.alarms,
    });

    this.data = data;
    this.secrets = secrets;
    this.functions = functions;
    this.api = api;
    this.originGuard = originGuard;
    this.distribution = edge;
    this.alarms = alarms;

    // Output keys are a contract with the operator CLI (DescribeStacks); no exports.
    new CfnOutput(this, 'AccountsTableName', { value: data.tables.accounts.tableName });
    new CfnOutput(this, 'ApiKeysTableName', { value: data.tables.apiKeys.tableName });
    new CfnOutput(this, 'UsageTableName', { value: data.tables.usage.tableName });
    new CfnOutput(this, 'CountersTableName', { value: data.tables.counters.tableName });
    new CfnOutput(this, 'ApiUrl', { value: edge.url, description: 'Base URL for clients' });
    new CfnOutput(this, 'UpstreamKeysSecretArn', {
      value: secrets.upstreamKeys.secretArn,
      description: 'Holds the upstream provider keys: fill it with aws secretsmanager put-secret-value (no deploy writes it)',
    });
    new CfnOutput(this, 'CatalogParameterName', {
      value: catalogParameterName(this.stackName),
      description:
        'SSM parameter with the operator catalog: edit it with npx tollgate models set/remove/import --stack (no deploy writes it)',
    });
    // Where to look (docs/DEPLOY.md section 7b).
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${dashboard.dashboard.dashboardName}`,
      description: 'CloudWatch dashboard: alarms, requests, errors, latency, tokens and cost per model, concurrency, tables',
    });
    new CfnOutput(this, 'InferenceLogGroupName', { value: functions.inference.logGroup.logGroupName });
    new CfnOutput(this, 'AccountLogGroupName', { value: functions.account.logGroup.logGroupName });
    new CfnOutput(this, 'ApiAccessLogGroupName', { value: api.accessLogs.logGroupName });
  }
}
