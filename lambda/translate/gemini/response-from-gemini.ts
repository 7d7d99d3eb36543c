import { convertGeminiUsage } from '../../providers/gemini/convert-usage';
import type { CanonicalOutputPart, CanonicalResponse } from '../canonical/response';
import { malformedUpstream } from '../canonical/errors';
import type { TranslationContext } from '../types';
import { finishReasonFromGemini } from './finish-reason';
import { mintToolCallId } from './tool-call-id';
import { geminiResponseSchema, type GeminiPart } from './upstream-schemas';

/** Gemini parts → canonical parts; functionCalls get minted ids carrying their thoughtSignature. */
export function partsFromGemini(parts: readonly GeminiPart[], requestId: string, firstToolPosition: number): CanonicalOutputPart[] {
  let position = firstToolPosition;
  return parts.flatMap((part): CanonicalOutputPart[] => {
    if (part.functionCall) {
      const id = mintToolCallId(requestId, position++, part.thoughtSignature, part.functionCall.id);
      return [{ type: 'tool-call', id, name: part.functionCall.name, input: part.functionCall.args ?? {} }];
    }
    if (part.text === undefined || part.text === '') return [];
    // Signatures on text parts are optional to return (only functionCall ones are required) and are dropped.
    return part.thought ? [{ type: 'thinking', text: part.text }] : [{ type: 'text', text: part.text }];
  });
}

/**
 * Gemini `generateContent` answer → canonical answer. Only candidate 0 is read. A prompt blocked
 * by `promptFeedback.blockReason` (no candidates) is an empty, content-filtered answer.
 */
export function responseFromGemini(body: unknown, context: TranslationContext): CanonicalResponse {
  const parsed = geminiResponseSchema.safeParse(Array.isArray(body) ? body[0] : body);
  if (!parsed.success || parsed.data.error !== undefined) throw malformedUpstream('response');
  const usage = parsed.data.usageMetadata ? convertGeminiUsage(parsed.data.usageMetadata) : {};
  const candidate = parsed.data.candidates?.[0];
  if (!candidate) {
    if (parsed.data.promptFeedback?.blockReason) return { content: [], finishReason: 'content-filter', usage };
    throw malformedUpstream('response');
  }
  const content = partsFromGemini(candidate.content?.parts ?? [], context.requestId, 0);
  const hasCall = content.some((part) => part.type === 'tool-call');
  return { content, finishReason: finishReasonFromGemini(candidate.finishReason ?? 'STOP', hasCall), usage };
}
