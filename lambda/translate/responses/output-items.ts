import type { ClientToolName } from './tool-names';

/** One output item of a Response while it is being built (`output-builder.ts`). */
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

interface ItemBase {
  readonly id: string;
  readonly outputIndex: number;
  status: ItemStatus;
}

export interface MessageItem extends ItemBase {
  readonly kind: 'message';
  text: string;
}

export interface ReasoningItem extends ItemBase {
  readonly kind: 'reasoning';
  text: string;
  /** The `encrypted_content` token (signature or redacted data), when there is one. */
  token?: string;
}

export interface ToolCallItem extends ItemBase {
  readonly kind: 'tool-call';
  readonly callId: string;
  readonly tool: ClientToolName;
  arguments: string;
}

export type OutputItem = MessageItem | ReasoningItem | ToolCallItem;

export function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/** A custom tool's free-form input: the `input` argument of the function it went upstream as. */
export function customToolInput(argumentsText: string): string {
  try {
    const value: unknown = JSON.parse(argumentsText);
    if (value !== null && typeof value === 'object' && 'input' in value && typeof value.input === 'string') return value.input;
  } catch {
    // the model did not produce the wrapper: pass its text on as it is
  }
  return argumentsText;
}

/** The item as the Responses API shows it (`output_item.added` / `.done`, `response.output`). */
export function renderItem(item: OutputItem, includeReasoningToken: boolean): Record<string, unknown> {
  switch (item.kind) {
    case 'message':
      return {
        id: item.id,
        type: 'message',
        role: 'assistant',
        status: item.status,
        // Empty while open: `content_part.added` adds the part (the SDK's accumulator would count it twice).
        content: item.status === 'in_progress' && !item.text ? [] : [outputText(item.text)],
      };
    case 'reasoning':
      return {
        id: item.id,
        type: 'reasoning',
        summary: item.text ? [{ type: 'summary_text', text: item.text }] : [],
        ...(includeReasoningToken && item.token ? { encrypted_content: item.token } : {}),
        status: item.status,
      };
    case 'tool-call': {
      const namespace = item.tool.namespace ? { namespace: item.tool.namespace } : {};
      return item.tool.kind === 'custom'
        ? {
            id: item.id,
            type: 'custom_tool_call',
            call_id: item.callId,
            name: item.tool.name,
            ...namespace,
            input: item.status === 'in_progress' ? '' : customToolInput(item.arguments),
            status: item.status,
          }
        : {
            id: item.id,
            type: 'function_call',
            call_id: item.callId,
            name: item.tool.name,
            ...namespace,
            arguments: item.arguments,
            status: item.status,
          };
    }
  }
}
