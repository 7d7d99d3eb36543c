import type { GatewayError } from '../../core/errors';
import type { NormalizedUsage } from '../../core/usage';
import { openAiClientProtocol } from '../../protocols/openai/client-protocol';
import type { CanonicalStreamEvent, StreamEncoder } from '../canonical/stream-events';
import type { TranslationContext } from '../types';
import { finishReasonToOpenAi } from './finish-reason';
import { usageToOpenAi } from './usage-to-openai';

/**
 * Canonical stream events → OpenAI `chat.completion.chunk` frames (docs/PROTOCOLS.md §1, §6.3):
 * a role chunk first, content / `reasoning_content` / tool-call deltas, the finish chunk, then the
 * usage chunk (`choices: []`) when the caller asked for it, then `data: [DONE]`.
 */
export class OpenAiStreamEncoder implements StreamEncoder {
  private started = false;
  private usage: NormalizedUsage | undefined;

  constructor(
    private readonly context: TranslationContext,
    private readonly includeUsage: boolean,
  ) {}

  private frame(choices: unknown[], usage?: unknown): string {
    const chunk: Record<string, unknown> = {
      id: `chatcmpl-${this.context.requestId}`,
      object: 'chat.completion.chunk',
      created: this.context.createdAt,
      model: this.context.publicModel,
      choices,
    };
    if (this.includeUsage) chunk.usage = usage ?? null;
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }

  private delta(delta: Record<string, unknown>, finishReason: string | null = null): string {
    const head = this.started ? '' : this.start();
    return head + this.frame([{ index: 0, delta, logprobs: null, finish_reason: finishReason }]);
  }

  private start(): string {
    this.started = true;
    return this.frame([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
  }

  write(event: CanonicalStreamEvent): string {
    switch (event.type) {
      case 'start':
        return this.started ? '' : this.start();
      case 'text':
        return event.text ? this.delta({ content: event.text }) : '';
      case 'reasoning':
        return event.text ? this.delta({ reasoning_content: event.text }) : '';
      case 'tool-call-start':
        return this.delta({
          tool_calls: [{ index: event.index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }],
        });
      case 'tool-call-delta':
        return event.argumentsDelta
          ? this.delta({ tool_calls: [{ index: event.index, function: { arguments: event.argumentsDelta } }] })
          : '';
      case 'finish':
        return this.delta({}, finishReasonToOpenAi(event.reason));
      case 'usage':
        this.usage = event.usage;
        return '';
      default:
        // Signatures and redacted reasoning have no OpenAI form; tool-call ends are implicit.
        return '';
    }
  }

  end(): string {
    const usage = this.includeUsage && this.usage ? this.frame([], usageToOpenAi(this.usage)) : '';
    return `${usage}data: [DONE]\n\n`;
  }

  fail(error: GatewayError): string {
    return openAiClientProtocol.renderStreamError(error);
  }
}
