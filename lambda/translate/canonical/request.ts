/**
 * The gateway's internal request model. Every caller protocol is decoded into it and every
 * provider protocol is encoded from it, so N protocols need 2N converters, not N².
 */

export interface CanonicalText {
  readonly type: 'text';
  readonly text: string;
}

export type CanonicalImageSource =
  { readonly kind: 'base64'; readonly mediaType: string; readonly data: string } | { readonly kind: 'url'; readonly url: string };

export interface CanonicalImage {
  readonly type: 'image';
  readonly source: CanonicalImageSource;
}

export interface CanonicalToolCall {
  readonly type: 'tool-call';
  readonly id: string;
  readonly name: string;
  /** The parsed arguments object. */
  readonly input: unknown;
  /** Gemini's `thoughtSignature` of the functionCall part, echoed back on the next turn. */
  readonly signature?: string;
}

export interface CanonicalToolResult {
  readonly type: 'tool-result';
  readonly toolCallId: string;
  /** The tool's name when the caller protocol names it (Gemini); otherwise found from the call. */
  readonly name?: string;
  readonly content: ReadonlyArray<CanonicalText | CanonicalImage>;
  /** The result as a JSON value when the caller sent structured data (Gemini `functionResponse.response`). */
  readonly json?: unknown;
  readonly isError?: boolean;
}

export interface CanonicalThinking {
  readonly type: 'thinking';
  readonly text: string;
  /** Anthropic's thinking `signature` (or a Gemini thought part's `thoughtSignature`). */
  readonly signature?: string;
}

export interface CanonicalRedactedThinking {
  readonly type: 'redacted-thinking';
  readonly data: string;
}

export type CanonicalPart =
  CanonicalText | CanonicalImage | CanonicalToolCall | CanonicalToolResult | CanonicalThinking | CanonicalRedactedThinking;

export interface CanonicalMessage {
  readonly role: 'user' | 'assistant';
  readonly content: readonly CanonicalPart[];
}

export interface CanonicalTool {
  readonly name: string;
  readonly description?: string;
  /** JSON Schema of the arguments. */
  readonly parameters: Record<string, unknown>;
}

export type CanonicalToolChoice =
  { readonly type: 'auto' } | { readonly type: 'none' } | { readonly type: 'required' } | { readonly type: 'tool'; readonly name: string };

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export interface CanonicalReasoning {
  readonly enabled: boolean;
  /** Thinking budget in tokens, when the caller gave one. */
  readonly budgetTokens?: number;
  /** Effort level, when the caller gave one instead of a budget. */
  readonly effort?: ReasoningEffort;
}

export type CanonicalResponseFormat =
  { readonly type: 'text' } | { readonly type: 'json'; readonly schema?: Record<string, unknown>; readonly name?: string };

export interface CanonicalRequest {
  readonly system: readonly CanonicalText[];
  readonly messages: readonly CanonicalMessage[];
  readonly tools: readonly CanonicalTool[];
  readonly toolChoice?: CanonicalToolChoice;
  /** False when the caller forbade parallel tool calls. */
  readonly parallelToolCalls?: boolean;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly stop: readonly string[];
  readonly seed?: number;
  readonly presencePenalty?: number;
  readonly frequencyPenalty?: number;
  readonly reasoning?: CanonicalReasoning;
  readonly responseFormat?: CanonicalResponseFormat;
  /** An opaque end-user id for abuse tracking. */
  readonly user?: string;
}
