import type { ResolvedModel } from '../core/catalog';
import { providerProtocol, type Protocol } from '../core/providers';
import type { ProviderApi } from '../providers/types';
import { estimateCountTokens, getCountTokensTranslator } from '../translate/count-tokens';
import type { TranslationContext } from '../translate/types';
import type { postUpstream } from '../http/upstream-request';
import { callUpstream, readUpstreamJson } from './upstream-call';

export interface CountTokensInput {
  readonly client: Protocol;
  readonly model: ResolvedModel;
  readonly body: unknown;
  readonly context: TranslationContext;
  readonly provider: ProviderApi;
  readonly baseUrl: string;
  readonly apiKey: () => Promise<string>;
  readonly headersTimeoutMs: number;
  /** How requests go upstream (tests). @default postUpstream */
  readonly send?: typeof postUpstream;
}

export interface CountTokensAnswer {
  /** The count in the caller's shape (`{input_tokens}` or `{totalTokens}`). */
  readonly body: unknown;
  readonly inputTokens: number;
  /** True when the gateway estimated the count itself (the provider has no counting endpoint). */
  readonly estimated: boolean;
}

/**
 * Answers `POST /v1/messages/count_tokens` and Gemini `:countTokens`.
 * - Anthropic and Gemini models: the provider's own endpoint, the body passed through for the same
 *   protocol and translated across (Anthropic ⇄ Gemini).
 * - DeepSeek and Ark models (no counting endpoint): a high estimate made by the gateway, marked by
 *   the `x-tollgate-token-count: estimate` header. Not a 4xx: Claude Code calls count_tokens on
 *   every turn and would fall back to its own estimate on an error anyway; not a fake 0 either,
 *   which Claude Code would trust and so never compact the context.
 */
export async function countTokens(input: CountTokensInput): Promise<CountTokensAnswer> {
  const translator = getCountTokensTranslator(input.client, providerProtocol(input.model.provider));
  if (!translator) return { ...estimateCountTokens(input.client, input.body), estimated: true };
  const upstreamRequest = translator.request(input.body, input.context);
  const target = input.provider.target({
    baseUrl: input.baseUrl,
    apiKey: await input.apiKey(),
    upstreamModel: input.model.upstreamModel,
    stream: false,
    operation: 'countTokens',
  });
  const call = await callUpstream(
    input.provider,
    { url: target.url, headers: { ...target.headers, ...upstreamRequest.headers } },
    upstreamRequest.body,
    input.headersTimeoutMs,
    input.send,
  );
  return { ...translator.response(await readUpstreamJson(call)), estimated: false };
}
