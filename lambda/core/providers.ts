/** Upstream provider ids and the wire protocol each one speaks. */
export const PROVIDERS = {
  anthropic: { protocol: 'anthropic' },
  gemini: { protocol: 'gemini' },
  deepseek: { protocol: 'openai' },
  ark: { protocol: 'openai' },
} as const;

export type ProviderId = keyof typeof PROVIDERS;

/** The client-facing protocols, which are also the wire protocols upstreams speak. */
export type Protocol = 'openai' | 'anthropic' | 'gemini';

export function providerProtocol(provider: ProviderId): Protocol {
  return PROVIDERS[provider].protocol;
}
