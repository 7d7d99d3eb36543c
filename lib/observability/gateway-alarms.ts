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

export interface GatewayAlarmsProps {
  readonly api: RestApi;
  readonly inference: IFunction;
  readonly account: IFunction;
  /** Log group of the inference function, whose metadata log lines carry the response `status`. */
  readonly inferenceLogGroup: ILogGroup;
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

/** Namespace of the metrics Tollgate derives from its own log lines (counts only, no content). */
export const METRIC_NAMESPACE = 'Tollgate';

const PERIOD = Duration.minutes(5);

/**
 * Alarms to one SNS topic: API 5xx rate, upstream errors, metering failures, throttles (Lambda), function errors,
 * DynamoDB throttling, upstream keys refused by their provider.
 * The upstream-error metric is a count from a log metric filter on the `status` field only.
 */
export class GatewayAlarms extends Construct {
  public readonly topic: Topic;
  public readonly alarms: Alarm[] = [];
  /** Count of inference responses with status 502-504 (upstream failed, unavailable or timed out). */
  public readonly upstreamErrors: Metric;

  constructor(scope: Construct, id: string, props: GatewayAlarmsProps) {
    super(scope, id);
    // Not encrypted with KMS: it carries only alarm state changes (name, metric, threshold), CloudWatch cannot publish
    // to a topic under the AWS-managed SNS key, and a customer-managed key would add a fixed monthly cost.
    this.topic = new Topic(this, 'Topic', { displayName: 'Tollgate alarms', enforceSSL: true });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    new MetricFilter(this, 'UpstreamErrorFilter', {
      logGroup: props.inferenceLogGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'UpstreamErrors',
      filterPattern: FilterPattern.all(FilterPattern.numberValue('$.status', '>=', 502), FilterPattern.numberValue('$.status', '<=', 504)),
      metricValue: '1',
      defaultValue: 0,
    });
    this.upstreamErrors = new Metric({ namespace: METRIC_NAMESPACE, metricName: 'UpstreamErrors', statistic: 'Sum', period: PERIOD });

    // A request answered but not billed: the inference function logs these by message, with ids only.
    new MetricFilter(this, 'MeteringFailureFilter', {
      logGroup: props.inferenceLogGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'MeteringFailures',
      filterPattern: FilterPattern.any(
        FilterPattern.stringValue('$.message', '=', LOG_MESSAGES.usageRecordNotWritten),
        FilterPattern.stringValue('$.message', '=', LOG_MESSAGES.limitsNotSettled),
      ),
      metricValue: '1',
      defaultValue: 0,
    });

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
      metric: new Metric({ namespace: METRIC_NAMESPACE, metricName: 'MeteringFailures', statistic: 'Sum', period: PERIOD }),
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
