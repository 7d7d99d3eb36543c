import { z } from 'zod';
import { invalidRequest } from '../../core/errors';
import type { TranslationContext, UpstreamRequestBody } from '../types';

/**
 * OpenAI Chat Completions caller → OpenAI-compatible provider (DeepSeek, Ark): the body passes
 * through, so provider extensions (`thinking`, `reasoning_content`, ...) keep working. The gateway
 * only sets the upstream model, drops what compatible providers do not implement, and asks for
 * usage on every stream.
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

/** The caller's body for an OpenAI-compatible provider. */
export function forwardOpenAiRequest(clientBody: unknown, context: TranslationContext): UpstreamRequestBody {
  const request = parseOpenAiChatRequest(clientBody);
  const body: Record<string, unknown> = { ...request, model: context.upstreamModel };
  for (const field of OPENAI_PLATFORM_ONLY_FIELDS) delete body[field];
  // Ark rejects the `developer` role (docs/PROTOCOLS.md §6.5); it means `system` everywhere else too.
  body.messages = request.messages.map((message) => (message.role === 'developer' ? { ...message, role: 'system' } : message));
  if (context.stream) {
    body.stream = true;
    // Always ask for usage so that every stream can be metered.
    body.stream_options = { ...request.stream_options, include_usage: true };
  } else {
    delete body.stream_options;
  }
  return { body };
}
