import { z } from 'zod';
import { anthropicUsageSchema } from '../../providers/anthropic/convert-usage';

/**
 * Anthropic answers as the decoders read them (docs/PROTOCOLS.md §2). Unknown block, delta and event
 * types are accepted here and skipped by the decoders.
 * https://docs.anthropic.com/en/api/messages-streaming
 */

export const anthropicOutputBlockSchema = z
  .object({
    type: z.string(),
    text: z.string().optional(),
    thinking: z.string().optional(),
    signature: z.string().optional(),
    data: z.string().optional(),
    id: z.string().optional(),
    name: z.string().optional(),
    input: z.unknown().optional(),
  })
  .loose();

export const anthropicResponseSchema = z
  .object({
    type: z.literal('message').optional(),
    content: z.array(anthropicOutputBlockSchema),
    stop_reason: z.string().nullish(),
    stop_sequence: z.string().nullish(),
    usage: anthropicUsageSchema,
  })
  .loose();

export const anthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_start'), message: z.object({ usage: anthropicUsageSchema.optional() }).loose() }).loose(),
  z
    .object({ type: z.literal('content_block_start'), index: z.number().int().nonnegative(), content_block: anthropicOutputBlockSchema })
    .loose(),
  z
    .object({
      type: z.literal('content_block_delta'),
      index: z.number().int().nonnegative(),
      delta: z
        .object({
          type: z.string(),
          text: z.string().optional(),
          thinking: z.string().optional(),
          signature: z.string().optional(),
          partial_json: z.string().optional(),
        })
        .loose(),
    })
    .loose(),
  z.object({ type: z.literal('content_block_stop'), index: z.number().int().nonnegative() }).loose(),
  z
    .object({
      type: z.literal('message_delta'),
      delta: z.object({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }).loose(),
      usage: anthropicUsageSchema.nullish(),
    })
    .loose(),
  z.object({ type: z.literal('message_stop') }).loose(),
  z.object({ type: z.literal('ping') }).loose(),
  z.object({ type: z.literal('error'), error: z.object({ type: z.string().optional() }).loose() }).loose(),
]);

export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

/** Event types the decoders know; others (future additions) are skipped. */
export const KNOWN_ANTHROPIC_EVENTS = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);

/** Status per Anthropic error type, for errors that arrive inside a 200 stream. https://docs.anthropic.com/en/api/errors */
export const ANTHROPIC_ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  rate_limit_error: 429,
  overloaded_error: 529,
  timeout_error: 504,
  api_error: 500,
};
