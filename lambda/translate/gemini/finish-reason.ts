import type { CanonicalFinishReason } from '../canonical/response';

/**
 * Gemini `finishReason` ⇄ canonical (docs/PROTOCOLS.md §3, §6.4).
 * https://ai.google.dev/api/generate-content#FinishReason
 * A STOP with a functionCall part is a tool call (decided by the decoders). Function-calling
 * failures, OTHER and LANGUAGE become 'other' (a normal stop for the caller): the answer so far is
 * delivered rather than discarded.
 */
const FROM_GEMINI: Readonly<Record<string, CanonicalFinishReason>> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content-filter',
  RECITATION: 'content-filter',
  BLOCKLIST: 'content-filter',
  PROHIBITED_CONTENT: 'content-filter',
  SPII: 'content-filter',
  IMAGE_SAFETY: 'content-filter',
  IMAGE_PROHIBITED_CONTENT: 'content-filter',
  IMAGE_RECITATION: 'content-filter',
  IMAGE_OTHER: 'content-filter',
};

const TO_GEMINI: Readonly<Record<CanonicalFinishReason, string>> = {
  stop: 'STOP',
  'stop-sequence': 'STOP',
  length: 'MAX_TOKENS',
  'tool-calls': 'STOP',
  'content-filter': 'SAFETY',
  pause: 'STOP',
  other: 'STOP',
};

export function finishReasonFromGemini(reason: string, hasFunctionCall: boolean): CanonicalFinishReason {
  const mapped = FROM_GEMINI[reason] ?? 'other';
  return mapped === 'stop' && hasFunctionCall ? 'tool-calls' : mapped;
}

export function finishReasonToGemini(reason: CanonicalFinishReason): string {
  return TO_GEMINI[reason];
}
