import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { USAGE_RETENTION_DAYS } from '../lambda/store/retention';
import { LOG_DELETION_LAG_DAYS } from './privacy/retention-check';
import { ARK_ENDPOINT_ID } from '../lambda/core/catalog';

/**
 * The operator's deployment settings, read once from CDK context (`cdk.json` "context", or `-c key=value`).
 * Every key is prefixed with `tollgate:`; values given on the command line arrive as strings and are parsed here.
 */
export interface TollgateConfig {
  /** Name of the gateway stack; the edge stack is `<stackName>-Edge`. The CLI's `--stack` takes this name. @default 'Tollgate' */
  readonly stackName: string;
  /** Region of the gateway stack. @default CDK_DEFAULT_REGION, else 'us-east-1' */
  readonly region: string;
  /** Account of both stacks. @default CDK_DEFAULT_ACCOUNT (environment-agnostic when unset) */
  readonly account?: string;
  /** Custom domain for CloudFront (TLS 1.3 only). @default none: the *.cloudfront.net name */
  readonly domainName?: string;
  /** Route 53 hosted zone for `domainName` (validates the certificate and adds alias records). @default none: validate the certificate by hand */
  readonly hostedZone?: { readonly id: string; readonly name: string };
  /** Requests per minute for a new API key when none is set. @default 60 */
  readonly defaultRequestsPerMinute: number;
  /** Tokens per minute for a new API key when none is set. @default 200000 */
  readonly defaultTokensPerMinute: number;
  /** Retention of every log group (function, access, execution, WAF logs); one of CloudWatch's allowed day counts up to 60. @default 30 days */
  readonly logRetention: RetentionDays;
  /** Address subscribed to the alarm topic. @default none: alarms go to the topic only */
  readonly alarmEmail?: string;
  /** Deletion protection on the tables (and retention when the stack is deleted). @default true */
  readonly deletionProtection: boolean;
  /** Stage throttling: steady requests per second. @default 50 */
  readonly apiRateLimit: number;
  /** Stage throttling: burst. @default 100 */
  readonly apiBurstLimit: number;
  /** WAF rate-based rule: requests per client IP in any 5-minute window. @default 3000 */
  readonly requestsPerIpPer5Minutes: number;
  /** CloudFront origin response (idle) timeout in seconds; above 60 may need a CloudFront quota increase. @default 60 */
  readonly originReadTimeoutSeconds: number;
  /** Generation of the CloudFront origin-verify value; raise by one to rotate it. @default 1 */
  readonly originVerifyGeneration: number;
  /** Volcano Ark inference endpoint ids the gateway serves (`ep-...`); other `ep-` names get a 404. @default none */
  readonly arkEndpointIds: readonly string[];
  /** Complete ARN of an existing upstream-keys secret in `region`. @default none: the stack creates an empty secret */
  readonly upstreamKeysSecretArn?: string;
  /** Execution environments of the inference function kept initialised (provisioned concurrency); 0 for none. @default 0 */
  readonly inferenceProvisionedConcurrency: number;
  /** Concurrency reserved for the account function (GDPR requests are never starved by streams); 0 for none. @default 5 */
  readonly accountReservedConcurrency: number;
  /** Account-wide concurrent executions that raise the concurrency alarm. @default 800 (80% of the default quota of 1000) */
  readonly concurrencyAlarmThreshold: number;
}

