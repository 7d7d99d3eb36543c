/** Upstream provider ids and the wire protocol each one speaks. */
export const PROVIDERS = {
  anthropic: { protocol: 'anthropic' },
  gemini: { protocol: 'gemini' },
  deepseek: { protocol: 'openai' },
  ark: { protocol: 'openai' },
} as const;

export type ProviderId = keyof typeof PROVIDERS;

/** Every provider id, as a list (for schemas and option parsers). */
export const PROVIDER_IDS = ['anthropic', 'gemini', 'deepseek', 'ark'] as const satisfies readonly ProviderId[];

/** The wire protocols upstreams speak, which callers speak too. */
export type Protocol = 'openai' | 'anthropic' | 'gemini';

/** The protocols callers speak: the upstream ones, and OpenAI's Responses API (translated, never an upstream). */
export type ClientProtocolId = Protocol | 'openai-responses';

export function providerProtocol(provider: ProviderId): Protocol {
  return PROVIDERS[provider].protocol;
}
