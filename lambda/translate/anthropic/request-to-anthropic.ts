import type { CanonicalMessage, CanonicalPart, CanonicalRequest, CanonicalToolResult } from '../canonical/request';
import { untranslatable } from '../canonical/errors';
import type { TranslationContext, UpstreamRequestBody } from '../types';
import { THINKING_BUDGETS } from '../canonical/thinking-budgets';
import { ANTHROPIC_IMAGE_TYPES } from './image-types';
import { defaultMaxTokens, MIN_THINKING_BUDGET } from './max-tokens';

type Block = Record<string, unknown>;

/** Anthropic tool ids match `^[a-zA-Z0-9_-]+$`; other characters become `_` on both call and result. */
export function anthropicToolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function imageBlock(part: Extract<CanonicalPart, { type: 'image' }>, field: string): Block {
  if (part.source.kind === 'url') return { type: 'image', source: { type: 'url', url: part.source.url } };
  if (!(ANTHROPIC_IMAGE_TYPES as readonly string[]).includes(part.source.mediaType)) {
    throw untranslatable(field, `must be one of ${ANTHROPIC_IMAGE_TYPES.join(', ')} for this model's provider.`);
  }
  return { type: 'image', source: { type: 'base64', media_type: part.source.mediaType, data: part.source.data } };
}

function toolResultBlock(part: CanonicalToolResult, field: string): Block {
  const content = part.content.length
    ? part.content.map((item, index) =>
        item.type === 'text' ? { type: 'text', text: item.text } : imageBlock(item, `${field}.content[${index}]`),
      )
    : part.json !== undefined
      ? [{ type: 'text', text: JSON.stringify(part.json) }]
      : [];
  const block: Block = { type: 'tool_result', tool_use_id: anthropicToolId(part.toolCallId), content };
  if (part.isError) block.is_error = true;
  return block;
}

/** One canonical part → Anthropic block, or undefined when Anthropic cannot take it back. */
function block(part: CanonicalPart, field: string): Block | undefined {
  switch (part.type) {
    case 'text':
      // Anthropic rejects empty text blocks.
      return part.text ? { type: 'text', text: part.text } : undefined;
    case 'image':
      return imageBlock(part, field);
    case 'tool-call':
      return { type: 'tool_use', id: anthropicToolId(part.id), name: part.name, input: part.input ?? {} };
    case 'tool-result':
      return toolResultBlock(part, field);
    case 'thinking':
      // Unsigned reasoning (another provider's) cannot be verified by Anthropic: left out.
      return part.signature ? { type: 'thinking', thinking: part.text, signature: part.signature } : undefined;
    case 'redacted-thinking':
      return { type: 'redacted_thinking', data: part.data };
  }
}

/** Merges consecutive same-role turns; in user turns tool results come first, as Anthropic requires. */
function messages(request: CanonicalRequest): Array<{ role: string; content: Block[] }> {
  const out: Array<{ role: string; content: Block[] }> = [];
  request.messages.forEach((message: CanonicalMessage, index) => {
    const blocks = message.content.flatMap((part, partIndex): Block[] => {
      const converted = block(part, `messages[${index}].content[${partIndex}]`);
      return converted ? [converted] : [];
    });
    if (!blocks.length) return;
    const last = out[out.length - 1];
    if (last && last.role === message.role) last.content.push(...blocks);
    else out.push({ role: message.role, content: blocks });
  });
  for (const message of out) {
    if (message.role !== 'user') continue;
    message.content = [
      ...message.content.filter((b) => b.type === 'tool_result'),
      ...message.content.filter((b) => b.type !== 'tool_result'),
    ];
  }
  return out;
}

function toolChoice(request: CanonicalRequest): Block | undefined {
  const choice = request.toolChoice;
  const type = !choice ? undefined : choice.type === 'required' ? 'any' : choice.type;
  const result: Block | undefined = type ? { type } : request.parallelToolCalls === false ? { type: 'auto' } : undefined;
  if (result && choice?.type === 'tool') result.name = choice.name;
  if (result && request.parallelToolCalls === false && result.type !== 'none') result.disable_parallel_tool_use = true;
  // Without tools a tool choice means nothing, and Anthropic refuses it.
  return request.tools.length ? result : undefined;
}

