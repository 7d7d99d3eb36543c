import { z } from 'zod';
import { openTaggedUnion } from '../canonical/open-union';

/**
 * OpenAI Chat Completions request, as far as the translators read it (docs/PROTOCOLS.md §1).
 * https://platform.openai.com/docs/api-reference/chat/create
 * Unknown fields are allowed and ignored.
 */

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string(), detail: z.string().optional() }),
});
/** Part types of OpenAI's own platform that other providers cannot take; named so that the refusal can say which. */
export const UNTRANSLATABLE_PART_TYPES = ['input_audio', 'file', 'refusal', 'video_url'] as const;
const untranslatablePart = z.looseObject({ type: z.enum(UNTRANSLATABLE_PART_TYPES) });

const translatablePart = z.discriminatedUnion('type', [textPart, imagePart]);
export const openAiContentPartSchema = z.discriminatedUnion('type', [textPart, imagePart, untranslatablePart]);

export const openAiToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

function messageSchemas<Part extends z.ZodType>(part: Part) {
  const content = z.union([z.string(), z.array(part)]).nullish();
  return [
    z.looseObject({ role: z.enum(['system', 'developer']), content }),
    z.looseObject({ role: z.literal('user'), content }),
    z.looseObject({
      role: z.literal('assistant'),
      content,
      tool_calls: z.array(openAiToolCallSchema).nullish(),
      reasoning_content: z.string().nullish(),
    }),
    z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content }),
  ] as const;
}

export const openAiMessageSchema = z.discriminatedUnion('role', messageSchemas(openAiContentPartSchema));

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

function requestSchema<Message extends z.ZodType>(message: Message) {
  return z
    .object({
      model: z.string().min(1),
      messages: z.array(message).min(1),
      max_tokens: z.number().int().positive().nullish(),
      max_completion_tokens: z.number().int().positive().nullish(),
      temperature: z.number().min(0).max(2).nullish(),
      top_p: z.number().min(0).max(1).nullish(),
      n: z.number().int().positive().nullish(),
      stop: z.union([z.string(), z.array(z.string())]).nullish(),
      stream: z.boolean().nullish(),
      stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
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
}

/** For translation to another protocol: the roles and part types this gateway knows. */
export const openAiRequestSchema = requestSchema(openAiMessageSchema);

/**
 * For the pass-through to OpenAI-compatible providers: known roles and part types validated as
 * themselves, others (provider extensions such as Ark's `video_url`) left to the provider.
 */
export const openAiPassthroughRequestSchema = requestSchema(
  openTaggedUnion('role', z.discriminatedUnion('role', messageSchemas(openTaggedUnion('type', translatablePart)))),
);

export type OpenAiRequest = z.infer<typeof openAiRequestSchema>;
export type OpenAiMessage = z.infer<typeof openAiMessageSchema>;
export type OpenAiContentPart = z.infer<typeof openAiContentPartSchema>;
