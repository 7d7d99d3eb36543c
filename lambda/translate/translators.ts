import type { Protocol } from '../core/providers';
import { anthropicClientCodec, anthropicUpstreamCodec } from './anthropic/codecs';
import { anthropicIdentityCodec } from './anthropic/identity-codec';
import type { ClientCodec, IdentityCodec, UpstreamCodec } from './canonical/codec';
import { geminiClientCodec, geminiUpstreamCodec } from './gemini/codecs';
import { geminiIdentityCodec } from './gemini/identity-codec';
import { openAiClientCodec, openAiUpstreamCodec } from './openai/codecs';
import { openAiIdentityCodec } from './openai/identity-codec';
import { createTranslator } from './translator-pipeline';
import type { Translator } from './types';

const PROTOCOLS: readonly Protocol[] = ['openai', 'anthropic', 'gemini'];

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

/** Every pair's translator, built once: the same pipeline, with the identity codec where the protocols match. */
const TRANSLATORS = new Map<string, Translator>(
  PROTOCOLS.flatMap((client) =>
    PROTOCOLS.map((upstream): [string, Translator] => [
      `${client}>${upstream}`,
      createTranslator(client === upstream ? IDENTITY_CODECS[client] : CLIENT_CODECS[client], UPSTREAM_CODECS[upstream]),
    ]),
  ),
);

/** The translator for a (caller protocol, provider protocol) pair. */
export function getTranslator(client: Protocol, upstream: Protocol): Translator {
  return TRANSLATORS.get(`${client}>${upstream}`) as Translator;
}
