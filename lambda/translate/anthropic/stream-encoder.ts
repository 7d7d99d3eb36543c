import type { GatewayError } from '../../core/errors';
import type { NormalizedUsage } from '../../core/usage';
import { anthropicClientProtocol } from '../../protocols/anthropic/client-protocol';
import type { CanonicalFinishReason } from '../canonical/response';
import type { CanonicalStreamEvent, StreamEncoder } from '../canonical/stream-events';
import type { TranslationContext } from '../types';
import { stopReasonToAnthropic } from './stop-reason';
import { usageToAnthropic } from './usage-to-anthropic';

type OpenBlock = { readonly kind: 'text' | 'thinking' | 'tool'; readonly index: number; readonly tool?: number };

function frame(data: Record<string, unknown>): string {
  return `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Canonical stream events → Anthropic named events (docs/PROTOCOLS.md §2, §6.1, §6.3).
 * Each text run, thinking run and tool call gets its own content block; a block closes when
 * another kind starts. `message_start` carries `input_tokens: 0` because non-Anthropic upstreams
 * report usage at the end; the real counts go in the final `message_delta.usage`, written by
 * `end()` together with the stop reason (OpenAI-compatible upstreams send usage after the finish).
 */
export class AnthropicStreamEncoder implements StreamEncoder {
  private started = false;
  private open: OpenBlock | undefined;
  private nextIndex = 0;
  private finish: { reason: CanonicalFinishReason; stopSequence?: string } | undefined;
  private usage: NormalizedUsage = {};

  constructor(private readonly context: TranslationContext) {}

  private start(): string {
    if (this.started) return '';
    this.started = true;
    return frame({
      type: 'message_start',
      message: {
        id: `msg_${this.context.requestId}`,
        type: 'message',
        role: 'assistant',
        model: this.context.publicModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  private close(): string {
    if (!this.open) return '';
    const index = this.open.index;
    this.open = undefined;
    return frame({ type: 'content_block_stop', index });
  }

  /** Ensures a block of this kind is open, closing any other. */
  private ensure(kind: 'text' | 'thinking'): string {
    if (this.open?.kind === kind) return '';
    const closed = this.close();
    const index = this.nextIndex++;
    this.open = { kind, index };
    const block = kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    return closed + frame({ type: 'content_block_start', index, content_block: block });
  }

  write(event: CanonicalStreamEvent): string {
    let out = this.start();
    switch (event.type) {
      case 'text':
        if (!event.text) return out;
        out += this.ensure('text');
        return out + frame({ type: 'content_block_delta', index: this.open!.index, delta: { type: 'text_delta', text: event.text } });
      case 'reasoning':
        if (!event.text) return out;
        out += this.ensure('thinking');
        return (
          out + frame({ type: 'content_block_delta', index: this.open!.index, delta: { type: 'thinking_delta', thinking: event.text } })
        );
      case 'reasoning-signature':
        out += this.ensure('thinking');
        return (
          out +
          frame({ type: 'content_block_delta', index: this.open!.index, delta: { type: 'signature_delta', signature: event.signature } }) +
          this.close()
        );
      case 'redacted-reasoning': {
        out += this.close();
        const index = this.nextIndex++;
        return (
          out +
          frame({ type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: event.data } }) +
          frame({ type: 'content_block_stop', index })
        );
      }
      case 'tool-call-start': {
        out += this.close();
        const index = this.nextIndex++;
        this.open = { kind: 'tool', index, tool: event.index };
        return (
          out +
          frame({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: event.id, name: event.name, input: {} } })
        );
      }
      case 'tool-call-delta':
        if (this.open?.kind !== 'tool' || this.open.tool !== event.index || !event.argumentsDelta) return out;
        return (
          out +
          frame({
            type: 'content_block_delta',
            index: this.open.index,
            delta: { type: 'input_json_delta', partial_json: event.argumentsDelta },
          })
        );
      case 'tool-call-end':
        return this.open?.kind === 'tool' && this.open.tool === event.index ? out + this.close() : out;
      case 'finish':
        this.finish = { reason: event.reason, stopSequence: event.stopSequence };
        return out + this.close();
      case 'usage':
        this.usage = event.usage;
        return out;
      default:
        return out;
    }
  }

  end(): string {
    const finish = this.finish ?? { reason: 'other' as const };
    return (
      this.start() +
      this.close() +
      frame({
        type: 'message_delta',
        delta: { stop_reason: stopReasonToAnthropic(finish.reason), stop_sequence: finish.stopSequence ?? null },
        usage: usageToAnthropic(this.usage),
      }) +
      frame({ type: 'message_stop' })
    );
  }

  fail(error: GatewayError): string {
    return anthropicClientProtocol.renderStreamError(error);
  }
}
