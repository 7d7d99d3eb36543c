import type {
  CanonicalImage,
  CanonicalMessage,
  CanonicalPart,
  CanonicalRequest,
  CanonicalText,
  CanonicalToolChoice,
  ReasoningEffort,
} from '../canonical/request';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../http/json-depth';
import { untranslatable } from '../canonical/errors';
import { parseClientRequest } from '../canonical/parse-request';
import { imageSourceFromUrl } from './image-url';
import { openAiRequestSchema, type OpenAiContentPart, type OpenAiMessage, type OpenAiRequest } from './request-schema';

/**
 * OpenAI `reasoning_effort` → canonical effort (`none` turns reasoning off).
 * https://platform.openai.com/docs/api-reference/chat/create#chat-create-reasoning_effort
 */
const REASONING_EFFORTS: Readonly<Record<string, ReasoningEffort>> = {
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
};

function contentParts(content: OpenAiMessage['content'], field: string, allowImages: boolean): Array<CanonicalText | CanonicalImage> {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content.length ? [{ type: 'text', text: content }] : [];
  return content.map((part: OpenAiContentPart, index) => {
    const partField = `${field}[${index}]`;
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type === 'image_url' && allowImages) {
      return { type: 'image', source: imageSourceFromUrl(part.image_url.url, `${partField}.image_url.url`) };
    }
    // The type is one of the schema's names (validated), so it may be named.
    throw untranslatable(`${partField}.type`, `'${part.type}' cannot be translated here for this model's provider.`);
  });
}

function parseArguments(text: string, field: string): unknown {
  if (text.trim() === '') return {};
  // A string the caller controls: the same depth limit as the body, before anything recurses over it.
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw untranslatable(field, `nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // fall through
  }
  throw untranslatable(field, 'must be a JSON object encoded as a string.');
}

function toolChoice(choice: OpenAiRequest['tool_choice']): CanonicalToolChoice | undefined {
  if (!choice) return undefined;
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', name: choice.function.name };
}

function rejectUnsupported(request: OpenAiRequest): void {
  if ((request.n ?? 1) > 1) throw untranslatable('n', "must be 1: this model's provider returns a single choice.");
  if (request.logprobs) throw untranslatable('logprobs', "is not supported by this model's provider.");
  if (request.modalities?.some((modality) => modality !== 'text') || request.audio !== undefined) {
    throw untranslatable('modalities', "must be text only for this model's provider.");
  }
}

/** OpenAI Chat Completions request → canonical request. Throws 400 naming the first untranslatable field. */
export function requestFromOpenAi(body: unknown): CanonicalRequest {
  const request = parseClientRequest(openAiRequestSchema, body);
  rejectUnsupported(request);
  const system: CanonicalText[] = [];
  const messages: CanonicalMessage[] = [];
  request.messages.forEach((message, index) => {
    const field = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...(contentParts(message.content, `${field}.content`, false) as CanonicalText[]));
        return;
      case 'user':
        messages.push({ role: 'user', content: contentParts(message.content, `${field}.content`, true) });
        return;
      case 'assistant': {
        const parts: CanonicalPart[] = [];
        if (message.reasoning_content) parts.push({ type: 'thinking', text: message.reasoning_content });
        parts.push(...contentParts(message.content, `${field}.content`, false));
        (message.tool_calls ?? []).forEach((call, callIndex) => {
          const callField = `${field}.tool_calls[${callIndex}].function.arguments`;
          parts.push({
            type: 'tool-call',
            id: call.id,
            name: call.function.name,
            input: parseArguments(call.function.arguments, callField),
          });
        });
        messages.push({ role: 'assistant', content: parts });
        return;
      }
      case 'tool':
        messages.push({
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: message.tool_call_id, content: contentParts(message.content, `${field}.content`, false) },
          ],
        });
        return;
    }
  });
  const effort = request.reasoning_effort ?? undefined;
  if (effort !== undefined && effort !== 'none' && !REASONING_EFFORTS[effort]) {
    throw untranslatable('reasoning_effort', 'must be one of none, minimal, low, medium, high.');
  }
  const format = request.response_format;
  return {
    system,
    messages,
    tools: (request.tools ?? []).map((tool) => ({
      name: tool.function.name,
      description: tool.function.description,
      parameters: tool.function.parameters ?? { type: 'object', properties: {} },
    })),
    toolChoice: toolChoice(request.tool_choice),
    parallelToolCalls: request.parallel_tool_calls ?? undefined,
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    stop: request.stop === null || request.stop === undefined ? [] : typeof request.stop === 'string' ? [request.stop] : request.stop,
    seed: request.seed ?? undefined,
    presencePenalty: request.presence_penalty ?? undefined,
    frequencyPenalty: request.frequency_penalty ?? undefined,
    reasoning:
      effort === undefined ? undefined : effort === 'none' ? { enabled: false } : { enabled: true, effort: REASONING_EFFORTS[effort] },
    responseFormat: !format
      ? undefined
      : format.type === 'text'
        ? { type: 'text' }
        : { type: 'json', schema: format.type === 'json_schema' ? format.json_schema?.schema : undefined, name: format.json_schema?.name },
    user: request.user ?? undefined,
  };
}
