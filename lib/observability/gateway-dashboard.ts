import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { AlarmStatusWidget, Dashboard, GraphWidget, MathExpression, Metric, type IAlarm, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { METRIC_NAMES, METRIC_NAMESPACE, MODEL_DIMENSIONS, SERVICE_NAMES } from '../../lambda/observability/metric-names';

export interface GatewayDashboardProps {
  readonly api: RestApi;
  readonly inference: IFunction;
  readonly account: IFunction;
  readonly tables: readonly TableV2[];
  readonly upstreamErrors: IMetric;
  readonly meteringFailures: IMetric;
  readonly alarms: readonly IAlarm[];
}

const PERIOD = Duration.minutes(5);

/** One line per provider and model that published the inference metric (a CloudWatch search, no fixed list). */
function perModel(metricName: string): MathExpression {
  const schema = [METRIC_NAMESPACE, ...MODEL_DIMENSIONS].join(',');
  return new MathExpression({
    expression: `SEARCH('{${schema}} service="${SERVICE_NAMES.inference}" MetricName="${metricName}"', 'Sum', ${PERIOD.toSeconds()})`,
    label: `${metricName} \${PROP('Dim.provider')} \${PROP('Dim.model')}`,
    usingMetrics: {},
    period: PERIOD,
  });
}

/**
 * One dashboard of service metrics (counts, latencies, capacity, and the inference function's own metrics per provider
 * and model); none of them carries request content or names a caller.
 */
export class GatewayDashboard extends Construct {
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: GatewayDashboardProps) {
    super(scope, id);
    const { api, inference, account } = props;
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(6) });
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 3 }));
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [api.metricCount({ period: PERIOD }), api.metricClientError({ period: PERIOD }), api.metricServerError({ period: PERIOD })],
        right: [props.upstreamErrors],
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [api.metricLatency({ statistic: 'p50', period: PERIOD }), api.metricLatency({ statistic: 'p99', period: PERIOD })],
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Functions: invocations, errors, throttles',
        left: [inference, account].flatMap((fn) => [
          fn.metricInvocations({ period: PERIOD }),
          fn.metricErrors({ period: PERIOD }),
          fn.metricThrottles({ period: PERIOD }),
        ]),
      }),
      new GraphWidget({
        title: 'Functions: duration p99 (ms)',
        left: [inference, account].map((fn) => fn.metricDuration({ statistic: 'p99', period: PERIOD })),
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Inference requests by provider and model', left: [perModel(METRIC_NAMES.requests)] }),
      new GraphWidget({
        title: 'Tokens by provider and model',
        left: [perModel(METRIC_NAMES.inputTokens)],
        right: [perModel(METRIC_NAMES.outputTokens)],
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Cost (USD) by provider and model', left: [perModel(METRIC_NAMES.costUsd)] }),
      new GraphWidget({
        title: 'Server errors by provider and model; metering failures',
        left: [perModel(METRIC_NAMES.serverErrors)],
        right: [props.meteringFailures],
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Concurrent executions (all functions in the region, and each Tollgate function)',
        left: [
          new Metric({ namespace: 'AWS/Lambda', metricName: 'ConcurrentExecutions', statistic: 'Maximum', period: Duration.minutes(1) }),
          ...[inference, account].map((fn) => fn.metric('ConcurrentExecutions', { statistic: 'Maximum', period: Duration.minutes(1) })),
        ],
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'DynamoDB consumed capacity',
        left: props.tables.map((table) => table.metricConsumedReadCapacityUnits({ period: PERIOD })),
        right: props.tables.map((table) => table.metricConsumedWriteCapacityUnits({ period: PERIOD })),
      }),
      new GraphWidget({
        title: 'DynamoDB throttle events',
        left: props.tables.flatMap((table) => [
          table.metric('ReadThrottleEvents', { statistic: 'Sum', period: PERIOD }),
          table.metric('WriteThrottleEvents', { statistic: 'Sum', period: PERIOD }),
        ]),
      }),
    );
  }
}
