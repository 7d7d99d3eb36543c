import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { AlarmStatusWidget, Dashboard, GraphWidget, type IAlarm, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface GatewayDashboardProps {
  readonly api: RestApi;
  readonly inference: IFunction;
  readonly account: IFunction;
  readonly tables: readonly TableV2[];
  readonly upstreamErrors: IMetric;
  readonly alarms: readonly IAlarm[];
}

const PERIOD = Duration.minutes(5);

/** One dashboard of service metrics (counts, latencies, capacity); none of them carries request content. */
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
