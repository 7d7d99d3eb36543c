import type { ClientCodec, UpstreamCodec } from '../canonical/codec';
import { requestFromAnthropic } from './request-from-anthropic';
import { requestToAnthropic } from './request-to-anthropic';
import { responseFromAnthropic } from './response-from-anthropic';
import { responseToAnthropic } from './response-to-anthropic';
import { AnthropicStreamDecoder } from './stream-decoder';
import { AnthropicStreamEncoder } from './stream-encoder';

/** Anthropic Messages as the caller's protocol (towards another provider protocol). */
export const anthropicClientCodec: ClientCodec = {
  protocol: 'anthropic',
  decodeRequest: (body) => requestFromAnthropic(body),
  encodeResponse: responseToAnthropic,
  createStreamEncoder: (context) => new AnthropicStreamEncoder(context),
};

/** Anthropic Messages as the upstream protocol (for OpenAI and Gemini callers). */
export const anthropicUpstreamCodec: UpstreamCodec = {
  protocol: 'anthropic',
  encodeRequest: requestToAnthropic,
  decodeResponse: (body) => responseFromAnthropic(body),
  createStreamDecoder: () => new AnthropicStreamDecoder(),
};
