import type { CanonicalResponse } from '../canonical/response';
import type { TranslationContext } from '../types';
import { stopReasonToAnthropic } from './stop-reason';
import { usageToAnthropic } from './usage-to-anthropic';

/**
 * Canonical answer → Anthropic Message. Reasoning without a signature (DeepSeek, Ark, Gemini
 * thoughts) becomes a thinking block with an empty signature; a caller that sends it back to a
 * non-Anthropic model gets it translated again (DeepSeek `reasoning_content`).
 */
export function responseToAnthropic(response: CanonicalResponse, context: TranslationContext): Record<string, unknown> {
  const content = response.content.map((part) => {
    switch (part.type) {
      case 'text':
        return { type: 'text', text: part.text };
      case 'thinking':
        return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
      case 'redacted-thinking':
        return { type: 'redacted_thinking', data: part.data };
      case 'tool-call':
        return { type: 'tool_use', id: part.id, name: part.name, input: part.input ?? {} };
    }
  });
  return {
    id: `msg_${context.requestId}`,
    type: 'message',
    role: 'assistant',
    model: context.publicModel,
    content,
    stop_reason: stopReasonToAnthropic(response.finishReason),
    stop_sequence: response.stopSequence ?? null,
    usage: usageToAnthropic(response.usage),
  };
}
