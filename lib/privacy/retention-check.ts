import { RETENTION_PROMISES } from '../../lambda/store/table-retention';
import { RETENTION_METADATA_KEY, type TableRetentionMetadata } from './retention-metadata';
import {
  arrayAt,
  displayValue,
  isRecord,
  numberAt,
  refersTo,
  resourcesOf,
  stringAt,
  valueAt,
  type CfnResource,
  type CfnTemplate,
} from './template-values';

export type { CfnTemplate } from './template-values';

/**
 * The retention of every place a synthesized template stores data, and whether it keeps the promise:
 * - DynamoDB tables: TTL + deletion lag + point-in-time-recovery window ≤ the promise of the table's data class;
 * - log groups: retention + CloudWatch's deletion lag ≤ 90 days (log lines are usage metadata: ids, statuses, sizes);
 * - every Lambda function writes to a log group of the template (otherwise Lambda creates one that never expires);
 * - every WAF logging configuration sends to a log group of the template;
 * - an API Gateway stage with execution logging on has its `API-Gateway-Execution-Logs_<api id>/<stage>` group in
 *   the template (otherwise API Gateway creates it: no retention, and it outlives the stack);
 * - no metric filter or alarm has a dimension that identifies an account, a key or a request (metrics live 15 months).
 * Used at synth (`RetentionCheckPlugin`), by the tests and by `npm run privacy-report`.
 */

/** CloudWatch Logs deletes events "typically up to 72 hours" after their retention; budgeted like DynamoDB's lag. */
export const LOG_DELETION_LAG_DAYS = 7;
/** Point-in-time recovery enabled without a window keeps 35 days. */
export const DEFAULT_RECOVERY_PERIOD_DAYS = 35;

export interface TableRetentionRow {
  readonly stack: string;
  readonly logicalId: string;
  readonly table: string;
  readonly promiseDays?: number;
  readonly ttlDays?: number;
  readonly ttlRule?: string;
  readonly ttlDeletionLagDays?: number;
  readonly ttlAttribute?: string;
  /** 0 when point-in-time recovery is off. */
  readonly recoveryPeriodDays: number;
  readonly retainedDays?: number;
  readonly problems: readonly string[];
}

export interface LogGroupRetentionRow {
  readonly stack: string;
  readonly logicalId: string;
  /** The log group's name as the template gives it (a join of tokens is shown with `<Ref>` placeholders). */
  readonly name: string;
  readonly retentionDays?: number;
  readonly retainedDays?: number;
  readonly promiseDays: number;
  readonly removedWithStack: boolean;
  readonly problems: readonly string[];
}

export interface RetentionFinding {
  readonly stack: string;
  readonly logicalId: string;
  readonly problem: string;
}

/** The recovery window of a DynamoDB table resource: the largest over its replicas, 0 without point-in-time recovery. */
function recoveryPeriodDays(resource: CfnResource): number {
  const specifications =
    resource.Type === 'AWS::DynamoDB::GlobalTable'
      ? arrayAt(resource.Properties, 'Replicas').map((replica) => valueAt(replica, 'PointInTimeRecoverySpecification'))
      : [valueAt(resource.Properties, 'PointInTimeRecoverySpecification')];
  return Math.max(
    0,
    ...specifications.map((specification) =>
      valueAt(specification, 'PointInTimeRecoveryEnabled') === true
        ? (numberAt(specification, 'RecoveryPeriodInDays') ?? DEFAULT_RECOVERY_PERIOD_DAYS)
        : 0,
    ),
  );
}

/** The retention budget a table states in its metadata, if it is complete. */
function retentionMetadata(resource: CfnResource): TableRetentionMetadata | undefined {
  const metadata = valueAt(resource.Metadata, RETENTION_METADATA_KEY);
  const dataClass = stringAt(metadata, 'dataClass');
  const ttlDays = numberAt(metadata, 'ttlDays');
  const ttlDeletionLagDays = numberAt(metadata, 'ttlDeletionLagDays');
  if (
    !isRecord(metadata) ||
    (dataClass !== 'usage' && dataClass !== 'account') ||
    ttlDays === undefined ||
    ttlDeletionLagDays === undefined
  )
    return undefined;
  return {
    table: stringAt(metadata, 'table') ?? '?',
    dataClass,
    promiseDays: RETENTION_PROMISES[dataClass].days,
    ttlDays,
    ttlRule: stringAt(metadata, 'ttlRule') ?? '',
    ttlDeletionLagDays,
  };
}

