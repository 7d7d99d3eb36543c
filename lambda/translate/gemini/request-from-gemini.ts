import type {
  CanonicalMessage,
  CanonicalPart,
  CanonicalReasoning,
  CanonicalRequest,
  CanonicalText,
  CanonicalToolChoice,
  ReasoningEffort,
} from '../canonical/request';
import { untranslatable } from '../canonical/errors';
import { parseClientRequest } from '../canonical/parse-request';
import { schemaFromOpenApi } from './schema-from-openapi';
import { geminiRequestSchema, type GeminiRequest, type GeminiRequestPart } from './request-schema';

/** `thinkingLevel` → canonical effort. https://ai.google.dev/gemini-api/docs/thinking */
const THINKING_LEVELS: Readonly<Record<string, ReasoningEffort>> = { MINIMAL: 'minimal', LOW: 'low', MEDIUM: 'medium', HIGH: 'high' };

/** Part fields other providers have no equivalent for. */
const UNSUPPORTED_PART_FIELDS = ['fileData', 'executableCode', 'codeExecutionResult', 'videoMetadata'] as const;

/**
 * Gemini sends no call ids (or optional ones): calls get `call_<turn>_<part>` ids and each
 * functionResponse takes the id of the first unanswered call of the same name (or its own id).
 * Unanswered calls are kept per name and per id, so a conversation of thousands of calls is
 * matched in linear time.
 */
class CallIds {
  /** Call ids per function name, in order, with the position of the first one not yet taken. */
  private readonly byName = new Map<string, { readonly ids: string[]; next: number }>();
  private readonly answered = new Set<string>();
  private readonly known = new Set<string>();

  call(name: string, turn: number, part: number, id?: string): string {
    const minted = id ?? `call_${turn}_${part}`;
    const calls = this.byName.get(name);
    if (calls) calls.ids.push(minted);
    else this.byName.set(name, { ids: [minted], next: 0 });
    this.known.add(minted);
    return minted;
  }

  response(name: string, turn: number, part: number, id?: string): string {
    if (id) {
      if (this.known.has(id)) this.answered.add(id);
      return id;
    }
    const calls = this.byName.get(name);
    // Calls answered by their explicit id are skipped; each is skipped once, so this stays linear.
    while (calls && calls.next < calls.ids.length && this.answered.has(calls.ids[calls.next])) calls.next += 1;
    if (!calls || calls.next >= calls.ids.length) return `call_${turn}_${part}`;
    const next = calls.ids[calls.next];
    calls.next += 1;
    this.answered.add(next);
    return next;
  }
}

/** Gemini's built-in tools, named in a refusal; any other key of a tool is caller text and is not repeated. */
const BUILT_IN_TOOLS = new Set([
  'googleSearch',
  'googleSearchRetrieval',
  'codeExecution',
  'urlContext',
  'googleMaps',
  'fileSearch',
  'computerUse',
  'retrieval',
  'enterpriseWebSearch',
]);

function part(
  value: GeminiRequestPart,
  field: string,
  role: 'user' | 'assistant',
  ids: CallIds,
  turn: number,
  index: number,
): CanonicalPart[] {
  for (const name of UNSUPPORTED_PART_FIELDS) {
    if (name in value) throw untranslatable(`${field}.${name}`, "cannot be translated for this model's provider.");
  }
  if (value.functionCall) {
    const id = ids.call(value.functionCall.name, turn, index, value.functionCall.id);
    return [
      { type: 'tool-call', id, name: value.functionCall.name, input: value.functionCall.args ?? {}, signature: value.thoughtSignature },
    ];
  }
  if (value.functionResponse) {
    const response = value.functionResponse;
    return [
      {
        type: 'tool-result',
        toolCallId: ids.response(response.name, turn, index, response.id),
        name: response.name,
        content: [],
        json: response.response ?? {},
      },
    ];
  }
  if (value.inlineData) {
    if (!value.inlineData.mimeType.startsWith('image/')) {
      throw untranslatable(`${field}.inlineData.mimeType`, "must be an image type for this model's provider.");
    }
    return [{ type: 'image', source: { kind: 'base64', mediaType: value.inlineData.mimeType, data: value.inlineData.data } }];
  }
  if (value.thought) return role === 'assistant' ? [{ type: 'thinking', text: value.text ?? '', signature: value.thoughtSignature }] : [];
  // A bare thoughtSignature on an empty text part carries nothing the other providers can use.
  return value.text ? [{ type: 'text', text: value.text }] : [];
}

/** Streamed thoughts arrive as many parts (the signature on the last): one thinking part per run. */
function mergeThinking(parts: CanonicalPart[]): CanonicalPart[] {
  const out: CanonicalPart[] = [];
  for (const current of parts) {
    const last = out[out.length - 1];
    if (current.type === 'thinking' && last?.type === 'thinking' && !last.signature) {
      out[out.length - 1] = { type: 'thinking', text: last.text + current.text, signature: current.signature };
    } else out.push(current);
  }
  return out.filter((value) => value.type !== 'thinking' || value.text !== '' || value.signature);
}

