import type { Logger } from '@aws-lambda-powertools/logger';
import type { NormalizedUsage } from '../core/usage';
import type { ApiKeyRecord } from '../store/api-keys-repository';
import type { UsageRepository } from '../store/usage-repository';
import { LOG_MESSAGES } from './log-messages';
import { buildUsageRecord } from './metering';
import type { RequestState } from './request-state';

/** Rate limits and budgets, checked before the upstream call and settled after it. */
export interface LimitsGate<Admission = unknown> {
  admit(key: ApiKeyRecord, now?: Date): Promise<Admission & { readonly headers: Record<string, string> }>;
  settle(admission: Admission, actual: { totalTokens: number; costUsd: number }): Promise<void>;
}

export interface FinisherDependencies {
  readonly usage: UsageRepository;
  readonly limits?: LimitsGate;
  readonly logger: Logger;
  readonly clock: () => Date;
}

export type FinishRequest = (state: RequestState, status: number, usage: NormalizedUsage, firstByteAt?: Date) => Promise<void>;

/**
 * The end of every request: its one usage record (when the caller was authenticated), the
 * settlement of its limits, and one metadata-only log line. Never throws: the answer is already out.
 */
export function createRequestFinisher(dependencies: FinisherDependencies): FinishRequest {
  const { logger, clock } = dependencies;
  return async (state, status, usage, firstByteAt) => {
    const endedAt = clock();
    const logFields = {
      requestId: state.requestId,
      keyId: state.key?.keyId,
      accountId: state.key?.accountId,
      protocol: state.protocol,
      operation: state.operation,
      model: state.model?.recordedName,
      provider: state.model?.provider,
      streamed: state.streamed,
      status,
      latencyMs: endedAt.getTime() - state.startedAt.getTime(),
      timeToFirstByteMs: firstByteAt ? firstByteAt.getTime() - state.startedAt.getTime() : undefined,
      responseBytes: state.responseBytes,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      upstreamAttempts: state.upstreamAttempts,
    };
    if (!state.key) {
      logger.info(LOG_MESSAGES.refused, logFields);
      return;
    }
    const record = buildUsageRecord({
      requestId: state.requestId,
      accountId: state.key.accountId,
      keyId: state.key.keyId,
      model: state.model,
      protocol: state.protocol,
      operation: state.operation,
      streamed: state.streamed,
      status,
      usage,
      startedAt: state.startedAt,
      endedAt,
      firstByteAt,
      upstreamAttempts: state.upstreamAttempts,
    });
    const totalTokens = (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
    const limits = dependencies.limits;
    // The record and the limits are independent: a failure of one must not skip the other.
    const [written, settled] = await Promise.allSettled([
      dependencies.usage.put(record),
      state.admission !== undefined && limits
        ? limits.settle(state.admission, { totalTokens, costUsd: record.costUsd })
        : Promise.resolve(),
    ]);
    // Failures are operational errors, never the caller's; logged by error name only (P1).
    if (written.status === 'rejected')
      logger.error(LOG_MESSAGES.usageRecordNotWritten, { ...logFields, errorName: (written.reason as Error)?.name });
    if (settled.status === 'rejected')
      logger.error(LOG_MESSAGES.limitsNotSettled, { ...logFields, errorName: (settled.reason as Error)?.name });
    if (written.status === 'fulfilled') logger.info(LOG_MESSAGES.metered, { ...logFields, costUsd: record.costUsd });
  };
}
