import { z } from 'zod';
import type { GatewayError } from '../../core/errors';
import { geminiErrorFromStatus, type GeminiErrorFacts } from './error-status';

const IDENTIFIER = /^[A-Z0-9_]{1,60}$/;
/** A field path as Google APIs name it (`generation_config.max_output_tokens`, `contents[0].parts[1]`). */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]{0,63}(?:(?:\.[A-Za-z_][A-Za-z0-9_]{0,63})|(?:\[\d{1,6}\]))*$/;

/** `{"error":{"code","message","status","details":[...]}}`, sometimes wrapped in an array. Only enumerations are read. */
export const geminiErrorBodySchema = z
  .object({
    error: z
      .object({
        code: z.number().int().optional(),
        status: z.string().optional(),
        details: z
          .array(
            z
              .object({
                reason: z.string().optional(),
                retryDelay: z.string().optional(),
                // google.rpc.BadRequest: only the field path is read, never the description.
                fieldViolations: z.array(z.object({ field: z.string().optional() }).loose()).optional(),
              })
              .loose(),
          )
          .optional(),
      })
      .loose(),
  })
  .loose();

/** `RetryInfo.retryDelay` like `"13s"` or `"0.5s"`. */
function retryDelaySeconds(details: ReadonlyArray<{ retryDelay?: string }> | undefined): number | undefined {
  const delay = details?.find((detail) => detail.retryDelay)?.retryDelay;
  const match = delay ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
  return match ? Math.ceil(Number(match[1])) : undefined;
}

/** Facts about a Gemini error object (HTTP body, or one found inside a stream). */
export function geminiErrorFacts(json: unknown, statusCode: number, headerRetryAfter?: number): GeminiErrorFacts {
  const parsed = geminiErrorBodySchema.safeParse(Array.isArray(json) ? json[0] : json);
  if (!parsed.success) return { statusCode, retryAfterSeconds: headerRetryAfter };
  const { status, details, code } = parsed.data.error;
  const reason = details?.find((detail) => detail.reason)?.reason;
  const field = details?.flatMap((detail) => detail.fieldViolations ?? []).find((violation) => violation.field)?.field;
  return {
    field: field && field.length <= 200 && FIELD_PATH.test(field) ? field : undefined,
    statusCode: code !== undefined && code >= 400 && code <= 599 ? code : statusCode,
    status: status && IDENTIFIER.test(status) ? status : undefined,
    reason: reason && IDENTIFIER.test(reason) ? reason : undefined,
    retryAfterSeconds: headerRetryAfter ?? retryDelaySeconds(details),
  };
}

/** Gemini error answer → GatewayError, by google.rpc status and ErrorInfo reason. */
export function parseGeminiError(statusCode: number, bodyText: string, headers: Headers): GatewayError {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    json = undefined;
  }
  const retryAfter = Number(headers.get('retry-after'));
  const facts = geminiErrorFacts(json, statusCode, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  return geminiErrorFromStatus({ ...facts, statusCode });
}
