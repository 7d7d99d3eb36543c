import { z } from 'zod';
import type { Protocol } from '../core/providers';
import { forwardedAnthropicHeaders } from './anthropic/identity-codec';
import { requestFromAnthropic } from './anthropic/request-from-anthropic';
import { requestToAnthropic } from './anthropic/request-to-anthropic';
import { estimatePromptTokens } from './canonical/estimate-tokens';
import { parseClientRequest } from './canonical/parse-request';
import { anthropicPassthroughRequestSchema } from './anthropic/request-schema';
import { geminiCountTokensRequestSchema } from './gemini/request-schema';
import { malformedUpstream, untranslatable } from './canonical/errors';
import { requestFromGemini } from './gemini/request-from-gemini';
import { requestToGemini } from './gemini/request-to-gemini';
import type { TranslationContext, UpstreamRequestBody } from './types';

/**
 * Token counting: Anthropic `POST /v1/messages/count_tokens` ⇄ Gemini `:countTokens`
 * (docs/PROTOCOLS.md §2, §3, §6.8). Same-protocol pairs pass the body through; OpenAI-compatible providers
 * have no counting endpoint, so callers of those get an estimate (`estimateCountTokens`).
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
    return body.generateContentRequest;
  }
  return body;
}

const geminiToAnthropic: CountTokensTranslator = {
  request(clientBody, context) {
    const full = requestToAnthropic(requestFromGemini(geminiGenerateRequest(clientBody)), { ...context, stream: false }).body as Record<
      string,
      unknown
    >;
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

function requireObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw untranslatable('body', 'must be a JSON object.');
  return body as Record<string, unknown>;
}

/** Anthropic → Anthropic: the body untouched except `model`; `anthropic-version`/`anthropic-beta` forwarded. */
const anthropicIdentity: CountTokensTranslator = {
  request(clientBody, context) {
    parseClientRequest(anthropicPassthroughRequestSchema, clientBody);
    return { body: { ...requireObject(clientBody), model: context.upstreamModel }, headers: forwardedAnthropicHeaders(context) };
  },
  response(upstreamBody) {
    const parsed = anthropicCountSchema.safeParse(upstreamBody);
    if (!parsed.success) throw malformedUpstream('response');
    return { body: upstreamBody, inputTokens: parsed.data.input_tokens };
  },
};

/** Gemini → Gemini: the body untouched (the model is in the URL). */
const geminiIdentity: CountTokensTranslator = {
  request(clientBody) {
    parseClientRequest(geminiCountTokensRequestSchema, geminiGenerateRequest(clientBody));
    return { body: requireObject(clientBody) };
  },
  response(upstreamBody) {
    const parsed = geminiCountSchema.safeParse(upstreamBody);
    if (!parsed.success) throw malformedUpstream('response');
    return { body: upstreamBody, inputTokens: parsed.data.totalTokens ?? 0 };
  },
};

/** The count-tokens translator for a pair whose provider can count, or undefined when it cannot. */
export function getCountTokensTranslator(client: Protocol, upstream: Protocol): CountTokensTranslator | undefined {
  if (client === 'anthropic' && upstream === 'anthropic') return anthropicIdentity;
  if (client === 'gemini' && upstream === 'gemini') return geminiIdentity;
  if (client === 'gemini' && upstream === 'anthropic') return geminiToAnthropic;
  if (client === 'anthropic' && upstream === 'gemini') return anthropicToGemini;
  return undefined;
}

/**
 * A count answered by the gateway itself, for providers without a counting endpoint: the caller's
 * request decoded like a generation request, estimated high (see `estimatePromptTokens`), in the
 * caller's shape. Throws 400 for an invalid or untranslatable body, as generation would.
 */
export function estimateCountTokens(client: Protocol, clientBody: unknown): { readonly body: unknown; readonly inputTokens: number } {
  if (client === 'anthropic') {
    const tokens = estimatePromptTokens(requestFromAnthropic(clientBody));
    return { body: { input_tokens: tokens }, inputTokens: tokens };
  }
  if (client === 'gemini') {
    const tokens = estimatePromptTokens(requestFromGemini(geminiGenerateRequest(clientBody)));
    return { body: { totalTokens: tokens }, inputTokens: tokens };
  }
  throw untranslatable('model', 'cannot be counted: OpenAI Chat Completions has no token-counting endpoint.');
}
