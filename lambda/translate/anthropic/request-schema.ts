import { z } from 'zod';
import { openTaggedUnion } from '../canonical/open-union';
import { base64Data } from '../canonical/base64';

/**
 * Anthropic Messages request (docs/PROTOCOLS.md §2). https://docs.anthropic.com/en/api/messages
 * Every content block type is validated as itself: a wrongly typed field is a 400 that names its path.
 * Unknown top-level fields are allowed (and ignored when translating to another protocol).
 */

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const imageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: base64Data }),
    z.looseObject({ type: z.literal('url'), url: z.string() }),
  ]),
});
const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});
const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock]))]).optional(),
  is_error: z.boolean().optional(),
});
const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() });
const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

/**
 * Anthropic block types other providers cannot take (documents, server tools and their results).
 * Named so that the refusal can say which; a type outside every list is refused as unknown.
 */
export const UNTRANSLATABLE_BLOCK_TYPES = [
  'document',
  'search_result',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
] as const;
const untranslatableBlock = z.looseObject({ type: z.enum(UNTRANSLATABLE_BLOCK_TYPES) });

/** The blocks the translators read, each validated as itself. */
const translatableBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
]);

export const anthropicContentBlockSchema = z.discriminatedUnion('type', [...translatableBlock.options, untranslatableBlock]);
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

function requestSchema<Block extends z.ZodType>(block: Block) {
  return z.looseObject({
    model: z.string().min(1),
    max_tokens: z.number().int().positive().optional(),
    system: z.union([z.string(), z.array(textBlock)]).optional(),
    messages: z
      // `system` in messages: Claude Code's mid-conversation system messages (beta `mid-conversation-system-*`).
      .array(z.looseObject({ role: z.enum(['user', 'assistant', 'system']), content: z.union([z.string(), z.array(block)]) }))
      .min(1),
    tools: z
      .array(
        z.looseObject({
          type: z.string().optional(),
          name: z.string().min(1),
          description: z.string().optional(),
          input_schema: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional(),
    tool_choice: z
      .looseObject({
        type: z.enum(['auto', 'any', 'tool', 'none']),
        name: z.string().optional(),
        disable_parallel_tool_use: z.boolean().optional(),
      })
      .optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().nonnegative().optional(),
    stop_sequences: z.array(z.string()).optional(),
    stream: z.boolean().optional(),
    thinking: z
      .looseObject({ type: z.enum(['enabled', 'disabled', 'adaptive']), budget_tokens: z.number().int().positive().optional() })
      .optional(),
    output_config: z
      .looseObject({
        effort: z.string().optional(),
        format: z.looseObject({ type: z.string(), schema: z.record(z.string(), z.unknown()).optional() }).optional(),
      })
      .optional(),
    metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  });
}

/** For translation to another protocol: only block types this gateway knows. */
export const anthropicRequestSchema = requestSchema(anthropicContentBlockSchema);
export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;

/**
 * For the pass-through to Anthropic: the known block types validated as themselves, other types
 * (newer than this gateway) left to Anthropic.
 */
export const anthropicPassthroughRequestSchema = requestSchema(openTaggedUnion('type', translatableBlock));
