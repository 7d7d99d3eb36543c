import type { NormalizedUsage } from '../../core/usage';
import type { CanonicalRedactedThinking, CanonicalText, CanonicalThinking, CanonicalToolCall } from './request';

/** Why the model stopped, in the gateway's own terms; each protocol maps to and from it in a table. */
export type CanonicalFinishReason =
  | 'stop'
  | 'stop-sequence'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  /** Anthropic `pause_turn`: the caller must resend to continue. */
  | 'pause'
  | 'other';

export type CanonicalOutputPart = CanonicalText | CanonicalThinking | CanonicalRedactedThinking | CanonicalToolCall;

export interface CanonicalResponse {
  readonly content: readonly CanonicalOutputPart[];
  readonly finishReason: CanonicalFinishReason;
  /** The stop sequence that matched, when known. */
  readonly stopSequence?: string;
  readonly usage: NormalizedUsage;
}
