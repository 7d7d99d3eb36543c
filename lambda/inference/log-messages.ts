/**
 * Messages of the inference function's log lines. The local runtime folds `metered` and `refused` into its one line per
 * request (lambda/local/request-log.ts); operators filter on them in CloudWatch Logs Insights (docs/DEPLOY.md §7b).
 * Counts come from the metrics (lambda/observability/request-metrics.ts), not from these lines, except refused upstream
 * keys (a log metric filter on `upstreamKeyRefused`, lib/observability/gateway-alarms.ts).
 */
export const LOG_MESSAGES = {
  metered: 'request metered',
  refused: 'request refused',
  failed: 'request failed',
  usageRecordNotWritten: 'usage record not written',
  limitsNotSettled: 'limits not settled',
  catalogUnreadable: 'catalog document unreadable',
  /** An upstream key answered 401/403 and is disabled until the keys change (alarmed: lib/observability). */
  upstreamKeyRefused: 'upstream key refused',
  metricsNotPublished: 'metrics not published',
} as const;
