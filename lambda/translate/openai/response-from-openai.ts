import { convertOpenAiCompatibleUsage } from '../../providers/openai-compatible/convert-usage';
import type { CanonicalOutputPart, CanonicalResponse } from '../canonical/response';
import { malformedUpstream } from '../canonical/errors';
import type { TranslationContext } from '../types';
import { finishReasonFromOpenAi } from './finish-reason';
import { INSUFFICIENT_SYSTEM_RESOURCE, insufficientSystemResource } from './upstream-errors';
import { openAiResponseSchema } from './upstream-schemas';

function parseArguments(text: string | null | undefined): unknown {
  if (!text || text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw malformedUpstream('response');
  }
}

/** OpenAI-compatible `chat.completion` (DeepSeek, Ark) → canonical answer. */
export function responseFromOpenAi(body: unknown, context: TranslationContext): CanonicalResponse {
  const parsed = openAiResponseSchema.safeParse(body);
  if (!parsed.success || parsed.data.choices.length === 0) throw malformedUpstream('response');
  const choice = parsed.data.choices[0];
  if (choice.finish_reason === INSUFFICIENT_SYSTEM_RESOURCE) throw insufficientSystemResource();
  const content: CanonicalOutputPart[] = [];
  if (choice.message.reasoning_content) content.push({ type: 'thinking', text: choice.message.reasoning_content });
  if (choice.message.content) content.push({ type: 'text', text: choice.message.content });
  (choice.message.tool_calls ?? []).forEach((call, index) => {
    content.push({
      type: 'tool-call',
      id: call.id ?? `call_${context.requestId}_${index}`,
      name: call.function?.name ?? '',
      input: parseArguments(call.function?.arguments),
    });
  });
  return {
    content,
    finishReason: finishReasonFromOpenAi(choice.finish_reason ?? 'stop'),
    usage: parsed.data.usage ? convertOpenAiCompatibleUsage(parsed.data.usage) : {},
  };
}
