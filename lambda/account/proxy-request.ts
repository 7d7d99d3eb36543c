import type { APIGatewayProxyEvent } from 'aws-lambda';
import { z } from 'zod';
import { invalidRequest, requestTooLarge } from '../core/errors';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../http/json-depth';

/** Largest body the account API reads: it only ever receives `{"email": ...}`. */
export const MAX_ACCOUNT_BODY_BYTES = 16 * 1024;

/** Parses a JSON object body; 400 for anything else, 413 when too large. Never quotes the body. */
export function jsonObjectBody(event: APIGatewayProxyEvent): Record<string, unknown> {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_ACCOUNT_BODY_BYTES) throw requestTooLarge(MAX_ACCOUNT_BODY_BYTES);
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw invalidRequest(`The request body nests more than ${MAX_JSON_DEPTH} levels deep.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidRequest('The request body is not valid JSON.');
  }
  const object = z.record(z.string(), z.unknown()).safeParse(parsed);
  if (!object.success) throw invalidRequest('The request body must be a JSON object.');
  return object.data;
}
