import type { Protocol } from '../core/providers';
import { anthropicClientCodec, anthropicUpstreamCodec } from './anthropic/codecs';
import { createAnthropicIdentityTranslator } from './anthropic/identity-translator';
import type { ClientCodec, UpstreamCodec } from './canonical/codec';
import { createCrossTranslator } from './cross-translator';
import { geminiClientCodec, geminiUpstreamCodec } from './gemini/codecs';
import { createGeminiIdentityTranslator } from './gemini/identity-translator';
import { openAiClientCodec, openAiUpstreamCodec } from './openai/codecs';
import { createOpenAiPassthroughTranslator } from './openai-passthrough';
import type { Translator } from './types';

const CLIENT_CODECS: Readonly<Record<Protocol, ClientCodec>> = {
  openai: openAiClientCodec,
  anthropic: anthropicClientCodec,
  gemini: geminiClientCodec,
};

const UPSTREAM_CODECS: Readonly<Record<Protocol, UpstreamCodec>> = {
  openai: openAiUpstreamCodec,
  anthropic: anthropicUpstreamCodec,
  gemini: geminiUpstreamCodec,
};

/**
 * The translator for a (caller protocol, provider protocol) pair. Same-protocol pairs pass the body
 * through (so provider features the gateway does not model keep working); the others go through
 * the canonical model.
 */
export function getTranslator(client: Protocol, upstream: Protocol): Translator {
  if (client === upstream) {
    switch (client) {
      case 'openai':
        return createOpenAiPassthroughTranslator();
      case 'anthropic':
        return createAnthropicIdentityTranslator();
      case 'gemini':
        return createGeminiIdentityTranslator();
    }
  }
  return createCrossTranslator(CLIENT_CODECS[client], UPSTREAM_CODECS[upstream]);
}
