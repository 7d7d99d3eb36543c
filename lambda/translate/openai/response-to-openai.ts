import type { CanonicalResponse } from '../canonical/response';
import type { TranslationContext } from '../types';
import { finishReasonToOpenAi } from './finish-reason';
import { usageToOpenAi } from './usage-to-openai';

/**
 * Canonical answer → OpenAI `chat.completion`. Reasoning goes to `message.reasoning_content`, the
 * field DeepSeek and Ark clients read; strict OpenAI clients ignore it.
 */
export function responseToOpenAi(response: CanonicalResponse, context: TranslationContext): Record<string, unknown> {
  const text = response.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  const reasoning = response.content.flatMap((part) => (part.type === 'thinking' ? [part.text] : [])).join('');
  const toolCalls = response.content.flatMap((part) =>
    part.type === 'tool-call'
      ? [{ id: part.id, type: 'function', function: { name: part.name, arguments: JSON.stringify(part.input ?? {}) } }]
      : [],
  );
  const message: Record<string, unknown> = { role: 'assistant', content: text.length || !toolCalls.length ? text : null, refusal: null };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length) message.tool_calls = toolCalls;
  return {
    id: `chatcmpl-${context.requestId}`,
    object: 'chat.completion',
    created: context.createdAt,
    model: context.publicModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasonToOpenAi(response.finishReason) }],
    usage: usageToOpenAi(response.usage),
  };
}
