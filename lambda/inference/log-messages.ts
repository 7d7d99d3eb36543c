/**
 * Messages of the inference function's log lines that the deployment counts (CloudWatch metric
 * filters in lib/observability): renaming one here renames it there.
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
} as const;
