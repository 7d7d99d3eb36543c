import type { CanonicalFinishReason } from '../canonical/response';

/**
 * OpenAI `finish_reason` ⇄ canonical (docs/PROTOCOLS.md §1, §4, §6.3).
 * https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 * DeepSeek adds `insufficient_system_resource` (handled as an upstream error, not a reason).
 */
const FROM_OPENAI: Readonly<Record<string, CanonicalFinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

const TO_OPENAI: Readonly<Record<CanonicalFinishReason, string>> = {
  stop: 'stop',
  'stop-sequence': 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  pause: 'stop',
  other: 'stop',
};

export function finishReasonFromOpenAi(reason: string): CanonicalFinishReason {
  return FROM_OPENAI[reason] ?? 'other';
}

export function finishReasonToOpenAi(reason: CanonicalFinishReason): string {
  return TO_OPENAI[reason];
}
