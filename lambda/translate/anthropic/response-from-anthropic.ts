import { convertAnthropicUsage } from '../../providers/anthropic/convert-usage';
import type { CanonicalOutputPart, CanonicalResponse } from '../canonical/response';
import { malformedUpstream } from '../canonical/errors';
import { stopReasonFromAnthropic } from './stop-reason';
import { anthropicResponseSchema } from './upstream-schemas';

/** Anthropic Messages response → canonical answer. Server-tool and unknown blocks are skipped. */
export function responseFromAnthropic(body: unknown): CanonicalResponse {
  const parsed = anthropicResponseSchema.safeParse(body);
  if (!parsed.success) throw malformedUpstream('response');
  const content: CanonicalOutputPart[] = parsed.data.content.flatMap((block): CanonicalOutputPart[] => {
    switch (block.type) {
      case 'text':
        return [{ type: 'text', text: block.text ?? '' }];
      case 'thinking':
        return [{ type: 'thinking', text: block.thinking ?? '', signature: block.signature || undefined }];
      case 'redacted_thinking':
        return [{ type: 'redacted-thinking', data: block.data ?? '' }];
      case 'tool_use':
        return [{ type: 'tool-call', id: block.id ?? '', name: block.name ?? '', input: block.input ?? {} }];
      default:
        return [];
    }
  });
  return {
    content,
    finishReason: stopReasonFromAnthropic(parsed.data.stop_reason ?? 'end_turn'),
    stopSequence: parsed.data.stop_sequence ?? undefined,
    usage: convertAnthropicUsage(parsed.data.usage),
  };
}
