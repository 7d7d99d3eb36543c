import type { GatewayError } from '../core/errors';
import type { ClientProtocolId, Protocol } from '../core/providers';
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
  /** Headers for the caller's answer that the translation decided (e.g. `x-tollgate-dropped-tools`). */
  readonly answerHeaders?: Readonly<Record<string, string>>;
}

export interface TranslatedResponse {
  /** The JSON body for the caller. */
  readonly body: unknown;
  readonly usage: NormalizedUsage;
}

/**
 * One streamed answer, event by event: the gateway's one stream state machine
 * (`translator-pipeline.ts`), whatever the protocol pair. It never throws: an upstream error, a
 * malformed event or an answer that ends early becomes error frames in the caller's protocol and
 * sets `failure`; from then on every call returns nothing.
 */
export interface StreamTranslator {
  /** Feeds one upstream event; returns the bytes (SSE frames in the caller's protocol) to write now. */
  push(event: SseEvent): string;
  /**
   * The upstream stream ended: the closing frames (e.g. `data: [DONE]`, `message_stop`) when the
   * answer had completed, else the error frames of an answer that ended early.
   */
  end(): string;
  /** The gateway gave up on the upstream (network error, stall, deadline): the caller-protocol error frames. */
  fail(error: GatewayError): string;
  /** The usage the upstream reported so far (the last report wins); undefined until it reported any. */
  readonly usage: NormalizedUsage | undefined;
  /** True once the upstream signalled a normal end (finish reason / message_stop / finishReason). */
  readonly completed: boolean;
  /** Why the stream failed, once it has; its status is the one to meter. */
  readonly failure: GatewayError | undefined;
}

export interface Translator {
  readonly client: ClientProtocolId;
  readonly upstream: Protocol;
  /** Caller body → provider body. Throws GatewayError 400 naming the field when it cannot be translated. */
  request(clientBody: unknown, context: TranslationContext): UpstreamRequestBody;
  /** Provider JSON (non-streaming) → caller JSON. Throws GatewayError 502 when the upstream JSON is malformed. */
  response(upstreamBody: unknown, context: TranslationContext): TranslatedResponse;
  /** A fresh stream translator for one streamed answer. */
  stream(context: TranslationContext, options: { readonly includeUsage: boolean }): StreamTranslator;
}
