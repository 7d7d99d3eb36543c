import type { ClientProtocolId, Protocol } from '../../core/providers';
import type { TranslatedResponse, TranslationContext, UpstreamRequestBody } from '../types';
import type { CanonicalRequest } from './request';
import type { CanonicalResponse } from './response';
import type { StreamDecoder, StreamEncoder } from './stream-events';

/** A caller protocol's side of a translation: decode its request, encode answers for it. */
export interface ClientCodec {
  readonly protocol: ClientProtocolId;
  decodeRequest(body: unknown, context: TranslationContext): CanonicalRequest;
  /** `upstreamBody` is the answer as the provider sent it, for identity codecs that relay it. */
  encodeResponse(response: CanonicalResponse, context: TranslationContext, upstreamBody: unknown): TranslatedResponse['body'];
  createStreamEncoder(context: TranslationContext, options: { readonly includeUsage: boolean }): StreamEncoder;
  /** Headers for the caller's answer, known once the request is decoded (e.g. tools the translation left out). */
  answerHeaders?(context: TranslationContext): Readonly<Record<string, string>> | undefined;
}

/**
 * A caller protocol's identity codec, for a provider that speaks the same protocol: the request goes
 * up as the caller wrote it (only the model and what a provider needs are changed, so provider
 * features the gateway does not model keep working), and answers are relayed rather than re-encoded.
 * `decodeRequest` is the protocol's own decoder; the identity pair uses it only for estimates.
 */
export interface IdentityCodec extends ClientCodec {
  forwardRequest(body: unknown, context: TranslationContext): UpstreamRequestBody;
}

/** A provider protocol's side: encode requests for it, decode its answers. */
export interface UpstreamCodec {
  readonly protocol: Protocol;
  encodeRequest(request: CanonicalRequest, context: TranslationContext): UpstreamRequestBody;
  decodeResponse(body: unknown, context: TranslationContext): CanonicalResponse;
  createStreamDecoder(context: TranslationContext): StreamDecoder;
}
