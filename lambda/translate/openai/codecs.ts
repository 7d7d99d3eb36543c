import type { ClientCodec, UpstreamCodec } from '../canonical/codec';
import { requestFromOpenAi } from './request-from-openai';
import { requestToOpenAi } from './request-to-openai';
import { responseFromOpenAi } from './response-from-openai';
import { responseToOpenAi } from './response-to-openai';
import { OpenAiStreamDecoder } from './stream-decoder';
import { OpenAiStreamEncoder } from './stream-encoder';

/** OpenAI Chat Completions as the caller's protocol. */
export const openAiClientCodec: ClientCodec = {
  protocol: 'openai',
  decodeRequest: (body) => requestFromOpenAi(body),
  encodeResponse: responseToOpenAi,
  createStreamEncoder: (context, options) => new OpenAiStreamEncoder(context, options.includeUsage),
};

/** OpenAI-compatible providers (DeepSeek, Ark) as the upstream protocol. */
export const openAiUpstreamCodec: UpstreamCodec = {
  protocol: 'openai',
  encodeRequest: requestToOpenAi,
  decodeResponse: responseFromOpenAi,
  createStreamDecoder: (context) => new OpenAiStreamDecoder(context),
};
