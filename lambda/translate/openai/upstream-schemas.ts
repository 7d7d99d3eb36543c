import { z } from 'zod';
import { openAiCompatibleUsageSchema } from '../../providers/openai-compatible/convert-usage';

/**
 * OpenAI-compatible answers (OpenAI, DeepSeek, Ark) as the decoders read them (docs/PROTOCOLS.md §1, §4, §5).
 * Unknown fields are ignored; `null` is accepted wherever providers send it.
 */

const toolCallSchema = z
  .object({
    id: z.string().nullish(),
    function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).loose().nullish(),
  })
  .loose();

export const openAiResponseSchema = z
  .object({
    choices: z.array(
      z
        .object({
          message: z
            .object({
              content: z.string().nullish(),
              reasoning_content: z.string().nullish(),
              tool_calls: z.array(toolCallSchema).nullish(),
            })
            .loose(),
          finish_reason: z.string().nullish(),
        })
        .loose(),
    ),
    usage: openAiCompatibleUsageSchema.nullish(),
  })
  .loose();

export const openAiChunkSchema = z
  .object({
    choices: z
      .array(
        z
          .object({
            index: z.number().int().nonnegative().optional(),
            delta: z
              .object({
                content: z.string().nullish(),
                reasoning_content: z.string().nullish(),
                // `index` is missing on some compatible servers; the position in the array stands in.
                tool_calls: z.array(toolCallSchema.extend({ index: z.number().int().nonnegative().optional() })).nullish(),
              })
              .loose()
              .nullish(),
            finish_reason: z.string().nullish(),
          })
          .loose(),
      )
      .nullish(),
    usage: openAiCompatibleUsageSchema.nullish(),
    error: z.unknown().optional(),
  })
  .loose();

export type OpenAiChunk = z.infer<typeof openAiChunkSchema>;
