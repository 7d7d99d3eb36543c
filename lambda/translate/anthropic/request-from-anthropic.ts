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

type ImageBlock = Extract<AnthropicContentBlock, { type: 'image' }>;
type ToolResultBlock = Extract<AnthropicContentBlock, { type: 'tool_result' }>;

function imageSource({ source }: ImageBlock): CanonicalImageSource {
  return source.type === 'base64' ? { kind: 'base64', mediaType: source.media_type, data: source.data } : { kind: 'url', url: source.url };
}

function toolResultContent(content: ToolResultBlock['content']): Array<CanonicalText | CanonicalImage> {
  if (content === undefined) return [];
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return content.map((block) =>
    block.type === 'text' ? { type: 'text', text: block.text } : { type: 'image', source: imageSource(block) },
  );
}

function contentBlock(block: AnthropicContentBlock, field: string): CanonicalPart {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'image':
      return { type: 'image', source: imageSource(block) };
    case 'tool_use':
      return { type: 'tool-call', id: block.id, name: block.name, input: block.input };
    case 'tool_result':
      return { type: 'tool-result', toolCallId: block.tool_use_id, content: toolResultContent(block.content), isError: block.is_error };
    case 'thinking':
      return { type: 'thinking', text: block.thinking, signature: block.signature || undefined };
    case 'redacted_thinking':
      return { type: 'redacted-thinking', data: block.data };
    default:
      // The type is one of UNTRANSLATABLE_BLOCK_TYPES (validated), so it may be named.
      throw untranslatable(`${field}.type`, `'${block.type}' cannot be translated for this model's provider.`);
  }
}

function systemText(system: AnthropicRequest['system']): CanonicalText[] {
  if (system === undefined) return [];
  if (typeof system === 'string') return system ? [{ type: 'text', text: system }] : [];
  return system.map((block) => ({ type: 'text', text: block.text }));
}

/** The text of a `role: "system"` message inside `messages`. */
function inlineSystemText(content: AnthropicRequest['messages'][number]['content'], index: number): CanonicalText[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return content.map((block, blockIndex) => {
    if (block.type !== 'text') throw untranslatable(`messages[${index}].content[${blockIndex}].type`, 'a system message must be text.');
    return { type: 'text', text: block.text };
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
      // The type is caller text: not repeated.
      throw untranslatable(`tools[${index}].type`, "is an Anthropic server tool, which this model's provider does not offer.");
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
