import { z } from 'zod';
import { base64Data } from '../canonical/base64';

/**
 * Gemini `generateContent` request (wire names, camelCase), as the cross-protocol translators read
 * it (docs/PROTOCOLS.md §3). https://ai.google.dev/api/generate-content#request-body
 */

/**
 * A part is one of several fields (a oneof on the wire); each is validated as itself. Fields other
 * providers cannot take (`fileData`, `executableCode`, ...) are typed too, and refused when translating.
 */
export const geminiRequestPartSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: z.looseObject({ mimeType: z.string(), data: base64Data }).optional(),
  functionCall: z
    .looseObject({ name: z.string(), args: z.record(z.string(), z.unknown()).nullish(), id: z.string().optional() })
    .optional(),
  functionResponse: z
    .looseObject({ name: z.string(), response: z.record(z.string(), z.unknown()).optional(), id: z.string().optional() })
    .optional(),
  fileData: z.looseObject({ fileUri: z.string(), mimeType: z.string().optional() }).optional(),
  executableCode: z.looseObject({ code: z.string(), language: z.string().optional() }).optional(),
  codeExecutionResult: z.looseObject({ outcome: z.string().optional(), output: z.string().optional() }).optional(),
  videoMetadata: z.looseObject({}).optional(),
});

export type GeminiRequestPart = z.infer<typeof geminiRequestPartSchema>;

/** Gemini takes `user` and `model` turns (the role may be left out for a single-turn request). */
const contentSchema = z.looseObject({ role: z.enum(['user', 'model']).optional(), parts: z.array(geminiRequestPartSchema) });

export const geminiRequestSchema = z
  .object({
    contents: z.array(contentSchema).min(1),
    systemInstruction: z
      .object({ parts: z.array(geminiRequestPartSchema) })
      .loose()
      .optional(),
    tools: z
      .array(
        z
          .object({
            functionDeclarations: z
              .array(
                z
                  .object({
                    name: z.string().min(1),
                    description: z.string().optional(),
                    parameters: z.record(z.string(), z.unknown()).optional(),
                    parametersJsonSchema: z.record(z.string(), z.unknown()).optional(),
                  })
                  .loose(),
              )
              .optional(),
          })
          .loose(),
      )
      .optional(),
    toolConfig: z
      .object({
        functionCallingConfig: z
          .object({ mode: z.string().optional(), allowedFunctionNames: z.array(z.string()).optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
    cachedContent: z.string().optional(),
    generationConfig: z
      .object({
        temperature: z.number().min(0).max(2).optional(),
        topP: z.number().min(0).max(1).optional(),
        topK: z.number().int().nonnegative().optional(),
        candidateCount: z.number().int().positive().optional(),
        maxOutputTokens: z.number().int().positive().optional(),
        stopSequences: z.array(z.string()).optional(),
        presencePenalty: z.number().optional(),
        frequencyPenalty: z.number().optional(),
        seed: z.number().int().optional(),
        responseMimeType: z.string().optional(),
        responseSchema: z.record(z.string(), z.unknown()).optional(),
        responseJsonSchema: z.record(z.string(), z.unknown()).optional(),
        responseModalities: z.array(z.string()).optional(),
        thinkingConfig: z
          .object({
            thinkingBudget: z.number().int().optional(),
            includeThoughts: z.boolean().optional(),
            thinkingLevel: z.string().optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export type GeminiRequest = z.infer<typeof geminiRequestSchema>;

/** `:countTokens` takes the same body, `contents` optional (or a `generateContentRequest`, unwrapped before this). */
export const geminiCountTokensRequestSchema = geminiRequestSchema.extend({ contents: z.array(contentSchema).optional() });