export function tableRetentionRows(stack: string, template: CfnTemplate): TableRetentionRow[] {
  const rows: TableRetentionRow[] = [];
  for (const [logicalId, resource] of resourcesOf(template)) {
    if (resource.Type !== 'AWS::DynamoDB::GlobalTable' && resource.Type !== 'AWS::DynamoDB::Table') continue;
    const metadata = retentionMetadata(resource);
    const recovery = recoveryPeriodDays(resource);
    const problems: string[] = [];
    if (!metadata) {
      problems.push(
        `has no retention budget (template metadata ${RETENTION_METADATA_KEY}): every table must say which promise its data falls under`,
      );
      rows.push({ stack, logicalId, table: logicalId, recoveryPeriodDays: recovery, problems });
      continue;
    }
    // The promise comes from the code, not from the metadata, so a template cannot promise itself more time.
    const promiseDays = RETENTION_PROMISES[metadata.dataClass].days;
    if (valueAt(resource.Properties, 'TimeToLiveSpecification', 'Enabled') !== true)
      problems.push('has no TTL enabled, so nothing ever expires');
    const retained = metadata.ttlDays + metadata.ttlDeletionLagDays + recovery;
    if (retained > promiseDays) {
      problems.push(
        `keeps ${metadata.dataClass} data up to ${retained} days (TTL ${metadata.ttlDays} + deletion lag ${metadata.ttlDeletionLagDays} + point-in-time recovery ${recovery}), more than the promised ${promiseDays}`,
      );
    }
    rows.push({
      stack,
      logicalId,
      table: metadata.table,
      promiseDays,
      ttlDays: metadata.ttlDays,
      ttlRule: metadata.ttlRule,
      ttlDeletionLagDays: metadata.ttlDeletionLagDays,
      ttlAttribute: stringAt(resource.Properties, 'TimeToLiveSpecification', 'AttributeName'),
      recoveryPeriodDays: recovery,
      retainedDays: retained,
      problems,
    });
  }
  return rows;
}

export function logGroupRetentionRows(stack: string, template: CfnTemplate): LogGroupRetentionRow[] {
  const promiseDays = RETENTION_PROMISES.usage.days;
  return resourcesOf(template)
    .filter(([, resource]) => resource.Type === 'AWS::Logs::LogGroup')
    .map(([logicalId, resource]) => {
      const retentionDays = numberAt(resource.Properties, 'RetentionInDays');
      const problems: string[] = [];
      const retainedDays = retentionDays === undefined ? undefined : retentionDays + LOG_DELETION_LAG_DAYS;
      if (retainedDays === undefined) problems.push('has no retention: its events are kept forever');
      else if (retainedDays > promiseDays)
        problems.push(
          `keeps usage metadata up to ${retainedDays} days (retention ${retentionDays} + deletion lag ${LOG_DELETION_LAG_DAYS}), more than the promised ${promiseDays}`,
        );
      const name = valueAt(resource.Properties, 'LogGroupName');
      return {
        stack,
        logicalId,
        name: name === undefined ? '(generated name)' : displayValue(name),
        retentionDays,
        retainedDays,
        promiseDays,
        removedWithStack: (resource.DeletionPolicy ?? 'Delete') === 'Delete',
        problems,
      };
    });
}

