import type { ResolvedModel } from '../core/catalog';
import type { ClientProtocolId } from '../core/providers';
import type { ApiKeyRecord } from '../store/api-keys-repository';
import type { UsageOperation } from '../store/usage-repository';

/** Per-request facts gathered on the way through the pipeline, for metering and the access log. */
export interface RequestState {
  readonly startedAt: Date;
  protocol: ClientProtocolId;
  readonly requestId: string;
  operation: UsageOperation;
  /** Set once the caller is authenticated: from then on the request is metered. */
  key?: ApiKeyRecord;
  /** The catalog model the request resolved to; a name outside the catalog is never kept. */
  model?: ResolvedModel;
  streamed: boolean;
  /** What the limits need to settle the request afterwards. */
  admission?: unknown;
  responseBytes: number;
  /** Upstream calls made for the answer, over all keys (failover); undefined when none was made. */
  upstreamAttempts?: number;
}
