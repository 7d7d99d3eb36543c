import { usageExpiry } from '../../lambda/store/retention';
import type { UsageRecord } from '../../lambda/store/usage-repository';

/**
 * A usage record as the gateway writes it (keys, day, TTL derived from the timestamp), for tests
 * that seed the usage table directly. Token counts and cost come from `overrides`.
 */
export function usageRecordFixture(
  accountId: string,
  keyId: string,
  timestamp: string,
  requestId: string,
  overrides: Partial<UsageRecord> = {},
): UsageRecord {
  return {
    accountId,
    sk: `${timestamp}#${requestId}`,
    requestId,
    timestamp,
    day: timestamp.slice(0, 10),
    keyId,
    model: 'deepseek-chat',
    provider: 'deepseek',
    protocol: 'openai',
    operation: 'generate',
    streamed: false,
    status: 200,
    costUsd: 0,
    latencyMs: 1,
    expiresAt: usageExpiry(new Date(timestamp)),
    ...overrides,
  };
}
