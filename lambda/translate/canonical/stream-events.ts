import type { GatewayError } from '../../core/errors';
import type { NormalizedUsage } from '../../core/usage';
import type { CanonicalFinishReason } from './response';

/** What an upstream stream decoder produces and a client stream encoder consumes. */
export type CanonicalStreamEvent =
  | { readonly type: 'start' }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'reasoning'; readonly text: string }
  /** The signature that closes the current reasoning run (Anthropic `signature_delta`). */
  | { readonly type: 'reasoning-signature'; readonly signature: string }
  | { readonly type: 'redacted-reasoning'; readonly data: string }
  /** `index` counts tool calls only (0, 1, ...), whatever the upstream's block indexes. */
  | { readonly type: 'tool-call-start'; readonly index: number; readonly id: string; readonly name: string }
  | { readonly type: 'tool-call-delta'; readonly index: number; readonly argumentsDelta: string }
  | { readonly type: 'tool-call-end'; readonly index: number }
  | { readonly type: 'finish'; readonly reason: CanonicalFinishReason; readonly stopSequence?: string }
  /** The usage so far, complete (decoders merge partial reports). */
  | { readonly type: 'usage'; readonly usage: NormalizedUsage }
  | { readonly type: 'error'; readonly error: GatewayError };

/** Upstream SSE events → canonical events. Throws GatewayError 502 on a malformed event. */
export interface StreamDecoder {
  push(event: { readonly event?: string; readonly data: string }): CanonicalStreamEvent[];
}

/** Canonical events → SSE frames in the caller's protocol. */
export interface StreamEncoder {
  write(event: CanonicalStreamEvent): string;
  /** Closing frames after a finished answer (usage, terminators). */
  end(): string;
  /** Error frames in the caller's shape. */
  fail(error: GatewayError): string;
}