/** Places that would write to log groups the template does not own (and therefore nobody gave a retention). */
export function unmanagedLogFindings(stack: string, template: CfnTemplate): RetentionFinding[] {
  const resources = resourcesOf(template);
  const logGroups = resources.filter(([, resource]) => resource.Type === 'AWS::Logs::LogGroup');
  // A destination names a log group of the template by reference, or by its literal name inside an ARN.
  const ownsLogGroup = (value: unknown) =>
    logGroups.some(([logicalId, group]) => {
      const name = stringAt(group.Properties, 'LogGroupName');
      return refersTo(value, logicalId) || (name !== undefined && JSON.stringify(value ?? null).includes(`:log-group:${name}"`));
    });
  const findings: RetentionFinding[] = [];
  for (const [logicalId, resource] of resources) {
    const properties = resource.Properties;
    if (resource.Type === 'AWS::Lambda::Function' && !ownsLogGroup(valueAt(properties, 'LoggingConfig', 'LogGroup'))) {
      findings.push({
        stack,
        logicalId,
        problem: 'writes to a log group the stack does not create (Lambda would create /aws/lambda/<name> without retention)',
      });
    }
    if (resource.Type === 'AWS::WAFv2::LoggingConfiguration' && !ownsLogGroup(valueAt(properties, 'LogDestinationConfigs'))) {
      findings.push({ stack, logicalId, problem: 'sends WAF logs to a destination the stack does not create with a retention' });
    }
    if (resource.Type === 'AWS::ApiGateway::Stage') {
      const loggingOn = arrayAt(properties, 'MethodSettings').some((setting) => {
        const level = stringAt(setting, 'LoggingLevel');
        return level !== undefined && level !== 'OFF';
      });
      const stageName = stringAt(properties, 'StageName') ?? '';
      const restApi = stringAt(properties, 'RestApiId', 'Ref') ?? '';
      const executionLogs = logGroups.find(([, group]) => {
        const name = valueAt(group.Properties, 'LogGroupName');
        const text = JSON.stringify(name ?? null);
        return text.includes('API-Gateway-Execution-Logs_') && refersTo(name, restApi) && text.includes(`/${stageName}`);
      });
      if (loggingOn && !executionLogs) {
        findings.push({
          stack,
          logicalId,
          problem: `has execution logging on, but the stack does not create API-Gateway-Execution-Logs_<api id>/${stageName} (API Gateway would create it without retention, and it would outlive the stack)`,
        });
      }
    }
  }
  return findings;
}

/** Dimension names or log fields that identify a person, a key or a request. */
const IDENTIFYING_DIMENSION = /account|key|request|email|user|caller|client|ip/i;

/** The (name, value) pairs of every metric dimension a resource defines. */
function dimensionsOf(resource: CfnResource): Array<[string, unknown]> {
  const properties = resource.Properties;
  if (resource.Type === 'AWS::Logs::MetricFilter') {
    return arrayAt(properties, 'MetricTransformations').flatMap((transformation) => {
      const dimensions = valueAt(transformation, 'Dimensions');
      if (Array.isArray(dimensions))
        return (dimensions as unknown[]).map((dimension): [string, unknown] => [
          stringAt(dimension, 'Key') ?? '',
          valueAt(dimension, 'Value'),
        ]);
      return isRecord(dimensions) ? Object.entries(dimensions) : [];
    });
  }
  if (resource.Type === 'AWS::CloudWatch::Alarm') {
    const lists = [
      arrayAt(properties, 'Dimensions'),
      ...arrayAt(properties, 'Metrics').map((metric) => arrayAt(metric, 'MetricStat', 'Metric', 'Dimensions')),
    ];
    return lists.flatMap((list) =>
      list.map((dimension): [string, unknown] => [stringAt(dimension, 'Name') ?? '', valueAt(dimension, 'Value')]),
    );
  }
  return [];
}

/**
 * CloudWatch keeps metrics for 15 months: a dimension that names an account, a key or a request would keep usage
 * metadata far past 90 days. Checks metric filters (dimensions taken from log fields) and alarms.
 */
export function metricDimensionFindings(stack: string, template: CfnTemplate): RetentionFinding[] {
  const findings: RetentionFinding[] = [];
  for (const [logicalId, resource] of resourcesOf(template)) {
    for (const [name, value] of dimensionsOf(resource)) {
      const fromLogField = typeof value === 'string' && value.startsWith('$.');
      if (IDENTIFYING_DIMENSION.test(name) || (fromLogField && IDENTIFYING_DIMENSION.test(value))) {
        findings.push({
          stack,
          logicalId,
          problem: `has the metric dimension ${name} = ${displayValue(value)}, which identifies a caller; metrics are kept 15 months`,
        });
      }
    }
  }
  return findings;
}

/** Every way a template breaks a retention promise; empty when it keeps them all. */
export function retentionFindings(stack: string, template: CfnTemplate): RetentionFinding[] {
  return [
    ...tableRetentionRows(stack, template).flatMap((row) =>
      row.problems.map((problem) => ({ stack, logicalId: row.logicalId, problem: `table ${row.table} ${problem}` })),
    ),
    ...logGroupRetentionRows(stack, template).flatMap((row) =>
      row.problems.map((problem) => ({ stack, logicalId: row.logicalId, problem: `log group ${row.name} ${problem}` })),
    ),
    ...unmanagedLogFindings(stack, template),
    ...metricDimensionFindings(stack, template),
  ];
}
