import { z } from 'zod';
import type { GatewayError } from '../../core/errors';
import { anthropicErrorFromType } from './error-types';

/** `{"type":"error","error":{"type","message"},"request_id"}`; only `error.type` is read. */
const errorBodySchema = z.object({ error: z.object({ type: z.string().regex(/^[a-z_]{1,60}$/) }).loose() }).loose();

function retryAfter(headers: Headers): number | undefined {
  const value = Number(headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Anthropic error answer → GatewayError, by `error.type` (or the status when the body is not JSON). */
export function parseAnthropicError(statusCode: number, bodyText: string, headers: Headers): GatewayError {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    json = undefined;
  }
  const parsed = errorBodySchema.safeParse(json);
  return anthropicErrorFromType(parsed.success ? parsed.data.error.type : undefined, statusCode, retryAfter(headers));
}
