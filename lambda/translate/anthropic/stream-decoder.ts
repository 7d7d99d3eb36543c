import { convertAnthropicUsage, mergeAnthropicUsage, type AnthropicUsage } from '../../providers/anthropic/convert-usage';
import { anthropicErrorFromType } from '../../providers/anthropic/error-types';
import { malformedUpstream, parseEventJson } from '../canonical/errors';
import type { CanonicalStreamEvent, StreamDecoder } from '../canonical/stream-events';
import { stopReasonFromAnthropic } from './stop-reason';
import { ANTHROPIC_ERROR_STATUS, anthropicStreamEventSchema, KNOWN_ANTHROPIC_EVENTS } from './upstream-schemas';

/**
 * Anthropic stream events → canonical events (docs/PROTOCOLS.md §2, §6.3). Tool blocks are renumbered
 * 0, 1, ... among tool blocks only; usage from `message_start` is merged with the cumulative
 * `message_delta` usage; `ping` and unknown events are skipped; an `error` event becomes an error.
 */
export class AnthropicStreamDecoder implements StreamDecoder {
  private usage: AnthropicUsage = {};
  /** Content block index → tool-call index, for tool_use blocks. */
  private readonly toolBlocks = new Map<number, number>();

  push(event: { readonly event?: string; readonly data: string }): CanonicalStreamEvent[] {
    const json = parseEventJson(event.data) as { type?: unknown } | null;
    const type = typeof json?.type === 'string' ? json.type : event.event;
    if (!type || !KNOWN_ANTHROPIC_EVENTS.has(type)) return [];
    const parsed = anthropicStreamEventSchema.safeParse(json);
    if (!parsed.success) throw malformedUpstream('stream event');
    const data = parsed.data;
    switch (data.type) {
      case 'message_start':
        return [{ type: 'start' }, ...this.addUsage(data.message.usage)];
      case 'content_block_start':
        return this.blockStart(data.index, data.content_block);
      case 'content_block_delta':
        return this.blockDelta(data.index, data.delta);
      case 'content_block_stop': {
        const tool = this.toolBlocks.get(data.index);
        return tool === undefined ? [] : [{ type: 'tool-call-end', index: tool }];
      }
      case 'message_delta': {
        const out: CanonicalStreamEvent[] = [];
        if (data.delta.stop_reason) {
          out.push({
            type: 'finish',
            reason: stopReasonFromAnthropic(data.delta.stop_reason),
            stopSequence: data.delta.stop_sequence ?? undefined,
          });
        }
        return [...out, ...this.addUsage(data.usage ?? undefined)];
      }
      case 'error': {
        const errorType = data.error.type;
        const status = errorType ? (ANTHROPIC_ERROR_STATUS[errorType] ?? 500) : 500;
        return [{ type: 'error', error: anthropicErrorFromType(errorType, status) }];
      }
      default:
        return [];
    }
  }

  private addUsage(usage: AnthropicUsage | undefined): CanonicalStreamEvent[] {
    if (!usage) return [];
    this.usage = mergeAnthropicUsage(this.usage, usage);
    return [{ type: 'usage', usage: convertAnthropicUsage(this.usage) }];
  }

  private blockStart(
    index: number,
    block: { type: string; text?: string; thinking?: string; data?: string; id?: string; name?: string },
  ): CanonicalStreamEvent[] {
    switch (block.type) {
      case 'text':
        return block.text ? [{ type: 'text', text: block.text }] : [];
      case 'thinking':
        return block.thinking ? [{ type: 'reasoning', text: block.thinking }] : [];
      case 'redacted_thinking':
        return [{ type: 'redacted-reasoning', data: block.data ?? '' }];
      case 'tool_use': {
        const tool = this.toolBlocks.size;
        this.toolBlocks.set(index, tool);
        return [{ type: 'tool-call-start', index: tool, id: block.id ?? '', name: block.name ?? '' }];
      }
      default:
        return [];
    }
  }

  private blockDelta(
    index: number,
    delta: { type: string; text?: string; thinking?: string; signature?: string; partial_json?: string },
  ): CanonicalStreamEvent[] {
    switch (delta.type) {
      case 'text_delta':
        return delta.text ? [{ type: 'text', text: delta.text }] : [];
      case 'thinking_delta':
        return delta.thinking ? [{ type: 'reasoning', text: delta.thinking }] : [];
      case 'signature_delta':
        return delta.signature ? [{ type: 'reasoning-signature', signature: delta.signature }] : [];
      case 'input_json_delta': {
        const tool = this.toolBlocks.get(index);
        return tool !== undefined && delta.partial_json
          ? [{ type: 'tool-call-delta', index: tool, argumentsDelta: delta.partial_json }]
          : [];
      }
      default:
        return [];
    }
  }
}
