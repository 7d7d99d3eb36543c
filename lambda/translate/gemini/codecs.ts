import type { ClientCodec, UpstreamCodec } from '../canonical/codec';
import { requestFromGemini } from './request-from-gemini';
import { requestToGemini } from './request-to-gemini';
import { responseFromGemini } from './response-from-gemini';
import { responseToGemini } from './response-to-gemini';
import { GeminiStreamDecoder } from './stream-decoder';
import { GeminiStreamEncoder } from './stream-encoder';

/** Gemini `generateContent` as the caller's protocol. */
export const geminiClientCodec: ClientCodec = {
  protocol: 'gemini',
  decodeRequest: (body) => requestFromGemini(body),
  encodeResponse: responseToGemini,
  createStreamEncoder: (context) => new GeminiStreamEncoder(context),
};

/** Gemini as the upstream protocol. */
export const geminiUpstreamCodec: UpstreamCodec = {
  protocol: 'gemini',
  encodeRequest: requestToGemini,
  decodeResponse: responseFromGemini,
  createStreamDecoder: (context) => new GeminiStreamDecoder(context),
};
