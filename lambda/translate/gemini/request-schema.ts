import { z } from 'zod';

/**
 * Gemini `generateContent` request (wire names, camelCase), as the cross-protocol translators read
 * it (docs/PROTOCOLS.md §3). https://ai.google.dev/api/generate-content#request-body
 */

export const geminiRequestPartSchema = z
  .object({
    text: z.string().optional(),
    thought: z.boolean().optional(),
    thoughtSignature: z.string().optional(),
    inlineData: z.object({ mimeType: z.string(), data: z.string() }).loose().optional(),
    functionCall: z
      .object({ name: z.string(), args: z.record(z.string(), z.unknown()).nullish(), id: z.string().optional() })
      .loose()
      .optional(),
    functionResponse: z.object({ name: z.string(), response: z.unknown().optional(), id: z.string().optional() }).loose().optional(),
  })
  .loose();

export type GeminiRequestPart = z.infer<typeof geminiRequestPartSchema>;

const contentSchema = z.object({ role: z.string().optional(), parts: z.array(geminiRequestPartSchema) }).loose();

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
