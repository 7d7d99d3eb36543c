import type { CanonicalPart, CanonicalRequest, CanonicalToolResult } from '../canonical/request';
import { untranslatable } from '../canonical/errors';
import { THINKING_BUDGETS } from '../canonical/thinking-budgets';
import type { TranslationContext, UpstreamRequestBody } from '../types';
import { signatureFromToolCallId } from './tool-call-id';

type GeminiPartOut = Record<string, unknown>;

/** Gemini 3 takes `thinkingLevel`; 2.5 takes `thinkingBudget` (sending both is a 400). */
function thinkingConfig(request: CanonicalRequest, upstreamModel: string): Record<string, unknown> | undefined {
  const reasoning = request.reasoning;
  if (!reasoning) return undefined;
  if (!reasoning.enabled) return { thinkingBudget: 0 };
  if (reasoning.budgetTokens !== undefined) return { thinkingBudget: reasoning.budgetTokens, includeThoughts: true };
  if (!reasoning.effort) return { thinkingBudget: -1, includeThoughts: true };
  if (upstreamModel.startsWith('gemini-3')) return { thinkingLevel: reasoning.effort.toUpperCase(), includeThoughts: true };
  return { thinkingBudget: THINKING_BUDGETS[reasoning.effort], includeThoughts: true };
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function functionResponse(part: CanonicalToolResult, name: string, field: string): GeminiPartOut {
  if (part.content.some((item) => item.type === 'image')) {
    throw untranslatable(field, 'contains an image, which Gemini does not accept in function responses.');
  }
  const text = part.content.map((item) => (item.type === 'text' ? item.text : '')).join('');
  const json = part.json ?? jsonObject(text);
  // `response` must be an object: structured results (or text holding a JSON object) pass as they are, other text is wrapped.
  const response =
    json !== undefined && json !== null && typeof json === 'object' && !Array.isArray(json)
      ? json
      : json !== undefined && text === ''
        ? { result: json }
        : part.isError
          ? { error: text }
          : { result: text };
  return { functionResponse: { name, response } };
}

function parts(content: readonly CanonicalPart[], field: string, names: Map<string, string>): GeminiPartOut[] {
  return content.flatMap((part, index): GeminiPartOut[] => {
    const partField = `${field}[${index}]`;
    switch (part.type) {
      case 'text':
        return part.text ? [{ text: part.text }] : [];
      case 'image':
        if (part.source.kind === 'url') {
          throw untranslatable(partField, 'is an image URL; Gemini takes images inline only: send a base64 data URL instead.');
        }
        return [{ inlineData: { mimeType: part.source.mediaType, data: part.source.data } }];
      case 'tool-call': {
        names.set(part.id, part.name);
        const signature = part.signature ?? signatureFromToolCallId(part.id);
        const out: GeminiPartOut = { functionCall: { name: part.name, args: part.input ?? {} } };
        if (signature) out.thoughtSignature = signature;
        return [out];
      }
      case 'tool-result': {
        const name = part.name ?? names.get(part.toolCallId);
        if (!name) throw untranslatable(`${partField}.tool_use_id`, 'does not match a tool call earlier in the conversation.');
        return [functionResponse(part, name, partField)];
      }
      default:
        // Other providers' reasoning cannot be verified by Gemini and is not sent back.
        return [];
    }
  });
}

/**
 * Gemini 3 refuses a model turn whose first functionCall has no `thoughtSignature` (a 400). Calls
 * that Gemini did not make (the conversation began on another model, e.g. after Claude Code's
 * `/model`) have none; Google's documented placeholder for them skips the validation.
 * https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

function signUnsignedCalls(contents: ReadonlyArray<{ role: string; parts: GeminiPartOut[] }>): void {
  for (const content of contents) {
    if (content.role !== 'model') continue;
    const first = content.parts.find((part) => part.functionCall);
    if (first && !first.thoughtSignature) first.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
  }
}

/**
 * Canonical request → Gemini `generateContent` body (docs/PROTOCOLS.md §6.4). The model goes in the
 * URL, not the body. Consecutive same-role turns are merged. `parallelToolCalls` has no Gemini
 * equivalent and is dropped; tool schemas go as `parametersJsonSchema` (full JSON Schema). On
 * Gemini 3, unsigned calls get the placeholder signature (`signUnsignedCalls`).
 */
export function requestToGemini(request: CanonicalRequest, context: TranslationContext): UpstreamRequestBody {
  const names = new Map<string, string>();
  const contents: Array<{ role: string; parts: GeminiPartOut[] }> = [];
  request.messages.forEach((message, index) => {
    const converted = parts(message.content, `messages[${index}].content`, names);
    if (!converted.length) return;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...converted);
    else contents.push({ role, parts: converted });
  });
  if (context.upstreamModel.startsWith('gemini-3')) signUnsignedCalls(contents);
  const choice = request.toolChoice;
  const format = request.responseFormat;
  const generationConfig: Record<string, unknown> = {
    maxOutputTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    stopSequences: request.stop.length ? request.stop : undefined,
    seed: request.seed,
    presencePenalty: request.presencePenalty,
    frequencyPenalty: request.frequencyPenalty,
    responseMimeType: format?.type === 'json' ? 'application/json' : undefined,
    responseJsonSchema: format?.type === 'json' ? format.schema : undefined,
    thinkingConfig: thinkingConfig(request, context.upstreamModel),
  };
  for (const key of Object.keys(generationConfig)) if (generationConfig[key] === undefined) delete generationConfig[key];
  const body: Record<string, unknown> = { contents };
  if (request.system.length) body.systemInstruction = { parts: request.system.map((part) => ({ text: part.text })) };
  if (request.tools.length) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          parametersJsonSchema: tool.parameters,
        })),
      },
    ];
  }
  if (choice && request.tools.length) {
    const mode = choice.type === 'auto' ? 'AUTO' : choice.type === 'none' ? 'NONE' : 'ANY';
    body.toolConfig = { functionCallingConfig: choice.type === 'tool' ? { mode, allowedFunctionNames: [choice.name] } : { mode } };
  }
  if (Object.keys(generationConfig).length) body.generationConfig = generationConfig;
  return { body };
}
