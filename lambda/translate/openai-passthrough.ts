import { z } from 'zod';
import { GatewayError, invalidRequest } from '../core/errors';
import type { NormalizedUsage } from '../core/usage';
import { convertOpenAiCompatibleUsage, openAiCompatibleUsageSchema } from '../providers/openai-compatible/convert-usage';
import type { SseEvent, StreamTranslator, TranslationContext, Translator } from './types';

/**
 * OpenAI Chat Completions caller → OpenAI-compatible provider (DeepSeek, Ark): the body passes
 * through, so provider extensions (`thinking`, `reasoning_content`, ...) keep working. The gateway
 * only sets the upstream model, asks for usage on every stream, and hides the usage chunk from
 * callers that did not ask for it.
 */

/** Fields of OpenAI's own platform (stored completions, predicted outputs) that compatible providers do not implement. */
const OPENAI_PLATFORM_ONLY_FIELDS = ['store', 'metadata', 'prediction'] as const;

const requestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(z.object({ role: z.string() }).loose()).min(1),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).loose().nullish(),
  })
  .loose();

const chunkSchema = z
  .object({
    choices: z.array(z.object({ finish_reason: z.string().nullish() }).loose()).optional(),
    usage: openAiCompatibleUsageSchema.nullish(),
    error: z.unknown().optional(),
  })
  .loose();

const responseSchema = z
  .object({
    choices: z.array(z.object({}).loose()),
    usage: openAiCompatibleUsageSchema.nullish(),
  })
  .loose();

/** Validates an OpenAI Chat request and names the first offending field. */
export function parseOpenAiChatRequest(body: unknown): z.infer<typeof requestSchema> {
  const parsed = requestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length
    ? issue.path
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
        .join('')
        .replace(/^\./, '')
    : 'body';
  const problem = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : 'is not valid';
  const hint = field === 'messages' ? ' (a non-empty array of messages)' : '';
  throw invalidRequest(`The field '${field}' ${problem}${hint}.`, field);
}

/** Adds `prompt_tokens_details.cached_tokens` when the provider reported cache hits its own way (DeepSeek). */
function withStandardUsage(usage: Record<string, unknown>, normalized: NormalizedUsage): Record<string, unknown> {
  if (normalized.cacheReadTokens === undefined) return usage;
  const details = (usage.prompt_tokens_details as Record<string, unknown> | null | undefined) ?? {};
  if (details.cached_tokens !== undefined && details.cached_tokens !== null) return usage;
  return { ...usage, prompt_tokens_details: { ...details, cached_tokens: normalized.cacheReadTokens } };
}

function midStreamError(): GatewayError {
  // The upstream's error body may echo the prompt: report that it failed, not what it said.
  return new GatewayError(502, 'upstream_error', 'The upstream provider reported an error during the stream.');
}

function malformedChunk(): GatewayError {
  return new GatewayError(502, 'upstream_error', 'The upstream provider sent a malformed stream event.');
}

class OpenAiPassthroughStream implements StreamTranslator {
  usage: NormalizedUsage | undefined;
  completed = false;

  constructor(
    private readonly context: TranslationContext,
    private readonly includeUsage: boolean,
  ) {}

  push(event: SseEvent): string {
    if (event.data.trim() === '[DONE]') {
      this.completed = true;
      return '';
    }
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      throw malformedChunk();
    }
    const parsed = chunkSchema.safeParse(json);
    if (!parsed.success) throw malformedChunk();
    const chunk = parsed.data;
    if (event.event === 'error' || chunk.error !== undefined) throw midStreamError();
    if (chunk.choices?.some((choice) => choice.finish_reason)) this.completed = true;

    const out: Record<string, unknown> = { ...chunk, model: this.context.publicModel };
    if (chunk.usage) {
      this.usage = convertOpenAiCompatibleUsage(chunk.usage);
      out.usage = withStandardUsage(chunk.usage, this.usage);
    }
    if (!this.includeUsage) {
      // The caller did not ask for usage: drop the usage-only chunk, and the field elsewhere.
      if (chunk.usage && (chunk.choices ?? []).length === 0) return '';
      delete out.usage;
    }
    return `data: ${JSON.stringify(out)}\n\n`;
  }

  end(): string {
    return 'data: [DONE]\n\n';
  }

  fail(error: GatewayError): string {
    return `data: ${JSON.stringify({ error: { message: error.message, type: 'server_error', param: null, code: error.kind } })}\n\n`;
  }
}

export function createOpenAiPassthroughTranslator(): Translator {
  return {
    client: 'openai',
    upstream: 'openai',
    request(clientBody, context) {
      const body: Record<string, unknown> = { ...parseOpenAiChatRequest(clientBody), model: context.upstreamModel };
      for (const field of OPENAI_PLATFORM_ONLY_FIELDS) delete body[field];
      // Ark rejects the `developer` role (PROTOCOLS.md §6.5); it means `system` everywhere else too.
      body.messages = (body.messages as Array<Record<string, unknown>>).map((message) =>
        message.role === 'developer' ? { ...message, role: 'system' } : message,
      );
      if (context.stream) {
        body.stream = true;
        // Always ask for usage so that every stream can be metered.
        body.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
      } else {
        delete body.stream_options;
      }
      return { body };
    },
    response(upstreamBody, context) {
      const parsed = responseSchema.safeParse(upstreamBody);
      if (!parsed.success) throw new GatewayError(502, 'upstream_error', 'The upstream provider sent a malformed response.');
      const usage = parsed.data.usage ? convertOpenAiCompatibleUsage(parsed.data.usage) : {};
      const body = { ...parsed.data, model: context.publicModel };
      if (parsed.data.usage) body.usage = withStandardUsage(parsed.data.usage, usage) as typeof parsed.data.usage;
      return { body, usage };
    },
    stream(context, options) {
      return new OpenAiPassthroughStream(context, options.includeUsage);
    },
  };
}
