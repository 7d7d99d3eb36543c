import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { LOG_MESSAGES } from '../../lambda/inference/log-messages';
import { METRIC_NAMES, METRIC_NAMESPACE, SERVICE_NAMES } from '../../lambda/observability/metric-names';

export interface GatewayAlarmsProps {
  readonly api: RestApi;
  readonly inference: IFunction;
  /** Where the inference function logs (refused upstream keys are counted from their log line). */
  readonly inferenceLogGroup: ILogGroup;
  readonly account: IFunction;
  readonly tables: readonly TableV2[];
  /** Subscribed to the alarm topic. @default none */
  readonly alarmEmail?: string;
  /** Share of API requests answered 5xx that raises the alarm. @default 0.05 */
  readonly serverErrorRate?: number;
  /** Concurrency reserved for the account function; its alarm fires at 80% of it. @default none (no alarm) */
  readonly accountReservedConcurrency?: number;
  /** Account-wide concurrent executions (all functions in the region) that raise the alarm. @default 800 */
  readonly concurrencyAlarmThreshold?: number;
}

const PERIOD = Duration.minutes(5);

/** A gateway-wide metric the inference function publishes (embedded metric format, dimension set {service}). */
export function inferenceMetric(metricName: string, statistic = 'Sum'): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAMES.inference },
    statistic,
    period: PERIOD,
  });
}

/**
 * Alarms to one SNS topic: API 5xx rate, upstream errors, metering failures, concurrency, throttles (Lambda), function
 * errors, DynamoDB throttling, upstream keys refused by their provider. Upstream errors and metering failures are the
 * inference function's own metrics (lambda/observability/request-metrics.ts): one document per request, so a request
 * counts once however many of its writes failed. Refused keys are counted from their log line (a log metric filter).
 */
export class GatewayAlarms extends Construct {
  public readonly topic: Topic;
  public readonly alarms: Alarm[] = [];
  /** Count of inference responses with status 502-504 (upstream failed, unavailable or timed out). */
  public readonly upstreamErrors: Metric;
  /** Count of answered requests whose usage record or limits settlement failed to write. */
  public readonly meteringFailures: Metric;

  constructor(scope: Construct, id: string, props: GatewayAlarmsProps) {
    super(scope, id);
    // Not encrypted with KMS: it carries only alarm state changes (name, metric, threshold), CloudWatch cannot publish
    // to a topic under the AWS-managed SNS key, and a customer-managed key would add a fixed monthly cost.
    this.topic = new Topic(this, 'Topic', { displayName: 'Tollgate alarms', enforceSSL: true });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.upstreamErrors = inferenceMetric(METRIC_NAMES.upstreamErrors);
    this.meteringFailures = inferenceMetric(METRIC_NAMES.meteringFailures);

    // An upstream key answered 401/403: the gateway stops using it until the keys change (lambda/inference/upstream-failover.ts).
    new MetricFilter(this, 'UpstreamKeyRefusedFilter', {
      logGroup: props.inferenceLogGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'UpstreamKeysRefused',
      filterPattern: FilterPattern.stringValue('$.message', '=', LOG_MESSAGES.upstreamKeyRefused),
      metricValue: '1',
      defaultValue: 0,
    });

    this.add('ServerErrorRate', {
      description: 'Share of API requests answered with a 5xx status',
      metric: props.api.metricServerError({ statistic: 'Average', period: PERIOD }),
      threshold: props.serverErrorRate ?? 0.05,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.add('UpstreamErrors', {
      description: 'Inference responses with status 502-504: an upstream provider failed, was unavailable or timed out',
      metric: this.upstreamErrors,
      threshold: 10,
      evaluationPeriods: 1,
    });
    this.add('MeteringFailures', {
      description: 'An answered request whose usage record or limits settlement failed to write (unbilled usage)',
      metric: this.meteringFailures,
      threshold: 1,
      evaluationPeriods: 1,
    });
    // Lambda throttles once the region's concurrency quota (1000 by default) is used up: warn before that.
    this.add('ConcurrentExecutions', {
      description: 'Concurrent executions of all functions in this account and region are near the concurrency quota',
      metric: new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'ConcurrentExecutions',
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      threshold: props.concurrencyAlarmThreshold ?? 800,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    if (props.accountReservedConcurrency) {
      this.add('AccountFunctionConcurrency', {
        description: 'The account function uses 80% of its reserved concurrency (GDPR requests are about to be throttled)',
        metric: props.account.metric('ConcurrentExecutions', { statistic: 'Maximum', period: Duration.minutes(1) }),
        threshold: Math.max(1, Math.ceil(props.accountReservedConcurrency * 0.8)),
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
      });
    }
    this.add('UpstreamKeysRefused', {
      description: 'A provider refused one of the upstream keys (401/403); it is skipped until the upstream-keys secret changes',
      metric: new Metric({ namespace: METRIC_NAMESPACE, metricName: 'UpstreamKeysRefused', statistic: 'Sum', period: PERIOD }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    this.add('FunctionThrottles', {
      description: 'Lambda throttled an invocation of a Tollgate function (concurrency limit)',
      metric: sum('Lambda throttles', [props.inference.metricThrottles(), props.account.metricThrottles()]),
      threshold: 1,
      evaluationPeriods: 1,
    });
    for (const [name, fn] of [
      ['InferenceErrors', props.inference],
      ['AccountErrors', props.account],
    ] as const) {
      this.add(name, {
        description: `Unhandled errors in the ${name.replace('Errors', '').toLowerCase()} function`,
        metric: fn.metricErrors({ statistic: 'Sum', period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
    this.add('DynamoDbThrottles', {
      description: 'DynamoDB throttled reads or writes on a Tollgate table',
      metric: sum(
        'DynamoDB throttle events',
        props.tables.flatMap((table) => [
          table.metric('ReadThrottleEvents', { statistic: 'Sum' }),
          table.metric('WriteThrottleEvents', { statistic: 'Sum' }),
        ]),
      ),
      threshold: 1,
      evaluationPeriods: 1,
    });
  }

  private add(
    id: string,
    options: { description: string; metric: IMetric; threshold: number; evaluationPeriods: number; datapointsToAlarm?: number },
  ): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods,
      datapointsToAlarm: options.datapointsToAlarm,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

function sum(label: string, metrics: IMetric[]): MathExpression {
  const usingMetrics = Object.fromEntries(metrics.map((metric, index) => [`m${index}`, metric]));
  return new MathExpression({
    label,
    expression: Object.keys(usingMetrics)
      .map((key) => `FILL(${key}, 0)`)
      .join(' + '),
    usingMetrics,
    period: PERIOD,
  });
}
