import type { ResolvedModel } from '../core/catalog';
import { costUsd } from '../core/cost';
import type { ClientProtocolId } from '../core/providers';
import type { NormalizedUsage } from '../core/usage';
import { usageExpiry } from '../store/retention';
import type { UsageOperation, UsageRecord } from '../store/usage-repository';

export interface MeteringInput {
  readonly requestId: string;
  readonly accountId: string;
  readonly keyId: string;
  /** Undefined when the request named no catalog model. Only `recordedName` is stored, never the requested name. */
  readonly model?: ResolvedModel;
  readonly protocol: ClientProtocolId;
  readonly operation: UsageOperation;
  readonly streamed: boolean;
  readonly status: number;
  readonly usage: NormalizedUsage;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly firstByteAt?: Date;
  /** Upstream calls made (failover over keys); undefined when the request made none. */
  readonly upstreamAttempts?: number;
}

/** Builds the one usage record of an answered request: metadata only, never content. */
export function buildUsageRecord(input: MeteringInput): UsageRecord {
  const timestamp = input.startedAt.toISOString();
  return {
    accountId: input.accountId,
    sk: `${timestamp}#${input.requestId}`,
    requestId: input.requestId,
    timestamp,
    day: timestamp.slice(0, 10),
    keyId: input.keyId,
    model: input.model?.recordedName ?? 'unknown',
    provider: input.model?.provider ?? 'none',
    protocol: input.protocol,
    operation: input.operation,
    streamed: input.streamed,
    status: input.status,
    inputTokens: input.usage.inputTokens,
    cacheReadTokens: input.usage.cacheReadTokens,
    cacheWriteTokens: input.usage.cacheWriteTokens,
    outputTokens: input.usage.outputTokens,
    reasoningTokens: input.usage.reasoningTokens,
    costUsd: input.model ? costUsd(input.usage, input.model.prices) : 0,
    latencyMs: input.endedAt.getTime() - input.startedAt.getTime(),
    timeToFirstByteMs: input.firstByteAt ? input.firstByteAt.getTime() - input.startedAt.getTime() : undefined,
    expiresAt: usageExpiry(input.startedAt),
    ...(input.upstreamAttempts !== undefined ? { upstreamAttempts: input.upstreamAttempts } : {}),
  };
}
