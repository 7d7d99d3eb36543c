import type { ReasoningEffort } from './request';

/**
 * Thinking budget in tokens per effort level, for providers that take a budget (Anthropic, Gemini
 * 2.5). The steps are the ones Google documents for Gemini 2.5's OpenAI-compatible
 * `reasoning_effort` (low 1K, medium 8K, high 24K).
 * https://ai.google.dev/gemini-api/docs/openai#thinking
 */
export const THINKING_BUDGETS: Readonly<Record<ReasoningEffort, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 8192,
  high: 24576,
};
