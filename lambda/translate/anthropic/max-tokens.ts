/**
 * Anthropic requires `max_tokens`; OpenAI and Gemini callers may leave it out (docs/PROTOCOLS.md §6.2).
 * The default is per model family, well under each family's output limit so that an unbounded
 * request stays affordable: Claude 4.x families 8192, older models 4096.
 * https://docs.anthropic.com/en/docs/about-claude/models/overview
 */
const DEFAULT_MAX_TOKENS: ReadonlyArray<readonly [prefix: string, maxTokens: number]> = [
  ['claude-opus-4', 8192],
  ['claude-sonnet-4', 8192],
  ['claude-haiku-4', 8192],
  ['claude-3-7-sonnet', 8192],
];

/** @default 4096 for models not in the table */
export const FALLBACK_MAX_TOKENS = 4096;

export function defaultMaxTokens(upstreamModel: string): number {
  return DEFAULT_MAX_TOKENS.find(([prefix]) => upstreamModel.startsWith(prefix))?.[1] ?? FALLBACK_MAX_TOKENS;
}

/** Anthropic's smallest thinking budget. https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking */
export const MIN_THINKING_BUDGET = 1024;
