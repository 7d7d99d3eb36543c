import type { Protocol } from '../../core/providers';
import type { TranslatedResponse, TranslationContext, UpstreamRequestBody } from '../types';
import type { CanonicalRequest } from './request';
import type { CanonicalResponse } from './response';
import type { StreamDecoder, StreamEncoder } from './stream-events';

/** A caller protocol's side of a translation: decode its request, encode answers for it. */
export interface ClientCodec {
  readonly protocol: Protocol;
  decodeRequest(body: unknown, context: TranslationContext): CanonicalRequest;
  encodeResponse(response: CanonicalResponse, context: TranslationContext): TranslatedResponse['body'];
  createStreamEncoder(context: TranslationContext, options: { readonly includeUsage: boolean }): StreamEncoder;
}

/** A provider protocol's side: encode requests for it, decode its answers. */
export interface UpstreamCodec {
  readonly protocol: Protocol;
  encodeRequest(request: CanonicalRequest, context: TranslationContext): UpstreamRequestBody;
  decodeResponse(body: unknown, context: TranslationContext): CanonicalResponse;
  createStreamDecoder(context: TranslationContext): StreamDecoder;
}
