import { GatewayError } from '../../core/errors';

/** An error object inside an OpenAI-compatible stream; its message may echo the prompt and is not copied. */
export function openAiMidStreamError(): GatewayError {
  return new GatewayError(502, 'upstream_error', 'The upstream provider reported an error during the stream.');
}

/**
 * DeepSeek's `finish_reason: insufficient_system_resource`: the answer was cut off for lack of
 * capacity (docs/PROTOCOLS.md §4). Surfaced as an overload so callers retry.
 */
export function insufficientSystemResource(): GatewayError {
  return new GatewayError(
    503,
    'overloaded',
    'The upstream provider ran out of capacity before finishing the answer (insufficient_system_resource). Retry later.',
  );
}

export const INSUFFICIENT_SYSTEM_RESOURCE = 'insufficient_system_resource';
