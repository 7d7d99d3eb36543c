import { isoFromEpochSeconds } from '../account/account-views';
import type { UsageRecord } from '../store/usage-repository';

/** A single usage record as printed or exported: ISO-8601 times, no sort-key internals. */
export function recordView(record: UsageRecord): Record<string, unknown> {
  return {
    timestamp: record.timestamp,
    accountId: record.accountId,
    keyId: record.keyId,
    model: record.model,
    provider: record.provider,
    protocol: record.protocol,
    // Records written before the field existed were generations.
    operation: record.operation ?? 'generate',
    streamed: record.streamed,
    status: record.status,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    cacheReadTokens: record.cacheReadTokens,
    cacheWriteTokens: record.cacheWriteTokens,
    reasoningTokens: record.reasoningTokens,
    costUsd: record.costUsd,
    latencyMs: record.latencyMs,
    timeToFirstByteMs: record.timeToFirstByteMs,
    upstreamAttempts: record.upstreamAttempts,
    requestId: record.requestId,
    expiresAt: isoFromEpochSeconds(record.expiresAt),
  };
}
