import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { NormalizedUsage } from '../core/usage';
import type { ApiKeyRecord } from '../store/api-keys-repository';
import { publishRequestMetrics, type RequestOutcome } from '../observability/request-metrics';
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
  /** Publishes one metrics document per request (embedded metric format). @default none */
  readonly metrics?: Metrics;
}

export type FinishRequest = (state: RequestState, status: number, usage: NormalizedUsage, firstByteAt?: Date) => Promise<void>;

/**
 * The end of every request: its one usage record (when the caller was authenticated), the
 * settlement of its limits, one metadata-only log line and one metrics document. Never throws: the answer is already out.
 */
export function createRequestFinisher(dependencies: FinisherDependencies): FinishRequest {
  const { logger, clock } = dependencies;
  const publishMetrics = (outcome: RequestOutcome) => {
    if (!dependencies.metrics) return;
    try {
      publishRequestMetrics(dependencies.metrics, outcome);
    } catch (error) {
      logger.error(LOG_MESSAGES.metricsNotPublished, { errorName: errorName(error) });
    }
  };
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
    const catalogFacts = { status, provider: state.model?.provider, model: state.model?.recordedName };
    if (!state.key) {
      logger.info(LOG_MESSAGES.refused, logFields);
      publishMetrics(catalogFacts);
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
      logger.error(LOG_MESSAGES.usageRecordNotWritten, { ...logFields, errorName: errorName(written.reason) });
    if (settled.status === 'rejected') logger.error(LOG_MESSAGES.limitsNotSettled, { ...logFields, errorName: errorName(settled.reason) });
    if (written.status === 'fulfilled') logger.info(LOG_MESSAGES.metered, { ...logFields, costUsd: record.costUsd });
    publishMetrics({
      ...catalogFacts,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: record.costUsd,
      meteringFailed: written.status === 'rejected' || settled.status === 'rejected',
    });
  };
}

/** The error's class name only (`ResourceNotFoundException`): never its message, which may quote a value. */
function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
