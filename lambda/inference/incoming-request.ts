import type { APIGatewayProxyEvent } from 'aws-lambda';
import { invalidRequest, requestTooLarge, type GatewayError } from '../core/errors';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../http/json-depth';

/** The parts of an API Gateway REST proxy event the gateway uses, normalized. */
export interface IncomingRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The raw body text ('' when none). */
  readonly bodyText: string;
}

/** `headers`: the event's headers, lower-cased once by the caller (`lowerCaseHeaders`). */
export function readIncomingRequest(
  event: APIGatewayProxyEvent,
  headers: Readonly<Record<string, string | undefined>>,
  maxBodyBytes: number,
): IncomingRequest {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > maxBodyBytes) throw requestTooLarge(maxBodyBytes);
  return {
    method: event.httpMethod.toUpperCase(),
    path: event.path,
    headers,
    query: { ...(event.queryStringParameters ?? {}) },
    bodyText: bytes.toString('utf8'),
  };
}

/** A 400 for JSON nested deeper than the documented limit. */
export function tooDeep(field = 'body'): GatewayError {
  return invalidRequest(`The field '${field}' nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`, field);
}

/** Parses a JSON object body, with errors that say what to fix (never quoting the body). */
export function parseJsonBody(bodyText: string): Record<string, unknown> {
  if (bodyText.trim() === '') throw invalidRequest('The request body is empty; send a JSON object.', 'body');
  if (nestsDeeperThan(bodyText, MAX_JSON_DEPTH)) throw tooDeep();
  let value: unknown;
  try {
    value = JSON.parse(bodyText);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw invalidRequest(`The request body is not valid JSON${position ? ` (error at position ${position})` : ''}.`, 'body');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidRequest('The request body must be a JSON object.', 'body');
  }
  return value as Record<string, unknown>;
}
