import { convertOpenAiCompatibleUsage } from '../../providers/openai-compatible/convert-usage';
import { malformedUpstream, parseEventJson } from '../canonical/errors';
import type { CanonicalStreamEvent, StreamDecoder } from '../canonical/stream-events';
import type { TranslationContext } from '../types';
import { finishReasonFromOpenAi } from './finish-reason';
import { INSUFFICIENT_SYSTEM_RESOURCE, insufficientSystemResource, openAiMidStreamError } from './upstream-errors';
import { openAiChunkSchema } from './upstream-schemas';

/**
 * OpenAI-compatible chunks (DeepSeek, Ark) → canonical events (docs/PROTOCOLS.md §1, §4, §5, §6.5).
 * Tolerates `usage: null` everywhere, usage on the finish chunk or on a separate `choices: []`
 * chunk, `reasoning_content` deltas, tool calls whose first delta already carries arguments,
 * and a stream without `[DONE]`. Only choice 0 is read (`n` is always 1 on translated requests).
 */
export class OpenAiStreamDecoder implements StreamDecoder {
  private started = false;
  /** Upstream tool-call index → canonical index. */
  private readonly toolIndexes = new Map<number, number>();
  private finished = false;

  constructor(private readonly context: TranslationContext) {}

  push(event: { readonly event?: string; readonly data: string }): CanonicalStreamEvent[] {
    if (event.data.trim() === '[DONE]') return [];
    const parsed = openAiChunkSchema.safeParse(parseEventJson(event.data));
    if (!parsed.success) throw malformedUpstream('stream event');
    const chunk = parsed.data;
    if (event.event === 'error' || chunk.error !== undefined) return [{ type: 'error', error: openAiMidStreamError() }];

    const out: CanonicalStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      out.push({ type: 'start' });
    }
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    const delta = choice?.delta;
    if (delta?.reasoning_content) out.push({ type: 'reasoning', text: delta.reasoning_content });
    if (delta?.content) out.push({ type: 'text', text: delta.content });
    for (const [position, call] of (delta?.tool_calls ?? []).entries()) {
      const upstreamIndex = call.index ?? position;
      let index = this.toolIndexes.get(upstreamIndex);
      if (index === undefined) {
        index = this.toolIndexes.size;
        this.toolIndexes.set(upstreamIndex, index);
        const id = call.id ?? `call_${this.context.requestId}_${index}`;
        out.push({ type: 'tool-call-start', index, id, name: call.function?.name ?? '' });
      }
      if (call.function?.arguments) out.push({ type: 'tool-call-delta', index, argumentsDelta: call.function.arguments });
    }
    const reason = choice?.finish_reason;
    const usage = chunk.usage ? convertOpenAiCompatibleUsage(chunk.usage) : undefined;
    if (reason === INSUFFICIENT_SYSTEM_RESOURCE) {
      if (usage) out.push({ type: 'usage', usage });
      out.push({ type: 'error', error: insufficientSystemResource() });
      return out;
    }
    if (reason && !this.finished) {
      this.finished = true;
      for (const index of this.toolIndexes.values()) out.push({ type: 'tool-call-end', index });
      out.push({ type: 'finish', reason: finishReasonFromOpenAi(reason) });
    }
    if (usage) out.push({ type: 'usage', usage });
    return out;
  }
}