function reasoning(config: NonNullable<GeminiRequest['generationConfig']>['thinkingConfig']): CanonicalReasoning | undefined {
  if (!config) return undefined;
  if (config.thinkingLevel !== undefined) {
    const effort = THINKING_LEVELS[config.thinkingLevel.toUpperCase()];
    if (!effort) throw untranslatable('generationConfig.thinkingConfig.thinkingLevel', 'must be one of MINIMAL, LOW, MEDIUM, HIGH.');
    return { enabled: true, effort };
  }
  if (config.thinkingBudget === undefined) return config.includeThoughts ? { enabled: true } : undefined;
  if (config.thinkingBudget === 0) return { enabled: false };
  return config.thinkingBudget < 0 ? { enabled: true } : { enabled: true, budgetTokens: config.thinkingBudget };
}

function toolChoice(request: GeminiRequest): CanonicalToolChoice | undefined {
  const config = request.toolConfig?.functionCallingConfig;
  switch (config?.mode?.toUpperCase()) {
    case undefined:
      return undefined;
    case 'AUTO':
      return { type: 'auto' };
    case 'NONE':
      return { type: 'none' };
    case 'ANY':
    case 'VALIDATED': {
      const names = config.allowedFunctionNames ?? [];
      if (names.length > 1)
        throw untranslatable(
          'toolConfig.functionCallingConfig.allowedFunctionNames',
          "may name at most one function for this model's provider.",
        );
      return names.length === 1 ? { type: 'tool', name: names[0] } : { type: 'required' };
    }
    default:
      throw untranslatable('toolConfig.functionCallingConfig.mode', 'must be one of AUTO, ANY, NONE, VALIDATED.');
  }
}

/** Gemini `generateContent` request → canonical request. Throws 400 naming the first untranslatable field. */
export function requestFromGemini(body: unknown): CanonicalRequest {
  const request = parseClientRequest(geminiRequestSchema, body);
  const config = request.generationConfig ?? {};
  if (request.cachedContent !== undefined)
    throw untranslatable('cachedContent', "names a Gemini cache, which this model's provider cannot read.");
  if ((config.candidateCount ?? 1) > 1) throw untranslatable('generationConfig.candidateCount', "must be 1 for this model's provider.");
  if (config.responseModalities?.some((modality) => modality.toUpperCase() !== 'TEXT')) {
    throw untranslatable('generationConfig.responseModalities', "must be TEXT only for this model's provider.");
  }
  (request.tools ?? []).forEach((tool, index) => {
    const other = Object.keys(tool).find((key) => key !== 'functionDeclarations');
    if (other === undefined) return;
    if (BUILT_IN_TOOLS.has(other)) {
      throw untranslatable(`tools[${index}].${other}`, "is a Gemini built-in tool, which this model's provider does not offer.");
    }
    throw untranslatable(`tools[${index}]`, "may only hold functionDeclarations for this model's provider.");
  });

  const ids = new CallIds();
  const messages: CanonicalMessage[] = request.contents.map((content, turn) => {
    const role = content.role === 'model' ? 'assistant' : 'user';
    return {
      role,
      content: mergeThinking(
        content.parts.flatMap((value, index) => part(value, `contents[${turn}].parts[${index}]`, role, ids, turn, index)),
      ),
    };
  });
  const system: CanonicalText[] = (request.systemInstruction?.parts ?? []).flatMap((value) =>
    value.text ? [{ type: 'text' as const, text: value.text }] : [],
  );
  const schema =
    config.responseJsonSchema ??
    (config.responseSchema ? (schemaFromOpenApi(config.responseSchema) as Record<string, unknown>) : undefined);
  return {
    system,
    messages,
    tools: (request.tools ?? []).flatMap((tool) =>
      (tool.functionDeclarations ?? []).map((declaration) => ({
        name: declaration.name,
        description: declaration.description,
        parameters:
          declaration.parametersJsonSchema ??
          ((declaration.parameters ? schemaFromOpenApi(declaration.parameters) : { type: 'object', properties: {} }) as Record<
            string,
            unknown
          >),
      })),
    ),
    toolChoice: toolChoice(request),
    maxTokens: config.maxOutputTokens,
    temperature: config.temperature,
    topP: config.topP,
    topK: config.topK,
    stop: config.stopSequences ?? [],
    seed: config.seed,
    presencePenalty: config.presencePenalty,
    frequencyPenalty: config.frequencyPenalty,
    reasoning: reasoning(config.thinkingConfig),
    responseFormat: config.responseMimeType === 'application/json' ? { type: 'json', schema } : undefined,
  };
}
