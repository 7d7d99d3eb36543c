import { GatewayError, invalidRequest } from '../../core/errors';

/**
 * Errors raised while translating. Messages name fields and protocols, never content (P1).
 */

/** A request field the target protocol cannot express. */
export function untranslatable(field: string, reason: string): GatewayError {
  return invalidRequest(`The field '${field}' ${reason}`, field);
}

/** The upstream answer did not match its protocol's schema. */
export function malformedUpstream(what: 'response' | 'stream event'): GatewayError {
  return new GatewayError(502, 'upstream_error', `The upstream provider sent a malformed ${what}.`);
}

/** The upstream stream closed before a finish signal. */
export function upstreamEndedEarly(): GatewayError {
  return new GatewayError(502, 'upstream_error', 'The upstream stream ended before the answer was complete.');
}

/** Parses an SSE data payload as JSON, or throws the malformed-event error. */
export function parseEventJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw malformedUpstream('stream event');
  }
}

/** Names a zod issue path like `messages[2].content[0].text`. */
export function fieldPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  return (
    path.reduce<string>(
      (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
      prefix,
    ) || 'body'
  );
}
