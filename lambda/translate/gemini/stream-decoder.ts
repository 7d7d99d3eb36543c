import { convertGeminiUsage } from '../../providers/gemini/convert-usage';
import { malformedUpstream, parseEventJson } from '../canonical/errors';
import type { CanonicalStreamEvent, StreamDecoder } from '../canonical/stream-events';
import type { TranslationContext } from '../types';
import { finishReasonFromGemini } from './finish-reason';
import { partsFromGemini } from './response-from-gemini';
import { geminiStreamError } from './upstream-error';
import { geminiResponseSchema } from './upstream-schemas';

/**
 * Gemini `alt=sse` events → canonical events (docs/PROTOCOLS.md §3, §6.4). Each event is a whole
 * GenerateContentResponse with only the new parts; a functionCall arrives whole and becomes one
 * start / arguments / end triple; the last `usageMetadata` wins (early ones are partial); a
 * `promptFeedback.blockReason` without candidates ends the answer as content-filtered; an
 * `{error}` object (framed or bare) becomes an error.
 */
export class GeminiStreamDecoder implements StreamDecoder {
  private started = false;
  private toolCalls = 0;
  private finished = false;

  constructor(private readonly context: TranslationContext) {}

  push(event: { readonly event?: string; readonly data: string }): CanonicalStreamEvent[] {
    const json = parseEventJson(event.data);
    const parsed = geminiResponseSchema.safeParse(Array.isArray(json) ? json[0] : json);
    if (!parsed.success) throw malformedUpstream('stream event');
    const chunk = parsed.data;
    if (chunk.error !== undefined) return [{ type: 'error', error: geminiStreamError(json) }];

    const out: CanonicalStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      out.push({ type: 'start' });
    }
    const candidate = chunk.candidates?.[0];
    for (const part of partsFromGemini(candidate?.content?.parts ?? [], this.context.requestId, this.toolCalls)) {
      if (part.type === 'text') out.push({ type: 'text', text: part.text });
      else if (part.type === 'thinking') out.push({ type: 'reasoning', text: part.text });
      else if (part.type === 'tool-call') {
        const index = this.toolCalls++;
        out.push(
          { type: 'tool-call-start', index, id: part.id, name: part.name },
          { type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(part.input ?? {}) },
          { type: 'tool-call-end', index },
        );
      }
    }
    if (chunk.usageMetadata) out.push({ type: 'usage', usage: convertGeminiUsage(chunk.usageMetadata) });
    if (this.finished) return out;
    if (candidate?.finishReason) {
      this.finished = true;
      out.push({ type: 'finish', reason: finishReasonFromGemini(candidate.finishReason, this.toolCalls > 0) });
    } else if (!candidate && chunk.promptFeedback?.blockReason) {
      this.finished = true;
      out.push({ type: 'finish', reason: 'content-filter' });
    }
    return out;
  }
}
