/**
 * The metrics the functions publish in CloudWatch embedded metric format (Powertools Metrics), which the alarms and the
 * dashboard in lib/observability read: renaming one here renames it there. Dimensions are `service` and, for the
 * inference function, the catalog's `provider` and `model`: never an account, a key or a request (metrics are kept
 * 15 months, see lib/privacy/retention-check.ts).
 */
export const METRIC_NAMESPACE = 'Tollgate';

/** The `service` dimension of each function's metrics (also the Logger's service name). */
export const SERVICE_NAMES = { inference: 'tollgate-inference', account: 'tollgate-account' } as const;

export const METRIC_NAMES = {
  /** Every request answered, whatever its status. */
  requests: 'Requests',
  /** Requests answered 4xx. */
  clientErrors: 'ClientErrors',
  /** Requests answered 5xx. */
  serverErrors: 'ServerErrors',
  /** Inference requests answered 502-504: the upstream provider failed, was unavailable or timed out. */
  upstreamErrors: 'UpstreamErrors',
  inputTokens: 'InputTokens',
  outputTokens: 'OutputTokens',
  /** The request's cost in US dollars, as recorded in its usage record. */
  costUsd: 'CostUsd',
  /** An answered request whose usage record or limits settlement failed to write: at most 1 per request. */
  meteringFailures: 'MeteringFailures',
} as const;

/** The dimension sets of the inference function's per-model metrics. */
export const MODEL_DIMENSIONS = ['service', 'provider', 'model'] as const;
