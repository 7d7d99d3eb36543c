import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMES } from './metric-names';

/** What a finished request contributes to the metrics: counts and catalog names only, never content. */
export interface RequestOutcome {
  readonly status: number;
  /** The catalog's provider and model entry (exact name or family pattern); absent before a model was resolved. */
  readonly provider?: string;
  readonly model?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly costUsd?: number;
  /** True when the usage record or the limits settlement failed to write (counted once even if both failed). */
  readonly meteringFailed?: boolean;
}

/**
 * Publishes one embedded-metric document for one request, under the dimension set {service} (what the alarms read)
 * and, once a model was resolved, {service, provider, model} (the dashboard's breakdown). Everything is added and
 * published in one synchronous step: the Metrics instance is shared by the execution environment, and requests that
 * run concurrently in one process (`npm start`) must not mix their dimensions or values.
 */
export function publishRequestMetrics(metrics: Metrics, outcome: RequestOutcome): void {
  metrics.addDimensions({});
  if (outcome.provider && outcome.model) metrics.addDimensions({ provider: outcome.provider, model: outcome.model });
  metrics.addMetric(METRIC_NAMES.requests, MetricUnit.Count, 1);
  metrics.addMetric(METRIC_NAMES.clientErrors, MetricUnit.Count, outcome.status >= 400 && outcome.status < 500 ? 1 : 0);
  metrics.addMetric(METRIC_NAMES.serverErrors, MetricUnit.Count, outcome.status >= 500 ? 1 : 0);
  if (outcome.provider) {
    metrics.addMetric(METRIC_NAMES.upstreamErrors, MetricUnit.Count, outcome.status >= 502 && outcome.status <= 504 ? 1 : 0);
  }
  if (outcome.inputTokens !== undefined) metrics.addMetric(METRIC_NAMES.inputTokens, MetricUnit.Count, outcome.inputTokens);
  if (outcome.outputTokens !== undefined) metrics.addMetric(METRIC_NAMES.outputTokens, MetricUnit.Count, outcome.outputTokens);
  if (outcome.costUsd !== undefined) metrics.addMetric(METRIC_NAMES.costUsd, MetricUnit.NoUnit, outcome.costUsd);
  if (outcome.meteringFailed !== undefined) {
    metrics.addMetric(METRIC_NAMES.meteringFailures, MetricUnit.Count, outcome.meteringFailed ? 1 : 0);
  }
  metrics.publishStoredMetrics();
}
