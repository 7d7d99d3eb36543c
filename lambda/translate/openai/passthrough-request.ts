import { parseClientRequest } from '../canonical/parse-request';
import { openAiPassthroughRequestSchema } from './request-schema';
import type { TranslationContext, UpstreamRequestBody } from '../types';

/**
 * OpenAI Chat Completions caller → OpenAI-compatible provider (DeepSeek, Ark): the body passes
 * through, so provider extensions (`thinking`, `reasoning_content`, ...) keep working. The gateway
 * only sets the upstream model, drops what compatible providers do not implement, and asks for
 * usage on every stream.
 */

/** Fields of OpenAI's own platform (stored completions, predicted outputs) that compatible providers do not implement. */
const OPENAI_PLATFORM_ONLY_FIELDS = ['store', 'metadata', 'prediction'] as const;

/**
 * Validates an OpenAI Chat request — the known roles and part types as themselves, others (provider
 * extensions) left to the provider — and names the first offending field. Unknown fields are kept.
 */
export function parseOpenAiChatRequest(body: unknown) {
  return parseClientRequest(openAiPassthroughRequestSchema, body);
}

function isDeveloperMessage(message: unknown): message is Record<string, unknown> {
  return message !== null && typeof message === 'object' && 'role' in message && message.role === 'developer';
}

/** The caller's body for an OpenAI-compatible provider. */
export function forwardOpenAiRequest(clientBody: unknown, context: TranslationContext): UpstreamRequestBody {
  const request = parseOpenAiChatRequest(clientBody);
  const body: Record<string, unknown> = { ...request, model: context.upstreamModel };
  for (const field of OPENAI_PLATFORM_ONLY_FIELDS) delete body[field];
  // Ark rejects the `developer` role (docs/PROTOCOLS.md §6.5); it means `system` everywhere else too.
  body.messages = request.messages.map((message) => (isDeveloperMessage(message) ? { ...message, role: 'system' } : message));
  if (context.stream) {
    body.stream = true;
    // Always ask for usage so that every stream can be metered.
    body.stream_options = { ...request.stream_options, include_usage: true };
  } else {
    delete body.stream_options;
  }
  return { body };
}
