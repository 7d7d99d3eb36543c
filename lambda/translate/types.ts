import type { GatewayError } from '../core/errors';
import type { Protocol } from '../core/providers';
import type { NormalizedUsage } from '../core/usage';

/**
 * The contract between the inference handler and the protocol translators.
 *
 * A request enters in the caller's protocol and leaves in the provider's; the answer comes back
 * the other way. Every (caller protocol, provider protocol) pair has one `Translator`. Translators
 * are pure: no I/O, no logging, no clocks — the handler does the HTTP, metering and keep-alives.
 */

/** One server-sent event as parsed from the upstream (comments are not events). */
export interface SseEvent {
  readonly event?: string;
  readonly data: string;
}

export interface TranslationContext {
  /** The model name the caller asked for (echoed back to it). */
  readonly publicModel: string;
  /** The provider's model id. */
  readonly upstreamModel: string;
  readonly stream: boolean;
  /** The gateway's request id, usable as a response id. */
  readonly requestId: string;
  /** Epoch seconds of the request, for `created` fields. */
  readonly createdAt: number;
  /** Request headers of the caller, lower-case (e.g. `anthropic-version`, `anthropic-beta`). */
  readonly clientHeaders: Readonly<Record<string, string | undefined>>;
}

export interface UpstreamRequestBody {
  /** The JSON body for the provider. */
  readonly body: unknown;
  /** Headers the provider needs besides auth and content type (e.g. `anthropic-beta` passed through). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TranslatedResponse {
  /** The JSON body for the caller. */
  readonly body: unknown;
  readonly usage: NormalizedUsage;
}

/** Converts one streamed answer, event by event, keeping its state in the instance. */
export interface StreamTranslator {
  /**
   * Feeds one upstream event; returns the bytes (SSE frames in the caller's protocol) to write now.
   * Throws a GatewayError when the upstream reports an error mid-stream or sends a malformed event;
   * the handler then calls `fail()` with it and ends the stream.
   */
  push(event: SseEvent): string;
  /**
   * The upstream stream ended after `completed` became true; returns the closing frames (e.g.
   * `data: [DONE]`, `message_stop`). When the upstream ends before completing, the handler calls
   * `fail()` instead.
   */
  end(): string;
  /** The upstream failed mid-stream (or ended without finishing); returns the caller-protocol error frames. */
  fail(error: GatewayError): string;
  /** The usage seen so far (the last report wins); undefined until the upstream reported any. */
  readonly usage: NormalizedUsage | undefined;
  /** True once the upstream signalled a normal end (finish reason / message_stop / [DONE]). */
  readonly completed: boolean;
}

export interface Translator {
  readonly client: Protocol;
  readonly upstream: Protocol;
  /** Caller body → provider body. Throws GatewayError 400 naming the field when it cannot be translated. */
  request(clientBody: unknown, context: TranslationContext): UpstreamRequestBody;
  /** Provider JSON (non-streaming) → caller JSON. Throws GatewayError 502 when the upstream JSON is malformed. */
  response(upstreamBody: unknown, context: TranslationContext): TranslatedResponse;
  /** A fresh stream translator for one streamed answer. */
  stream(context: TranslationContext, options: { readonly includeUsage: boolean }): StreamTranslator;
}
