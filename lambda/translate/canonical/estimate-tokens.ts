import type { CanonicalPart, CanonicalRequest } from './request';

/**
 * A deliberately high estimate of a request's prompt tokens, for providers without a counting
 * endpoint (DeepSeek, Ark). Clients such as Claude Code use the count to decide when to compact
 * the context, so over-counting is the safe direction (it compacts a little early) and under-counting
 * is not (the context overflows).
 *
 * - Text (and JSON of tool arguments, results and schemas): one token per 3 UTF-8 bytes. DeepSeek
 *   documents about 0.3 tokens per English character and 0.6 per Chinese character; 3 bytes is
 *   0.33 per ASCII character and 1 per CJK character.
 *   https://api-docs.deepseek.com/quick_start/token_usage
 * - Images: a flat 1,600 tokens each, Anthropic's figure for the largest image it accepts without
 *   resizing (the base64 data itself is never counted as text).
 *   https://docs.anthropic.com/en/docs/build-with-claude/vision#evaluate-image-size
 * - Message and tool framing: 4 tokens each.
 */
export const ESTIMATE = { bytesPerToken: 3, imageTokens: 1600, framingTokens: 4 } as const;

function textTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / ESTIMATE.bytesPerToken);
}

function jsonTokens(value: unknown): number {
  return value === undefined ? 0 : textTokens(JSON.stringify(value));
}

function partTokens(part: CanonicalPart): number {
  switch (part.type) {
    case 'text':
      return textTokens(part.text);
    case 'image':
      return ESTIMATE.imageTokens;
    case 'tool-call':
      return textTokens(part.name) + jsonTokens(part.input);
    case 'tool-result':
      return part.content.reduce((sum, item) => sum + partTokens(item), 0) + jsonTokens(part.json);
    case 'thinking':
      return textTokens(part.text);
    case 'redacted-thinking':
      return 0;
  }
}

/** The estimated prompt tokens of a request (never 0 for a non-empty request). */
export function estimatePromptTokens(request: CanonicalRequest): number {
  let total = request.system.reduce((sum, part) => sum + textTokens(part.text), 0);
  for (const message of request.messages) {
    total += ESTIMATE.framingTokens + message.content.reduce((sum, part) => sum + partTokens(part), 0);
  }
  for (const tool of request.tools) {
    total += ESTIMATE.framingTokens + textTokens(tool.name) + textTokens(tool.description ?? '') + jsonTokens(tool.parameters);
  }
  return total;
}
