import { z } from 'zod';
import type { Protocol } from '../core/providers';
import { requestFromAnthropic } from './anthropic/request-from-anthropic';
import { requestToAnthropic } from './anthropic/request-to-anthropic';
import { malformedUpstream, untranslatable } from './canonical/errors';
import { requestFromGemini } from './gemini/request-from-gemini';
import { requestToGemini } from './gemini/request-to-gemini';
import type { TranslationContext, UpstreamRequestBody } from './types';

/**
 * Token counting across protocols: Anthropic `POST /v1/messages/count_tokens` ⇄ Gemini
 * `:countTokens` (PROTOCOLS.md §2, §3). Same-protocol pairs use the identity translators; OpenAI
 * has no counting endpoint, so pairs with an OpenAI side have none.
 */
export interface CountTokensTranslator {
  request(clientBody: unknown, context: TranslationContext): UpstreamRequestBody;
  /** The upstream's count in the caller's shape, and the count itself. */
  response(upstreamBody: unknown): { readonly body: unknown; readonly inputTokens: number };
}

/** Fields Anthropic's count_tokens accepts. https://docs.anthropic.com/en/api/messages-count-tokens */
const ANTHROPIC_COUNT_FIELDS = ['model', 'system', 'messages', 'tools', 'tool_choice', 'thinking'] as const;

const anthropicCountSchema = z.object({ input_tokens: z.number().int().nonnegative() }).loose();
const geminiCountSchema = z.object({ totalTokens: z.number().int().nonnegative().optional() }).loose();

/** Gemini callers send `{contents}` or `{generateContentRequest:{...}}` (mutually exclusive). */
function geminiGenerateRequest(body: unknown): unknown {
  if (body && typeof body === 'object' && 'generateContentRequest' in body) {
    if ('contents' in body) throw untranslatable('contents', 'cannot be combined with generateContentRequest.');
    return (body as { generateContentRequest: unknown }).generateContentRequest;
  }
  return body;
}

const geminiToAnthropic: CountTokensTranslator = {
  request(clientBody, context) {
    const full = requestToAnthropic(requestFromGemini(geminiGenerateRequest(clientBody)), { ...context, stream: false }).body as Record<string, unknown>;
    const body: Record<string, unknown> = {};
    for (const field of ANTHROPIC_COUNT_FIELDS) if (full[field] !== undefined) body[field] = full[field];
    return { body };
  },
  response(upstreamBody) {
    const parsed = anthropicCountSchema.safeParse(upstreamBody);
    if (!parsed.success) throw malformedUpstream('response');
    return { body: { totalTokens: parsed.data.input_tokens }, inputTokens: parsed.data.input_tokens };
  },
};

const anthropicToGemini: CountTokensTranslator = {
  request(clientBody, context) {
    const generate = requestToGemini(requestFromAnthropic(clientBody), { ...context, stream: false }).body as Record<string, unknown>;
    const { generationConfig: _unused, ...rest } = generate;
    return { body: { generateContentRequest: { model: `models/${context.upstreamModel}`, ...rest } } };
  },
  response(upstreamBody) {
    const parsed = geminiCountSchema.safeParse(upstreamBody);
    if (!parsed.success) throw malformedUpstream('response');
    const tokens = parsed.data.totalTokens ?? 0;
    return { body: { input_tokens: tokens }, inputTokens: tokens };
  },
};

/** The count-tokens translator for a cross-protocol pair, or undefined when there is none. */
export function getCountTokensTranslator(client: Protocol, upstream: Protocol): CountTokensTranslator | undefined {
  if (client === 'gemini' && upstream === 'anthropic') return geminiToAnthropic;
  if (client === 'anthropic' && upstream === 'gemini') return anthropicToGemini;
  return undefined;
}
