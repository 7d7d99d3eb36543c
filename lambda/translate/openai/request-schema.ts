import { z } from 'zod';

/**
 * OpenAI Chat Completions request, as far as the translators read it (docs/PROTOCOLS.md §1).
 * https://platform.openai.com/docs/api-reference/chat/create
 * Unknown fields are allowed and ignored.
 */

const textPart = z.object({ type: z.literal('text'), text: z.string() }).loose();
const imagePart = z
  .object({ type: z.literal('image_url'), image_url: z.object({ url: z.string(), detail: z.string().optional() }).loose() })
  .loose();
const otherPart = z.object({ type: z.string() }).loose();
export const openAiContentPartSchema = z.union([textPart, imagePart, otherPart]);

const content = z.union([z.string(), z.array(openAiContentPartSchema)]).nullish();

export const openAiToolCallSchema = z
  .object({
    id: z.string(),
    type: z.literal('function').optional(),
    function: z.object({ name: z.string(), arguments: z.string() }).loose(),
  })
  .loose();

export const openAiMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer']), content }).loose(),
  z.object({ role: z.literal('user'), content }).loose(),
  z
    .object({
      role: z.literal('assistant'),
      content,
      tool_calls: z.array(openAiToolCallSchema).nullish(),
      reasoning_content: z.string().nullish(),
    })
    .loose(),
  z.object({ role: z.literal('tool'), tool_call_id: z.string(), content }).loose(),
]);

export const openAiToolSchema = z
  .object({
    type: z.literal('function'),
    function: z
      .object({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() })
      .loose(),
  })
  .loose();

export const openAiToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }).loose(),
]);

export const openAiRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(openAiMessageSchema).min(1),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    n: z.number().int().positive().nullish(),
    stop: z.union([z.string(), z.array(z.string())]).nullish(),
    stream: z.boolean().nullish(),
    tools: z.array(openAiToolSchema).nullish(),
    tool_choice: openAiToolChoiceSchema.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    response_format: z
      .object({
        type: z.enum(['text', 'json_object', 'json_schema']),
        json_schema: z
          .object({ name: z.string().optional(), schema: z.record(z.string(), z.unknown()).optional() })
          .loose()
          .optional(),
      })
      .loose()
      .nullish(),
    reasoning_effort: z.string().nullish(),
    seed: z.number().int().nullish(),
    presence_penalty: z.number().nullish(),
    frequency_penalty: z.number().nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().nullish(),
    // Not validated: its keys are caller data and would show in an error's field name.
    logit_bias: z.unknown().optional(),
    modalities: z.array(z.string()).nullish(),
    audio: z.unknown().optional(),
    user: z.string().nullish(),
  })
  .loose();

export type OpenAiRequest = z.infer<typeof openAiRequestSchema>;
export type OpenAiMessage = z.infer<typeof openAiMessageSchema>;
export type OpenAiContentPart = z.infer<typeof openAiContentPartSchema>;
