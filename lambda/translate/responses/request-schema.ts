import { z } from 'zod';

/**
 * OpenAI Responses API request (`POST /v1/responses`), as far as the gateway reads it
 * (docs/RESPONSES-API.md). https://platform.openai.com/docs/api-reference/responses/create
 * Unknown fields are allowed and ignored. Input items and tools are validated one by one by type
 * (`request-from-responses.ts`), so that an error names the item (`input[3].call_id`).
 */

const looseObject = z.object({}).loose();

export const responsesRequestSchema = z
  .object({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(looseObject)]),
    instructions: z.string().nullish(),
    tools: z.array(z.object({ type: z.string() }).loose()).nullish(),
    tool_choice: z.union([z.enum(['none', 'auto', 'required']), z.object({ type: z.string() }).loose()]).nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    max_output_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    reasoning: z
      .object({ effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(), summary: z.string().nullish() })
      .loose()
      .nullish(),
    text: z
      .object({
        format: z
          .object({
            type: z.enum(['text', 'json_object', 'json_schema']),
            name: z.string().optional(),
            schema: z.record(z.string(), z.unknown()).optional(),
          })
          .loose()
          .nullish(),
        verbosity: z.string().nullish(),
      })
      .loose()
      .nullish(),
    stream: z.boolean().nullish(),
    store: z.boolean().nullish(),
    include: z.array(z.string()).nullish(),
    previous_response_id: z.string().nullish(),
    conversation: z.unknown().optional(),
    background: z.boolean().nullish(),
    prompt: z.unknown().optional(),
    top_logprobs: z.number().int().nonnegative().nullish(),
    user: z.string().nullish(),
    safety_identifier: z.string().nullish(),
    // Echoed back, never read: caller data whose keys must not show in an error's field name.
    metadata: z.unknown().optional(),
  })
  .loose();

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

const inputText = z.object({ type: z.literal('input_text'), text: z.string() }).loose();
const outputText = z.object({ type: z.literal('output_text'), text: z.string() }).loose();
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() }).loose();
const inputImage = z
  .object({ type: z.literal('input_image'), image_url: z.string().nullish(), file_id: z.string().nullish(), detail: z.string().nullish() })
  .loose();

/** A content part of a message or a tool output; other part types are refused by name. */
export const contentPartSchema = z.union([inputText, outputText, refusal, inputImage, z.object({ type: z.string() }).loose()]);
export type ContentPart = z.infer<typeof contentPartSchema>;

const content = z.union([z.string(), z.array(contentPartSchema)]);

export const messageItemSchema = z
  .object({
    type: z.literal('message').optional(),
    role: z.enum(['user', 'assistant', 'system', 'developer']),
    content,
  })
  .loose();

export const functionCallItemSchema = z
  .object({
    type: z.literal('function_call'),
    call_id: z.string().min(1),
    name: z.string().min(1),
    namespace: z.string().nullish(),
    arguments: z.string(),
  })
  .loose();

export const customToolCallItemSchema = z
  .object({
    type: z.literal('custom_tool_call'),
    call_id: z.string().min(1),
    name: z.string().min(1),
    namespace: z.string().nullish(),
    input: z.string(),
  })
  .loose();

export const toolOutputItemSchema = z
  .object({
    type: z.enum(['function_call_output', 'custom_tool_call_output']),
    call_id: z.string().min(1),
    output: content,
  })
  .loose();

export const reasoningItemSchema = z
  .object({
    type: z.literal('reasoning'),
    summary: z.array(z.object({ type: z.string(), text: z.string() }).loose()).nullish(),
    content: z.array(z.object({ type: z.string(), text: z.string() }).loose()).nullish(),
    encrypted_content: z.string().nullish(),
  })
  .loose();

export const functionToolSchema = z
  .object({
    type: z.literal('function'),
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

export const customToolSchema = z
  .object({
    type: z.literal('custom'),
    name: z.string().min(1),
    description: z.string().nullish(),
    format: z.object({ type: z.string(), syntax: z.string().nullish(), definition: z.string().nullish() }).loose().nullish(),
  })
  .loose();

export const namespaceToolSchema = z
  .object({
    type: z.literal('namespace'),
    name: z.string().min(1),
    description: z.string().nullish(),
    tools: z.array(z.object({ type: z.string() }).loose()),
  })
  .loose();

export type FunctionTool = z.infer<typeof functionToolSchema>;
export type CustomTool = z.infer<typeof customToolSchema>;
