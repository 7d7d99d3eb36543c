import type { GatewayError, GatewayErrorKind } from '../../core/errors';
import type { NormalizedUsage } from '../../core/usage';
import type { CanonicalFinishReason } from '../canonical/response';
import type { CanonicalStreamEvent } from '../canonical/stream-events';
import type { TranslationContext } from '../types';
import {
  customToolInput,
  outputText,
  renderItem,
  type ItemStatus,
  type MessageItem,
  type OutputItem,
  type ReasoningItem,
  type ToolCallItem,
} from './output-items';
import { encodeReasoningToken } from './reasoning-token';
import type { ResponsesRequestPlan } from './request-from-responses';
import { usageToResponses } from './usage-to-responses';

/** One Responses streaming event (`type` plus its fields, `sequence_number` included). */
export type ResponsesEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** Why an answer is `incomplete`. https://platform.openai.com/docs/api-reference/responses/object#responses/object-incomplete_details */
const INCOMPLETE_REASONS: Partial<Record<CanonicalFinishReason, string>> = {
  length: 'max_output_tokens',
  'content-filter': 'content_filter',
};

/**
 * `response.error.code` per gateway error kind. Codex reads `insufficient_quota` as "stop, do not
 * retry" (a spent budget), `rate_limit_exceeded` as "retry later", anything else as retryable.
 */
const ERROR_CODES: Partial<Record<GatewayErrorKind, string>> = {
  rate_limited: 'rate_limit_exceeded',
  quota_exceeded: 'insufficient_quota',
  invalid_request: 'invalid_prompt',
};

/**
 * Canonical answer events → the Responses API's output items and event sequence
 * (docs/RESPONSES-API.md): `response.created` and `response.in_progress` first; each text run,
 * reasoning run and tool call becomes one output item, announced by `response.output_item.added`
 * before its deltas (Codex needs that) and closed by `response.output_item.done` (without it Codex
 * shows nothing); `response.completed` (or `.incomplete`, or `.failed`) last, carrying the whole
 * Response with its usage. The streamed and the whole answer are built by this one state machine.
 */
export class ResponsesOutputBuilder {
  private readonly items: OutputItem[] = [];
  private sequence = 0;
  private begun = false;
  private message: MessageItem | undefined;
  private reasoning: ReasoningItem | undefined;
  /** Open tool calls by canonical tool-call index. */
  private readonly toolCalls = new Map<number, ToolCallItem>();
  private finishReason: CanonicalFinishReason | undefined;
  private usage: NormalizedUsage = {};

  constructor(
    private readonly context: TranslationContext,
    private readonly plan: ResponsesRequestPlan,
  ) {}

  /** `response.created` and `response.in_progress`, once. */
  begin(): ResponsesEvent[] {
    if (this.begun) return [];
    this.begun = true;
    return [
      this.event('response.created', { response: this.response('in_progress') }),
      this.event('response.in_progress', { response: this.response('in_progress') }),
    ];
  }

  apply(event: CanonicalStreamEvent): ResponsesEvent[] {
    const out = this.begin();
    switch (event.type) {
      case 'text':
        if (event.text) out.push(...this.closeReasoning('completed'), ...this.appendText(event.text));
        return out;
      case 'reasoning':
        if (event.text) out.push(...this.closeMessage('completed'), ...this.appendReasoning(event.text));
        return out;
      case 'reasoning-signature': {
        out.push(...this.closeMessage('completed'));
        const item = this.reasoning ?? this.openReasoning(out);
        item.token = encodeReasoningToken({ signature: event.signature });
        this.reasoning = item;
        out.push(...this.closeReasoning('completed'));
        return out;
      }
      case 'redacted-reasoning': {
        out.push(...this.closeMessage('completed'), ...this.closeReasoning('completed'));
        this.reasoning = this.openReasoning(out, encodeReasoningToken({ redacted: event.data }));
        out.push(...this.closeReasoning('completed'));
        return out;
      }
      case 'tool-call-start':
        out.push(...this.closeMessage('completed'), ...this.closeReasoning('completed'));
        this.toolCalls.set(event.index, this.openToolCall(out, event.id, event.name));
        return out;
      case 'tool-call-delta': {
        const call = this.toolCalls.get(event.index);
        if (!call || !event.argumentsDelta) return out;
        call.arguments += event.argumentsDelta;
        // A custom tool's input is the `input` string inside these JSON arguments: sent whole when the call ends.
        if (call.tool.kind === 'function')
          out.push(this.event('response.function_call_arguments.delta', { ...this.at(call), delta: event.argumentsDelta }));
        return out;
      }
      case 'tool-call-end':
        out.push(...this.closeToolCall(event.index, 'completed'));
        return out;
      case 'finish':
        this.finishReason = event.reason;
        out.push(...this.closeAll(INCOMPLETE_REASONS[event.reason] ? 'incomplete' : 'completed'));
        return out;
      case 'usage':
        this.usage = event.usage;
        return out;
      default:
        return out;
    }
  }

