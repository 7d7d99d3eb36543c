import type { GatewayError } from '../../core/errors';
import { geminiErrorFromStatus } from '../../providers/gemini/error-status';
import { geminiErrorFacts } from '../../providers/gemini/parse-error';

/** A Gemini error object found inside a 200 stream (framed or bare) → GatewayError. */
export function geminiStreamError(json: unknown): GatewayError {
  return geminiErrorFromStatus(geminiErrorFacts(json, 500));
}
