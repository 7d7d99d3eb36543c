import type { GatewayError } from '../../core/errors';
import type { NormalizedUsage } from '../../core/usage';
import { geminiClientProtocol } from '../../protocols/gemini/client-protocol';
import { malformedUpstream } from '../canonical/errors';
import type { CanonicalFinishReason } from '../canonical/response';
import type { CanonicalStreamEvent, StreamEncoder } from '../canonical/stream-events';
import type { TranslationContext } from '../types';
import { finishReasonToGemini } from './finish-reason';
import { usageToGemini } from './usage-to-gemini';

interface PendingCall {
  readonly id: string;
  readonly name: string;
  arguments: string;
}

/**
 * Canonical stream events → Gemini `alt=sse` events (docs/PROTOCOLS.md §3, §6.4): one
 * GenerateContentResponse per text or thought delta; tool-call arguments are buffered and sent as
 * one whole functionCall when the call ends; the finish reason and `usageMetadata` go in the
 * last event, written by `end()`. Gemini streams have no terminator: the connection just closes.
 */
export class GeminiStreamEncoder implements StreamEncoder {
  private readonly calls = new Map<number, PendingCall>();
  private finish: CanonicalFinishReason | undefined;
  private usage: NormalizedUsage | undefined;

  constructor(private readonly context: TranslationContext) {}

  private frame(parts: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}): string {
    const chunk = {
      candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }],
      ...top,
      modelVersion: this.context.publicModel,
      responseId: this.context.requestId,
    };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }

  write(event: CanonicalStreamEvent): string {
    switch (event.type) {
      case 'text':
        return event.text ? this.frame([{ text: event.text }]) : '';
      case 'reasoning':
        return event.text ? this.frame([{ text: event.text, thought: true }]) : '';
      case 'reasoning-signature':
        return this.frame([{ text: '', thought: true, thoughtSignature: event.signature }]);
      case 'tool-call-start':
        this.calls.set(event.index, { id: event.id, name: event.name, arguments: '' });
        return '';
      case 'tool-call-delta': {
        const call = this.calls.get(event.index);
        if (call) call.arguments += event.argumentsDelta;
        return '';
      }
      case 'tool-call-end':
        return this.flushCall(event.index);
      case 'finish':
        this.finish = event.reason;
        return [...this.calls.keys()].map((index) => this.flushCall(index)).join('');
      case 'usage':
        this.usage = event.usage;
        return '';
      default:
        return '';
    }
  }

  private flushCall(index: number): string {
    const call = this.calls.get(index);
    if (!call) return '';
    this.calls.delete(index);
    let args: unknown;
    try {
      args = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
    } catch {
      throw malformedUpstream('stream event');
    }
    return this.frame([{ functionCall: { id: call.id, name: call.name, args } }]);
  }

  end(): string {
    const top = this.usage ? { usageMetadata: usageToGemini(this.usage) } : {};
    return this.frame([{ text: '' }], { finishReason: finishReasonToGemini(this.finish ?? 'stop') }, top);
  }

  fail(error: GatewayError): string {
    return geminiClientProtocol.renderStreamError(error);
  }
}
