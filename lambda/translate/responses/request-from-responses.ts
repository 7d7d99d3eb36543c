import type { CanonicalReasoning, CanonicalRequest, CanonicalResponseFormat, ReasoningEffort } from '../canonical/request';
import { untranslatable } from '../canonical/errors';
import { parseClientRequest } from '../canonical/parse-request';
import { conversationFromInput } from './input-items';
import { responsesRequestSchema, type ResponsesRequest } from './request-schema';
import type { ToolNames } from './tool-names';
import { planTools } from './tools';

/** Everything the codec learns from one Responses request: the canonical request and what the answer needs. */
export interface ResponsesRequestPlan {
  readonly canonical: CanonicalRequest;
  /** Tool names as the caller spelled them (namespaces, custom tools). */
  readonly toolNames: ToolNames;
  /** Hosted tool types left out of the upstream request. */
  readonly droppedTools: readonly string[];
  /** The caller asked for `reasoning.encrypted_content` (Codex does, to continue with signed reasoning). */
  readonly includeReasoningToken: boolean;
  /** Request fields every Response object repeats (`tools`, `tool_choice`, `temperature`, ...). */
  readonly echo: Readonly<Record<string, unknown>>;
}

/**
 * Responses `reasoning.effort` → canonical (`none` turns reasoning off, `xhigh` is the highest
 * step the other providers have). https://platform.openai.com/docs/api-reference/responses/create#responses-create-reasoning
 */
const EFFORTS: Readonly<Record<string, ReasoningEffort>> = {
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
};

function reasoning(request: ResponsesRequest): CanonicalReasoning | undefined {
  const effort = request.reasoning?.effort;
  if (!effort) return undefined;
  return effort === 'none' ? { enabled: false } : { enabled: true, effort: EFFORTS[effort] };
}

function responseFormat(request: ResponsesRequest): CanonicalResponseFormat | undefined {
  const format = request.text?.format;
  if (!format) return undefined;
  if (format.type === 'text') return { type: 'text' };
  return format.type === 'json_schema' ? { type: 'json', schema: format.schema, name: format.name } : { type: 'json' };
}

const STORAGE_NEEDED = 'this gateway stores no responses or conversations';

/** Fields that only work with server-side storage, which the gateway does not have (it stores nothing). */
function refuseStoredState(request: ResponsesRequest): void {
  if (request.previous_response_id) {
    throw untranslatable(
      'previous_response_id',
      `cannot be used: ${STORAGE_NEEDED}. Send the whole conversation in 'input' instead (as Codex does with store: false).`,
    );
  }
  if (request.conversation !== undefined && request.conversation !== null) {
    throw untranslatable('conversation', `cannot be used: ${STORAGE_NEEDED}. Send the whole conversation in 'input' instead.`);
  }
  if (request.background)
    throw untranslatable('background', `cannot be true: ${STORAGE_NEEDED}, so a background response could never be fetched.`);
  if (request.prompt !== undefined && request.prompt !== null) {
    throw untranslatable(
      'prompt',
      "refers to a prompt template stored at OpenAI, which other providers cannot read: send 'instructions' and 'input'.",
    );
  }
  if (request.top_logprobs) throw untranslatable('top_logprobs', "is not supported by this model's provider.");
}

/**
 * OpenAI Responses request → canonical request and the facts its answer needs. `store` is accepted
 * and ignored: nothing is ever stored, whatever it says (docs/RESPONSES-API.md).
 */
export function planResponsesRequest(body: unknown): ResponsesRequestPlan {
  const request = parseClientRequest(responsesRequestSchema, body);
  refuseStoredState(request);
  const conversation = conversationFromInput(request.input);
  const tools = planTools(request);
  const system = request.instructions
    ? [{ type: 'text' as const, text: request.instructions }, ...conversation.system]
    : conversation.system;
  const canonical: CanonicalRequest = {
    system,
    messages: conversation.messages,
    tools: tools.tools,
    toolChoice: tools.toolChoice,
    parallelToolCalls: request.parallel_tool_calls ?? undefined,
    maxTokens: request.max_output_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    stop: [],
    reasoning: reasoning(request),
    responseFormat: responseFormat(request),
    user: request.safety_identifier ?? request.user ?? undefined,
  };
  return {
    canonical,
    toolNames: tools.names,
    droppedTools: tools.dropped,
    includeReasoningToken: (request.include ?? []).includes('reasoning.encrypted_content'),
    echo: {
      instructions: request.instructions ?? null,
      max_output_tokens: request.max_output_tokens ?? null,
      metadata: request.metadata ?? {},
      parallel_tool_calls: request.parallel_tool_calls ?? true,
      previous_response_id: null,
      reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
      store: false,
      temperature: request.temperature ?? null,
      text: { format: request.text?.format ?? { type: 'text' } },
      tool_choice: request.tool_choice ?? 'auto',
      tools: tools.kept,
      top_p: request.top_p ?? null,
      truncation: 'disabled',
    },
  };
}
