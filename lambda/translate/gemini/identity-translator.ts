import type { GatewayError } from '../../core/errors';
import type { NormalizedUsage } from '../../core/usage';
import { geminiClientProtocol } from '../../protocols/gemini/client-protocol';
import { convertGeminiUsage } from '../../providers/gemini/convert-usage';
import { malformedUpstream, parseEventJson, untranslatable, upstreamEndedEarly } from '../canonical/errors';
import type { SseEvent, StreamTranslator, Translator } from '../types';
import { geminiStreamError } from './upstream-error';
import { geminiResponseSchema } from './upstream-schemas';

/**
 * Gemini caller → Gemini: each event is re-emitted as received; the translator reads the last
 * `usageMetadata` (early ones are partial), notices the end (a `finishReason`, or a prompt blocked
 * by `promptFeedback`) and turns an in-stream `{error}` object into a GatewayError.
 */
class GeminiIdentityStream implements StreamTranslator {
  usage: NormalizedUsage | undefined;
  completed = false;
  private failed = false;

  push(event: SseEvent): string {
    if (this.failed) return '';
    const json = parseEventJson(event.data);
    const parsed = geminiResponseSchema.safeParse(Array.isArray(json) ? json[0] : json);
    if (!parsed.success) throw malformedUpstream('stream event');
    const chunk = parsed.data;
    if (chunk.error !== undefined) throw geminiStreamError(json);
    if (chunk.usageMetadata) this.usage = convertGeminiUsage(chunk.usageMetadata);
    if (chunk.candidates?.some((candidate) => candidate.finishReason) || (!chunk.candidates?.length && chunk.promptFeedback?.blockReason)) {
      this.completed = true;
    }
    return `data: ${event.data}\n\n`;
  }

  end(): string {
    return this.completed || this.failed ? '' : this.fail(upstreamEndedEarly());
  }

  fail(error: GatewayError): string {
    if (this.failed) return '';
    this.failed = true;
    return geminiClientProtocol.renderStreamError(error);
  }
}

/** Gemini → Gemini passthrough: the body goes up untouched (the model is in the URL). */
export function createGeminiIdentityTranslator(): Translator {
  return {
    client: 'gemini',
    upstream: 'gemini',
    request(clientBody) {
      if (clientBody === null || typeof clientBody !== 'object' || Array.isArray(clientBody)) {
        throw untranslatable('body', 'must be a JSON object.');
      }
      return { body: clientBody };
    },
    response(upstreamBody) {
      if (upstreamBody === null || typeof upstreamBody !== 'object') throw malformedUpstream('response');
      // countTokens answers `{totalTokens}` without usageMetadata: nothing was generated.
      const parsed = geminiResponseSchema.safeParse(Array.isArray(upstreamBody) ? upstreamBody[0] : upstreamBody);
      const metadata = parsed.success ? parsed.data.usageMetadata : undefined;
      return { body: upstreamBody, usage: metadata ? convertGeminiUsage(metadata) : {} };
    },
    stream() {
      return new GeminiIdentityStream();
    },
  };
}
