import { z } from 'zod';

/**
 * Anthropic Messages request, as far as the cross-protocol translators read it (docs/PROTOCOLS.md §2).
 * https://docs.anthropic.com/en/api/messages
 * Unknown fields are allowed (and ignored when translating to another protocol).
 */

const textBlock = z.object({ type: z.literal('text'), text: z.string() }).loose();
const imageBlock = z
  .object({
    type: z.literal('image'),
    source: z.discriminatedUnion('type', [
      z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }).loose(),
      z.object({ type: z.literal('url'), url: z.string() }).loose(),
    ]),
  })
  .loose();
const toolUseBlock = z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }).loose();
const toolResultBlock = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z.union([z.string(), z.array(z.union([textBlock, imageBlock, z.object({ type: z.string() }).loose()]))]).optional(),
    is_error: z.boolean().optional(),
  })
  .loose();
const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }).loose();
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string() }).loose();
const otherBlock = z.object({ type: z.string() }).loose();

export const anthropicContentBlockSchema = z.union([
  textBlock,
  imageBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
  otherBlock,
]);
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

export const anthropicRequestSchema = z
  .object({
    model: z.string().min(1),
    max_tokens: z.number().int().positive().optional(),
    system: z.union([z.string(), z.array(z.union([textBlock, otherBlock]))]).optional(),
    messages: z
      // `system` in messages: Claude Code's mid-conversation system messages (beta `mid-conversation-system-*`).
      .array(
        z
          .object({ role: z.enum(['user', 'assistant', 'system']), content: z.union([z.string(), z.array(anthropicContentBlockSchema)]) })
          .loose(),
      )
      .min(1),
    tools: z
      .array(
        z
          .object({
            type: z.string().optional(),
            name: z.string().min(1),
            description: z.string().optional(),
            input_schema: z.record(z.string(), z.unknown()).optional(),
          })
          .loose(),
      )
      .optional(),
    tool_choice: z
      .object({
        type: z.enum(['auto', 'any', 'tool', 'none']),
        name: z.string().optional(),
        disable_parallel_tool_use: z.boolean().optional(),
      })
      .loose()
      .optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().nonnegative().optional(),
    stop_sequences: z.array(z.string()).optional(),
    stream: z.boolean().optional(),
    thinking: z
      .object({ type: z.enum(['enabled', 'disabled', 'adaptive']), budget_tokens: z.number().int().positive().optional() })
      .loose()
      .optional(),
    output_config: z
      .object({
        effort: z.string().optional(),
        format: z
          .object({ type: z.string(), schema: z.record(z.string(), z.unknown()).optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
    metadata: z.object({ user_id: z.string().nullish() }).loose().optional(),
  })
  .loose();

export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;
