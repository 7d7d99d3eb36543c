import type { NormalizedUsage } from '../../core/usage';
import { openAiClientProtocol } from '../../protocols/openai/client-protocol';
import type { IdentityCodec } from '../canonical/codec';
import { RelayEncoder } from '../relay-encoder';
import type { SseEvent, TranslationContext } from '../types';
import { forwardOpenAiRequest } from './passthrough-request';
import { requestFromOpenAi } from './request-from-openai';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Adds `prompt_tokens_details.cached_tokens` when the provider reported cache hits its own way (DeepSeek). */
function withStandardUsage(usage: Json, normalized: NormalizedUsage | undefined): Json {
  if (normalized?.cacheReadTokens === undefined) return usage;
  const details = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  if (details.cached_tokens !== undefined && details.cached_tokens !== null) return usage;
  return { ...usage, prompt_tokens_details: { ...details, cached_tokens: normalized.cacheReadTokens } };
}

/**
 * A chunk relayed as the provider sent it, extensions included (`reasoning_content`), with the
 * caller's model name and standard cache fields; the usage the gateway always asks for is hidden
 * from callers that did not ask for it. The provider's `[DONE]` is dropped: the gateway writes its
 * own once the answer is complete.
 */
function relayOpenAiChunk(context: TranslationContext, includeUsage: boolean, event: SseEvent, normalized?: NormalizedUsage): string {
  if (event.data.trim() === '[DONE]') return '';
  // The decoder has parsed and checked this event already: it is a JSON object.
  const chunk: unknown = JSON.parse(event.data);
  if (!isObject(chunk)) return '';
  const usage = isObject(chunk.usage) ? chunk.usage : undefined;
  if (!includeUsage && usage && !(Array.isArray(chunk.choices) && chunk.choices.length)) return '';
  const out: Json = { ...chunk, model: context.publicModel };
  if (!includeUsage) delete out.usage;
  else if (usage) out.usage = withStandardUsage(usage, normalized);
  return `data: ${JSON.stringify(out)}\n\n`;
}

/** OpenAI Chat caller → OpenAI-compatible provider: passthrough (`passthrough-request.ts`), answers relayed. */
export const openAiIdentityCodec: IdentityCodec = {
  protocol: 'openai',
  forwardRequest: forwardOpenAiRequest,
  decodeRequest: (body) => requestFromOpenAi(body),
  encodeResponse(response, context, upstreamBody) {
    const body: Json = { ...(isObject(upstreamBody) ? upstreamBody : {}), model: context.publicModel };
    if (isObject(body.usage)) body.usage = withStandardUsage(body.usage, response.usage);
    return body;
  },
  createStreamEncoder: (context, options) =>
    new RelayEncoder(
      openAiClientProtocol,
      (event, usage) => relayOpenAiChunk(context, options.includeUsage, event, usage),
      'data: [DONE]\n\n',
    ),
};