/**
 * With thinking on, Anthropic refuses a conversation whose last assistant turn made tool calls
 * without starting with its signed thinking block ("a final assistant message must start with a
 * thinking block"). Callers of other protocols cannot send that block back (OpenAI has no field
 * for the signature; other providers' reasoning is unsigned), so such a turn continues without
 * thinking instead of failing. https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#extended-thinking-with-tool-use
 */
function lastToolTurnLacksThinking(converted: ReadonlyArray<{ role: string; content: Block[] }>): boolean {
  const last = [...converted].reverse().find((message) => message.role === 'assistant');
  if (!last || !last.content.some((item) => item.type === 'tool_use')) return false;
  return last.content[0]?.type !== 'thinking' && last.content[0]?.type !== 'redacted_thinking';
}

/** max_tokens and thinking together: the budget must stay below max_tokens (docs/PROTOCOLS.md §6.2). */
function budget(request: CanonicalRequest, upstreamModel: string): { maxTokens: number; thinking?: Block } {
  const reasoning = request.reasoning;
  if (!reasoning?.enabled) {
    return { maxTokens: request.maxTokens ?? defaultMaxTokens(upstreamModel), thinking: reasoning ? { type: 'disabled' } : undefined };
  }
  let tokens = Math.max(MIN_THINKING_BUDGET, reasoning.budgetTokens ?? THINKING_BUDGETS[reasoning.effort ?? 'medium']);
  if (request.maxTokens === undefined)
    return { maxTokens: defaultMaxTokens(upstreamModel) + tokens, thinking: { type: 'enabled', budget_tokens: tokens } };
  tokens = Math.min(tokens, request.maxTokens - 1);
  // Too small a max_tokens leaves no room to think: answer without thinking rather than fail.
  if (tokens < MIN_THINKING_BUDGET) return { maxTokens: request.maxTokens };
  return { maxTokens: request.maxTokens, thinking: { type: 'enabled', budget_tokens: tokens } };
}

/**
 * Canonical request → Anthropic Messages body (docs/PROTOCOLS.md §6.2).
 * - `temperature` is clamped to Anthropic's 0–1 (OpenAI/Gemini allow 0–2): values up to 1 keep
 *   their meaning, higher ones become 1. Scaling would silently change every default-1 request.
 * - With thinking on, Anthropic refuses `temperature`, `top_k` and `top_p` < 0.95: they are left out.
 * - Recent Claude models refuse `temperature` and `top_p` together: when both are set, `top_p` is
 *   left out (Gemini CLI, for one, always sends both).
 * - Thinking is left off when the last tool-calling assistant turn lacks its thinking block (see
 *   `lastToolTurnLacksThinking`).
 * - `seed` and the penalties have no Anthropic equivalent and are dropped; a JSON response format
 *   without a schema is dropped too (Anthropic has no JSON mode).
 */
export function requestToAnthropic(request: CanonicalRequest, context: TranslationContext): UpstreamRequestBody {
  const converted = messages(request);
  const { maxTokens, thinking } = budget(
    lastToolTurnLacksThinking(converted) ? { ...request, reasoning: undefined } : request,
    context.upstreamModel,
  );
  const thinkingOn = thinking?.type === 'enabled';
  const temperature = thinkingOn || request.temperature === undefined ? undefined : Math.min(request.temperature, 1);
  const format = request.responseFormat;
  const body: Record<string, unknown> = {
    model: context.upstreamModel,
    max_tokens: maxTokens,
    system: request.system.length ? request.system.map((part) => ({ type: 'text', text: part.text })) : undefined,
    messages: converted,
    tools: request.tools.length
      ? request.tools.map((tool) => ({
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          input_schema: tool.parameters,
        }))
      : undefined,
    tool_choice: toolChoice(request),
    stop_sequences: request.stop.length ? request.stop : undefined,
    temperature,
    top_p: request.topP === undefined || temperature !== undefined || (thinkingOn && request.topP < 0.95) ? undefined : request.topP,
    top_k: thinkingOn ? undefined : request.topK,
    thinking,
    output_config: format?.type === 'json' && format.schema ? { format: { type: 'json_schema', schema: format.schema } } : undefined,
    metadata: request.user ? { user_id: request.user } : undefined,
    stream: context.stream ? true : undefined,
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return { body };
}
