import type { GatewayError } from '../../core/errors';
import type { NormalizedUsage } from '../../core/usage';
import type { SseEvent } from '../types';
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
  push(event: SseEvent): CanonicalStreamEvent[];
}

/** Canonical events → SSE frames in the caller's protocol. */
export interface StreamEncoder {
  write(event: CanonicalStreamEvent): string;
  /**
   * Same-protocol (identity) encoders only: the frames that relay the upstream event itself, called
   * after `write` has seen its canonical events (which an identity encoder only reads). Translating
   * encoders leave it out.
   */
  relay?(event: SseEvent): string;
  /** Closing frames after a finished answer (usage, terminators). */
  end(): string;
  /** Error frames in the caller's shape: the caller protocol's one stream-error renderer. */
  fail(error: GatewayError): string;
}