/** The context keys, documented in docs/DEPLOY.md. */
export const CONTEXT_KEYS = {
  stackName: 'tollgate:stackName',
  region: 'tollgate:region',
  domainName: 'tollgate:domainName',
  hostedZoneId: 'tollgate:hostedZoneId',
  hostedZoneName: 'tollgate:hostedZoneName',
  defaultRequestsPerMinute: 'tollgate:defaultRequestsPerMinute',
  defaultTokensPerMinute: 'tollgate:defaultTokensPerMinute',
  logRetentionDays: 'tollgate:logRetentionDays',
  alarmEmail: 'tollgate:alarmEmail',
  deletionProtection: 'tollgate:deletionProtection',
  apiRateLimit: 'tollgate:apiRateLimit',
  apiBurstLimit: 'tollgate:apiBurstLimit',
  requestsPerIpPer5Minutes: 'tollgate:requestsPerIpPer5Minutes',
  originReadTimeoutSeconds: 'tollgate:originReadTimeoutSeconds',
  originVerifyGeneration: 'tollgate:originVerifyGeneration',
  arkEndpointIds: 'tollgate:arkEndpointIds',
  upstreamKeysSecretArn: 'tollgate:upstreamKeysSecretArn',
  inferenceProvisionedConcurrency: 'tollgate:inferenceProvisionedConcurrency',
  accountReservedConcurrency: 'tollgate:accountReservedConcurrency',
  concurrencyAlarmThreshold: 'tollgate:concurrencyAlarmThreshold',
} as const;

/** A complete Secrets Manager secret ARN (with the 6-character suffix Secrets Manager appends to the name). */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

type ContextReader = Pick<Node, 'tryGetContext'>;

function text(node: ContextReader, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Configuration error: context ${key} must be a string, got ${JSON.stringify(value)}.`);
  return value;
}

function positiveInteger(node: ContextReader, key: string, fallback: number): number {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = typeof value === 'string' ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed <= 0) {
    throw new Error(`Configuration error: context ${key} must be a positive integer, got ${JSON.stringify(value)}.`);
  }
  return parsed;
}

/** A count where 0 means "none". */
function count(node: ContextReader, key: string, fallback: number): number {
  const value: unknown = node.tryGetContext(key);
  if (value === 0 || value === '0') return 0;
  return positiveInteger(node, key, fallback);
}

function flag(node: ContextReader, key: string, fallback: boolean): boolean {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Configuration error: context ${key} must be true or false, got ${JSON.stringify(value)}.`);
}

/**
 * A log retention that keeps the usage-metadata promise: log lines carry ids, statuses and sizes, kept at most
 * 90 days, and CloudWatch deletes events a few days after their retention (budgeted as LOG_DELETION_LAG_DAYS).
 */
function logRetentionDays(node: ContextReader, key: string, fallback: RetentionDays): RetentionDays {
  const days = positiveInteger(node, key, fallback);
  const allowed = Object.values(RetentionDays).filter(
    (value): value is number =>
      typeof value === 'number' && value !== RetentionDays.INFINITE && value + LOG_DELETION_LAG_DAYS <= USAGE_RETENTION_DAYS,
  );
  if (!allowed.includes(days)) {
    throw new Error(
      `Configuration error: context ${key} must be one of ${allowed.join(', ')} days, got ${days}. Log lines are usage metadata, promised to be gone within ${USAGE_RETENTION_DAYS} days, and CloudWatch deletes events up to a few days after their retention (budgeted ${LOG_DELETION_LAG_DAYS}).`,
    );
  }
  return days;
}

/** A comma-separated string (`-c key=a,b`) or a JSON array of strings (cdk.json). */
function textList(node: ContextReader, key: string): string[] {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
    throw new Error(`Configuration error: context ${key} must be a list of strings, got ${JSON.stringify(value)}.`);
  }
  return items.map((item: string) => item.trim()).filter((item) => item !== '');
}

