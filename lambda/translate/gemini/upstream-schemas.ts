import { z } from 'zod';
import { geminiUsageSchema } from '../../providers/gemini/convert-usage';

/**
 * Gemini `GenerateContentResponse` (one per non-streaming answer or per SSE event), as the
 * decoders read it (docs/PROTOCOLS.md §3). https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export const geminiPartSchema = z
  .object({
    text: z.string().optional(),
    thought: z.boolean().optional(),
    thoughtSignature: z.string().optional(),
    functionCall: z
      .object({ name: z.string(), args: z.record(z.string(), z.unknown()).nullish(), id: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();

export const geminiResponseSchema = z
  .object({
    candidates: z
      .array(
        z
          .object({
            content: z
              .object({ parts: z.array(geminiPartSchema).optional() })
              .loose()
              .optional(),
            finishReason: z.string().optional(),
            index: z.number().int().optional(),
          })
          .loose(),
      )
      .optional(),
    promptFeedback: z.object({ blockReason: z.string().optional() }).loose().optional(),
    usageMetadata: geminiUsageSchema.optional(),
    error: z.unknown().optional(),
  })
  .loose();

export type GeminiResponse = z.infer<typeof geminiResponseSchema>;
export type GeminiPart = z.infer<typeof geminiPartSchema>;
