import type { CanonicalFinishReason } from '../canonical/response';

/**
 * Anthropic `stop_reason` ⇄ canonical (docs/PROTOCOLS.md §2, §6.3).
 * https://docs.anthropic.com/en/api/handling-stop-reasons
 */
const FROM_ANTHROPIC: Readonly<Record<string, CanonicalFinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop-sequence',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
  pause_turn: 'pause',
};

const TO_ANTHROPIC: Readonly<Record<CanonicalFinishReason, string>> = {
  stop: 'end_turn',
  'stop-sequence': 'stop_sequence',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  pause: 'pause_turn',
  other: 'end_turn',
};

export function stopReasonFromAnthropic(reason: string): CanonicalFinishReason {
  return FROM_ANTHROPIC[reason] ?? 'other';
}

export function stopReasonToAnthropic(reason: CanonicalFinishReason): string {
  return TO_ANTHROPIC[reason];
}