/** Reads and validates the configuration; throws with the offending key's name. */
export function readConfig(node: ContextReader, environment: NodeJS.ProcessEnv = process.env): TollgateConfig {
  const hostedZoneId = text(node, CONTEXT_KEYS.hostedZoneId);
  const hostedZoneName = text(node, CONTEXT_KEYS.hostedZoneName);
  if ((hostedZoneId === undefined) !== (hostedZoneName === undefined)) {
    throw new Error(`Configuration error: set both ${CONTEXT_KEYS.hostedZoneId} and ${CONTEXT_KEYS.hostedZoneName}, or neither.`);
  }
  const domainName = text(node, CONTEXT_KEYS.domainName);
  if (hostedZoneId !== undefined && domainName === undefined) {
    throw new Error(`Configuration error: ${CONTEXT_KEYS.hostedZoneId} needs ${CONTEXT_KEYS.domainName}.`);
  }
  const alarmEmail = text(node, CONTEXT_KEYS.alarmEmail);
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(alarmEmail)) {
    throw new Error(`Configuration error: context ${CONTEXT_KEYS.alarmEmail} must be an e-mail address, got '${alarmEmail}'.`);
  }
  const arkEndpointIds = textList(node, CONTEXT_KEYS.arkEndpointIds);
  const invalidEndpoint = arkEndpointIds.find((id) => !ARK_ENDPOINT_ID.test(id));
  if (invalidEndpoint !== undefined) {
    throw new Error(
      `Configuration error: context ${CONTEXT_KEYS.arkEndpointIds} must list Ark endpoint ids (ep-...), got '${invalidEndpoint}'.`,
    );
  }
  const requestsPerIpPer5Minutes = positiveInteger(node, CONTEXT_KEYS.requestsPerIpPer5Minutes, 3000);
  if (requestsPerIpPer5Minutes < 10) {
    throw new Error(`Configuration error: context ${CONTEXT_KEYS.requestsPerIpPer5Minutes} must be at least 10 (the WAF minimum).`);
  }
  const region = text(node, CONTEXT_KEYS.region) ?? environment.CDK_DEFAULT_REGION ?? 'us-east-1';
  const upstreamKeysSecretArn = text(node, CONTEXT_KEYS.upstreamKeysSecretArn);
  if (upstreamKeysSecretArn !== undefined) {
    const arnRegion = SECRET_ARN.exec(upstreamKeysSecretArn)?.[1];
    if (arnRegion === undefined)
      throw new Error(
        `Configuration error: context ${CONTEXT_KEYS.upstreamKeysSecretArn} must be a secret's complete ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX), got '${upstreamKeysSecretArn}'.`,
      );
    if (arnRegion !== region)
      throw new Error(
        `Configuration error: the secret in ${CONTEXT_KEYS.upstreamKeysSecretArn} is in ${arnRegion}; the gateway runs in ${region} and reads it from there.`,
      );
  }
  return {
    stackName: text(node, CONTEXT_KEYS.stackName) ?? 'Tollgate',
    region,
    account: environment.CDK_DEFAULT_ACCOUNT || undefined,
    domainName,
    hostedZone: hostedZoneId !== undefined && hostedZoneName !== undefined ? { id: hostedZoneId, name: hostedZoneName } : undefined,
    defaultRequestsPerMinute: positiveInteger(node, CONTEXT_KEYS.defaultRequestsPerMinute, 60),
    defaultTokensPerMinute: positiveInteger(node, CONTEXT_KEYS.defaultTokensPerMinute, 200_000),
    logRetention: logRetentionDays(node, CONTEXT_KEYS.logRetentionDays, RetentionDays.ONE_MONTH),
    alarmEmail,
    deletionProtection: flag(node, CONTEXT_KEYS.deletionProtection, true),
    apiRateLimit: positiveInteger(node, CONTEXT_KEYS.apiRateLimit, 50),
    apiBurstLimit: positiveInteger(node, CONTEXT_KEYS.apiBurstLimit, 100),
    requestsPerIpPer5Minutes,
    originReadTimeoutSeconds: positiveInteger(node, CONTEXT_KEYS.originReadTimeoutSeconds, 60),
    originVerifyGeneration: positiveInteger(node, CONTEXT_KEYS.originVerifyGeneration, 1),
    arkEndpointIds,
    upstreamKeysSecretArn,
    inferenceProvisionedConcurrency: count(node, CONTEXT_KEYS.inferenceProvisionedConcurrency, 0),
    accountReservedConcurrency: count(node, CONTEXT_KEYS.accountReservedConcurrency, 5),
    concurrencyAlarmThreshold: positiveInteger(node, CONTEXT_KEYS.concurrencyAlarmThreshold, 800),
  };
}
