import type { CanonicalOutputPart, CanonicalResponse } from '../canonical/response';
import type { TranslationContext } from '../types';
import { finishReasonToGemini } from './finish-reason';
import { usageToGemini } from './usage-to-gemini';

/** Canonical output parts → Gemini parts. Reasoning becomes `thought: true` text; a signature rides along as `thoughtSignature`. */
export function partsToGemini(content: readonly CanonicalOutputPart[]): Array<Record<string, unknown>> {
  return content.flatMap((part): Array<Record<string, unknown>> => {
    switch (part.type) {
      case 'text':
        return [{ text: part.text }];
      case 'thinking':
        return [part.signature ? { text: part.text, thought: true, thoughtSignature: part.signature } : { text: part.text, thought: true }];
      case 'tool-call':
        return [{ functionCall: { id: part.id, name: part.name, args: part.input ?? {} } }];
      default:
        return [];
    }
  });
}

/** Canonical answer → Gemini `GenerateContentResponse`. */
export function responseToGemini(response: CanonicalResponse, context: TranslationContext): Record<string, unknown> {
  return {
    candidates: [
      {
        content: { role: 'model', parts: partsToGemini(response.content) },
        finishReason: finishReasonToGemini(response.finishReason),
        index: 0,
      },
    ],
    usageMetadata: usageToGemini(response.usage),
    modelVersion: context.publicModel,
    responseId: context.requestId,
  };
}
