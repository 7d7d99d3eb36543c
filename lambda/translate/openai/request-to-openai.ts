import type { CanonicalMessage, CanonicalRequest, CanonicalText, CanonicalToolResult } from '../canonical/request';
import { untranslatable } from '../canonical/errors';
import type { TranslationContext, UpstreamRequestBody } from '../types';
import { imageSourceToUrl } from './image-url';

type OpenAiMessageOut = Record<string, unknown>;

function joinText(parts: readonly { type: string }[]): string {
  return parts.flatMap((part) => (part.type === 'text' ? [(part as CanonicalText).text] : [])).join('');
}

function toolResultContent(result: CanonicalToolResult, field: string): string {
  if (result.content.some((part) => part.type === 'image')) {
    throw untranslatable(field, 'contains an image, which OpenAI-compatible providers do not accept in tool results.');
  }
  const text = joinText(result.content);
  if (text === '' && result.json !== undefined) return JSON.stringify(result.json);
  return text;
}

function userMessages(message: CanonicalMessage, index: number): OpenAiMessageOut[] {
  const out: OpenAiMessageOut[] = [];
  const rest: Record<string, unknown>[] = [];
  message.content.forEach((part, partIndex) => {
    const field = `messages[${index}].content[${partIndex}]`;
    if (part.type === 'tool-result') {
      out.push({ role: 'tool', tool_call_id: part.toolCallId, content: toolResultContent(part, `${field}.content`) });
    } else if (part.type === 'text') {
      rest.push({ type: 'text', text: part.text });
    } else if (part.type === 'image') {
      rest.push({ type: 'image_url', image_url: { url: imageSourceToUrl(part.source) } });
    } else {
      throw untranslatable(`${field}.type`, 'is not allowed in a user message.');
    }
  });
  if (rest.length) {
    const allText = rest.every((part) => part.type === 'text');
    out.push({ role: 'user', content: allText ? rest.map((part) => part.text).join('\n\n') : rest });
  }
  return out;
}

/**
 * An assistant turn. On tool-calling turns thinking text goes back as `reasoning_content`: DeepSeek
 * rejects a follow-up to such a turn without it (docs/PROTOCOLS.md §4). Other turns leave it out: it is
 * ignored there at best, and older DeepSeek reasoners refused it in input.
 */
function assistantMessage(message: CanonicalMessage): OpenAiMessageOut {
  const text = joinText(message.content);
  const reasoning = message.content.flatMap((part) => (part.type === 'thinking' ? [part.text] : [])).join('');
  const toolCalls = message.content.flatMap((part) =>
    part.type === 'tool-call'
      ? [{ id: part.id, type: 'function', function: { name: part.name, arguments: JSON.stringify(part.input ?? {}) } }]
      : [],
  );
  const out: OpenAiMessageOut = { role: 'assistant', content: text.length || !toolCalls.length ? text : null };
  if (reasoning && toolCalls.length) out.reasoning_content = reasoning;
  if (toolCalls.length) out.tool_calls = toolCalls;
  return out;
}

function responseFormat(request: CanonicalRequest): unknown {
  const format = request.responseFormat;
  if (!format || format.type === 'text') return undefined;
  if (!format.schema) return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: format.name ?? 'response', schema: format.schema } };
}

function toolChoice(request: CanonicalRequest): unknown {
  const choice = request.toolChoice;
  if (!choice) return undefined;
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}

/**
 * Canonical request → OpenAI-compatible body for DeepSeek and Ark (docs/PROTOCOLS.md §4, §5, §6.5).
 * `top_k` has no OpenAI field and is dropped; reasoning becomes the shared `thinking` switch.
 */
export function requestToOpenAi(request: CanonicalRequest, context: TranslationContext): UpstreamRequestBody {
  const messages: OpenAiMessageOut[] = [];
  const system = request.system.map((part) => part.text).join('\n\n');
  if (system) messages.push({ role: 'system', content: system });
  request.messages.forEach((message, index) => {
    if (message.role === 'user') messages.push(...userMessages(message, index));
    else messages.push(assistantMessage(message));
  });
  const body: Record<string, unknown> = {
    model: context.upstreamModel,
    messages,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
    stop: request.stop.length ? request.stop : undefined,
    seed: request.seed,
    presence_penalty: request.presencePenalty,
    frequency_penalty: request.frequencyPenalty,
    tools: request.tools.length
      ? request.tools.map((tool) => ({
          type: 'function',
          function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.parameters },
        }))
      : undefined,
    tool_choice: request.tools.length ? toolChoice(request) : undefined,
    parallel_tool_calls: request.tools.length ? request.parallelToolCalls : undefined,
    response_format: responseFormat(request),
    thinking: request.reasoning ? { type: request.reasoning.enabled ? 'enabled' : 'disabled' } : undefined,
    user: request.user,
  };
  if (context.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return { body };
}