  /** Closes what is open and sends `response.completed` (or `response.incomplete` after a length or content-filter stop). */
  complete(): ResponsesEvent[] {
    const out = this.begin();
    const status = this.finalStatus();
    out.push(...this.closeAll(status));
    out.push(this.event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: this.response(status) }));
    return out;
  }

  /** The status a finished answer ends with. */
  finalStatus(): 'completed' | 'incomplete' {
    return this.finishReason && INCOMPLETE_REASONS[this.finishReason] ? 'incomplete' : 'completed';
  }

  /** An `error` event and `response.failed`, whose `response.error` Codex reads to decide whether to retry. */
  fail(error: GatewayError): ResponsesEvent[] {
    const out = this.begin();
    const code = ERROR_CODES[error.kind] ?? 'server_error';
    out.push(this.event('error', { code, message: error.message, param: error.param ?? null }));
    out.push(this.event('response.failed', { response: this.response('failed', { code, message: error.message }) }));
    return out;
  }

  /** The Response object as it stands. */
  response(status: ResponseStatus, error?: { code: string; message: string }): Record<string, unknown> {
    const incomplete = status === 'incomplete' && this.finishReason ? INCOMPLETE_REASONS[this.finishReason] : undefined;
    return {
      id: `resp_${this.context.requestId}`,
      object: 'response',
      created_at: this.context.createdAt,
      status,
      background: false,
      error: error ?? null,
      incomplete_details: incomplete ? { reason: incomplete } : null,
      model: this.context.publicModel,
      output: this.items.map((item) => renderItem(item, this.plan.includeReasoningToken)),
      ...this.plan.echo,
      usage: status === 'in_progress' ? null : usageToResponses(this.usage),
    };
  }

  private event(type: string, fields: Record<string, unknown>): ResponsesEvent {
    return { type, sequence_number: this.sequence++, ...fields };
  }

  private at(item: OutputItem): { item_id: string; output_index: number } {
    return { item_id: item.id, output_index: item.outputIndex };
  }

  /** The id, position and status of the next item (`idPrefix` as OpenAI's: msg, rs, fc, ctc). */
  private nextItem(idPrefix: string): { id: string; outputIndex: number; status: ItemStatus } {
    const outputIndex = this.items.length;
    return { id: `${idPrefix}_${this.context.requestId}_${outputIndex}`, outputIndex, status: 'in_progress' };
  }

  /** Adds an item and announces it with `response.output_item.added`. */
  private announce<T extends OutputItem>(out: ResponsesEvent[], item: T): T {
    this.items.push(item);
    out.push(
      this.event('response.output_item.added', { output_index: item.outputIndex, item: renderItem(item, this.plan.includeReasoningToken) }),
    );
    return item;
  }

  private openReasoning(out: ResponsesEvent[], token?: string): ReasoningItem {
    return this.announce<ReasoningItem>(out, { kind: 'reasoning', text: '', ...(token ? { token } : {}), ...this.nextItem('rs') });
  }

  private openToolCall(out: ResponsesEvent[], callId: string, upstreamName: string): ToolCallItem {
    const tool = this.plan.toolNames.client(upstreamName);
    return this.announce<ToolCallItem>(out, {
      kind: 'tool-call',
      callId,
      tool,
      arguments: '',
      ...this.nextItem(tool.kind === 'custom' ? 'ctc' : 'fc'),
    });
  }

  private appendText(text: string): ResponsesEvent[] {
    const out: ResponsesEvent[] = [];
    if (!this.message) {
      this.message = this.announce<MessageItem>(out, { kind: 'message', text: '', ...this.nextItem('msg') });
      out.push(this.event('response.content_part.added', { ...this.at(this.message), content_index: 0, part: outputText('') }));
    }
    this.message.text += text;
    out.push(this.event('response.output_text.delta', { ...this.at(this.message), content_index: 0, delta: text, logprobs: [] }));
    return out;
  }

  private appendReasoning(text: string): ResponsesEvent[] {
    const out: ResponsesEvent[] = [];
    const item = (this.reasoning ??= this.openReasoning(out));
    if (!item.text) {
      out.push(
        this.event('response.reasoning_summary_part.added', {
          ...this.at(item),
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        }),
      );
    }
    item.text += text;
    out.push(this.event('response.reasoning_summary_text.delta', { ...this.at(item), summary_index: 0, delta: text }));
    return out;
  }

  private done(item: OutputItem, status: ItemStatus): ResponsesEvent {
    item.status = status;
    return this.event('response.output_item.done', {
      output_index: item.outputIndex,
      item: renderItem(item, this.plan.includeReasoningToken),
    });
  }

  private closeMessage(status: ItemStatus): ResponsesEvent[] {
    const item = this.message;
    if (!item) return [];
    this.message = undefined;
    return [
      this.event('response.output_text.done', { ...this.at(item), content_index: 0, text: item.text, logprobs: [] }),
      this.event('response.content_part.done', { ...this.at(item), content_index: 0, part: outputText(item.text) }),
      this.done(item, status),
    ];
  }

  private closeReasoning(status: ItemStatus): ResponsesEvent[] {
    const item = this.reasoning;
    if (!item) return [];
    this.reasoning = undefined;
    const summary = item.text
      ? [
          this.event('response.reasoning_summary_text.done', { ...this.at(item), summary_index: 0, text: item.text }),
          this.event('response.reasoning_summary_part.done', {
            ...this.at(item),
            summary_index: 0,
            part: { type: 'summary_text', text: item.text },
          }),
        ]
      : [];
    return [...summary, this.done(item, status)];
  }

  private closeToolCall(index: number, status: ItemStatus): ResponsesEvent[] {
    const call = this.toolCalls.get(index);
    if (!call) return [];
    this.toolCalls.delete(index);
    if (call.tool.kind === 'custom') {
      const input = customToolInput(call.arguments);
      return [
        this.event('response.custom_tool_call_input.delta', { ...this.at(call), delta: input }),
        this.event('response.custom_tool_call_input.done', { ...this.at(call), input }),
        this.done(call, status),
      ];
    }
    return [
      this.event('response.function_call_arguments.done', { ...this.at(call), name: call.tool.name, arguments: call.arguments }),
      this.done(call, status),
    ];
  }

  /** Closes every open item, in output order. */
  private closeAll(status: ItemStatus): ResponsesEvent[] {
    const open: Array<{ readonly outputIndex: number; close(): ResponsesEvent[] }> = [...this.toolCalls].map(([index, call]) => ({
      outputIndex: call.outputIndex,
      close: () => this.closeToolCall(index, status),
    }));
    if (this.message) open.push({ outputIndex: this.message.outputIndex, close: () => this.closeMessage(status) });
    if (this.reasoning) open.push({ outputIndex: this.reasoning.outputIndex, close: () => this.closeReasoning(status) });
    return open.sort((a, b) => a.outputIndex - b.outputIndex).flatMap((item) => item.close());
  }
}
