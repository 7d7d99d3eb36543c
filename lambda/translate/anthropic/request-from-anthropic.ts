import type {
  CanonicalImage,
  CanonicalImageSource,
  CanonicalPart,
  CanonicalReasoning,
  CanonicalRequest,
  CanonicalText,
  CanonicalToolChoice,
  ReasoningEffort,
} from '../canonical/request';
import { untranslatable } from '../canonical/errors';
import { parseClientRequest } from '../canonical/parse-request';
import { anthropicRequestSchema, type AnthropicContentBlock, type AnthropicRequest } from './request-schema';

/** `output_config.effort` → canonical effort. https://docs.anthropic.com/en/docs/build-with-claude/effort */
const EFFORTS: Readonly<Record<string, ReasoningEffort>> = { low: 'low', medium: 'medium', high: 'high', max: 'high' };

function safeTypeName(type: unknown): string {
  return typeof type === 'string' && /^[a-z0-9_]{1,40}$/.test(type) ? `'${type}'` : 'this block type';
}

function imageSource(block: { source: { type: string } }): CanonicalImageSource {
  const source = block.source as { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
  return source.type === 'base64' ? { kind: 'base64', mediaType: source.media_type, data: source.data } : { kind: 'url', url: source.url };
}

function toolResultContent(content: unknown, field: string): Array<CanonicalText | CanonicalImage> {
  if (content === undefined) return [];
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return (content as AnthropicContentBlock[]).map((block, index) => {
    if (block.type === 'text') return { type: 'text', text: (block as { text: string }).text };
    if (block.type === 'image') return { type: 'image', source: imageSource(block as { source: { type: string } }) };
    throw untranslatable(`${field}[${index}].type`, `${safeTypeName(block.type)} cannot be translated for this model's provider.`);
  });
}

function contentBlock(block: AnthropicContentBlock, field: string): CanonicalPart {
  const value = block as Record<string, unknown>;
  switch (block.type) {
    case 'text':
      return { type: 'text', text: value.text as string };
    case 'image':
      return { type: 'image', source: imageSource(value as { source: { type: string } }) };
    case 'tool_use':
      return { type: 'tool-call', id: value.id as string, name: value.name as string, input: value.input ?? {} };
    case 'tool_result':
      return {
        type: 'tool-result',
        toolCallId: value.tool_use_id as string,
        content: toolResultContent(value.content, `${field}.content`),
        isError: value.is_error as boolean | undefined,
      };
    case 'thinking':
      return { type: 'thinking', text: value.thinking as string, signature: (value.signature as string | undefined) || undefined };
    case 'redacted_thinking':
      return { type: 'redacted-thinking', data: value.data as string };
    default:
      throw untranslatable(`${field}.type`, `${safeTypeName(block.type)} cannot be translated for this model's provider.`);
  }
}

function systemText(system: AnthropicRequest['system']): CanonicalText[] {
  if (system === undefined) return [];
  if (typeof system === 'string') return system ? [{ type: 'text', text: system }] : [];
  return system.map((block, index) => {
    if (block.type !== 'text') throw untranslatable(`system[${index}].type`, 'must be text.');
    return { type: 'text', text: (block as { text: string }).text };
  });
}

/** The text of a `role: "system"` message inside `messages`. */
function inlineSystemText(content: AnthropicRequest['messages'][number]['content'], index: number): CanonicalText[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return content.map((block, blockIndex) => {
    if (block.type !== 'text') throw untranslatable(`messages[${index}].content[${blockIndex}].type`, 'a system message must be text.');
    return { type: 'text', text: (block as { text: string }).text };
  });
}

function toolChoice(choice: AnthropicRequest['tool_choice']): CanonicalToolChoice | undefined {
  if (!choice) return undefined;
  switch (choice.type) {
    case 'any':
      return { type: 'required' };
    case 'tool':
      if (!choice.name) throw untranslatable('tool_choice.name', 'is required when tool_choice.type is tool.');
      return { type: 'tool', name: choice.name };
    default:
      return { type: choice.type };
  }
}

function reasoning(request: AnthropicRequest): CanonicalReasoning | undefined {
  const effort = request.output_config?.effort;
  const canonicalEffort = effort === undefined ? undefined : EFFORTS[effort];
  if (effort !== undefined && !canonicalEffort) throw untranslatable('output_config.effort', 'must be one of low, medium, high, max.');
  if (!request.thinking) return canonicalEffort ? { enabled: true, effort: canonicalEffort } : undefined;
  if (request.thinking.type === 'disabled') return { enabled: false };
  return { enabled: true, budgetTokens: request.thinking.budget_tokens, effort: canonicalEffort };
}

/** Anthropic Messages request → canonical request. Throws 400 naming the first untranslatable field. */
export function requestFromAnthropic(body: unknown): CanonicalRequest {
  const request = parseClientRequest(anthropicRequestSchema, body);
  (request.tools ?? []).forEach((tool, index) => {
    if (tool.type !== undefined && tool.type !== 'custom') {
      throw untranslatable(
        `tools[${index}].type`,
        `${safeTypeName(tool.type)} is an Anthropic server tool, which this model's provider does not offer.`,
      );
    }
  });
  const format = request.output_config?.format;
  // System messages inside `messages` (Claude Code sends them to models it does not know) join the
  // system prompt: the other providers have no mid-conversation system turn, so their position is lost.
  const inlineSystem = request.messages.flatMap((message, index) =>
    message.role === 'system' ? inlineSystemText(message.content, index) : [],
  );
  return {
    system: [...systemText(request.system), ...inlineSystem],
    messages: request.messages.flatMap((message, index) =>
      message.role === 'system'
        ? []
        : [
            {
              role: message.role,
              content:
                typeof message.content === 'string'
                  ? [{ type: 'text' as const, text: message.content }]
                  : message.content.map((block, blockIndex) => contentBlock(block, `messages[${index}].content[${blockIndex}]`)),
            },
          ],
    ),
    tools: (request.tools ?? []).map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: tool.input_schema ?? { type: 'object', properties: {} },
    })),
    toolChoice: toolChoice(request.tool_choice),
    parallelToolCalls: request.tool_choice?.disable_parallel_tool_use ? false : undefined,
    maxTokens: request.max_tokens,
    temperature: request.temperature,
    topP: request.top_p,
    topK: request.top_k,
    stop: request.stop_sequences ?? [],
    reasoning: reasoning(request),
    responseFormat: format?.type === 'json_schema' ? { type: 'json', schema: format.schema } : undefined,
    user: request.metadata?.user_id ?? undefined,
  };
}
