import type { ClientProtocolId, Protocol } from '../core/providers';
import { anthropicClientCodec, anthropicUpstreamCodec } from './anthropic/codecs';
import { anthropicIdentityCodec } from './anthropic/identity-codec';
import type { ClientCodec, IdentityCodec, UpstreamCodec } from './canonical/codec';
import { geminiClientCodec, geminiUpstreamCodec } from './gemini/codecs';
import { geminiIdentityCodec } from './gemini/identity-codec';
import { openAiClientCodec, openAiUpstreamCodec } from './openai/codecs';
import { openAiIdentityCodec } from './openai/identity-codec';
import { responsesClientCodec } from './responses/codecs';
import { createTranslator } from './translator-pipeline';
import type { Translator } from './types';

const CLIENT_CODECS: Readonly<Record<Protocol, ClientCodec>> = {
  openai: openAiClientCodec,
  anthropic: anthropicClientCodec,
  gemini: geminiClientCodec,
};

/** Same protocol on both sides: the request passes through and answers are relayed. */
const IDENTITY_CODECS: Readonly<Record<Protocol, IdentityCodec>> = {
  openai: openAiIdentityCodec,
  anthropic: anthropicIdentityCodec,
  gemini: geminiIdentityCodec,
};

const UPSTREAM_CODECS: Readonly<Record<Protocol, UpstreamCodec>> = {
  openai: openAiUpstreamCodec,
  anthropic: anthropicUpstreamCodec,
  gemini: geminiUpstreamCodec,
};

function translatorsFor(client: Protocol): Readonly<Record<Protocol, Translator>> {
  const codec = (upstream: Protocol) => (client === upstream ? IDENTITY_CODECS[client] : CLIENT_CODECS[client]);
  return {
    openai: createTranslator(codec('openai'), UPSTREAM_CODECS.openai),
    anthropic: createTranslator(codec('anthropic'), UPSTREAM_CODECS.anthropic),
    gemini: createTranslator(codec('gemini'), UPSTREAM_CODECS.gemini),
  };
}

/** Every pair's translator, built once: the same pipeline, with the identity codec where the protocols match. */
const TRANSLATORS: Readonly<Record<Protocol, Readonly<Record<Protocol, Translator>>>> = {
  openai: translatorsFor('openai'),
  anthropic: translatorsFor('anthropic'),
  gemini: translatorsFor('gemini'),
};

/** OpenAI Responses callers: one more client codec, translated to every provider (no provider speaks it). */
const RESPONSES_TRANSLATORS: Readonly<Record<Protocol, Translator>> = {
  openai: createTranslator(responsesClientCodec, UPSTREAM_CODECS.openai),
  anthropic: createTranslator(responsesClientCodec, UPSTREAM_CODECS.anthropic),
  gemini: createTranslator(responsesClientCodec, UPSTREAM_CODECS.gemini),
};

/** The translator for a (caller protocol, provider protocol) pair. */
export function getTranslator(client: ClientProtocolId, upstream: Protocol): Translator {
  return client === 'openai-responses' ? RESPONSES_TRANSLATORS[upstream] : TRANSLATORS[client][upstream];
}
