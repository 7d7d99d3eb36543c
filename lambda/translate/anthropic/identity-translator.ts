import { z } from 'zod';
import type { GatewayError } from '../../core/errors';
import type { NormalizedUsage } from '../../core/usage';
import { anthropicClientProtocol } from '../../protocols/anthropic/client-protocol';
import {
  convertAnthropicUsage,
  mergeAnthropicUsage,
  type AnthropicUsage,
  anthropicUsageSchema,
} from '../../providers/anthropic/convert-usage';
import { anthropicErrorFromType } from '../../providers/anthropic/error-types';
import { malformedUpstream, parseEventJson, untranslatable, upstreamEndedEarly } from '../canonical/errors';
import type { SseEvent, StreamTranslator, TranslationContext, Translator } from '../types';
import { ANTHROPIC_ERROR_STATUS } from './upstream-schemas';

/** Caller headers forwarded to Anthropic unchanged, so new versions and betas keep working. */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

const usageEventSchema = z
  .object({
    type: z.string(),
    message: z.object({ usage: anthropicUsageSchema.nullish() }).loose().optional(),
    usage: anthropicUsageSchema.nullish(),
    error: z.object({ type: z.string().optional() }).loose().optional(),
  })
  .loose();

/**
 * Anthropic caller → Anthropic: events are re-emitted byte for byte (named, as received); the
 * translator only reads usage (`message_start` input counts merged with the cumulative
 * `message_delta` counts) and turns an `error` event into a GatewayError for the handler.
 */
class AnthropicIdentityStream implements StreamTranslator {
  usage: NormalizedUsage | undefined;
  completed = false;
  private raw: AnthropicUsage = {};
  private failed = false;

  push(event: SseEvent): string {
    if (this.failed) return '';
    const parsed = usageEventSchema.safeParse(parseEventJson(event.data));
    if (!parsed.success) throw malformedUpstream('stream event');
    const data = parsed.data;
    if (data.type === 'error') {
      const type = data.error?.type;
      throw anthropicErrorFromType(type, type ? (ANTHROPIC_ERROR_STATUS[type] ?? 500) : 500);
    }
    const usage = data.type === 'message_start' ? data.message?.usage : data.type === 'message_delta' ? data.usage : undefined;
    if (usage) {
      this.raw = mergeAnthropicUsage(this.raw, usage);
      this.usage = convertAnthropicUsage(this.raw);
    }
    if (data.type === 'message_stop') this.completed = true;
    return `event: ${event.event ?? data.type}\ndata: ${event.data}\n\n`;
  }

  end(): string {
    return this.completed || this.failed ? '' : this.fail(upstreamEndedEarly());
  }

  fail(error: GatewayError): string {
    if (this.failed) return '';
    this.failed = true;
    return anthropicClientProtocol.renderStreamError(error);
  }
}

function forwardedHeaders(context: TranslationContext): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = context.clientHeaders[name];
    if (value) headers[name] = value;
  }
  return headers;
}

/** Anthropic → Anthropic passthrough: the body untouched (unknown fields included) except `model`. */
export function createAnthropicIdentityTranslator(): Translator {
  return {
    client: 'anthropic',
    upstream: 'anthropic',
    request(clientBody, context) {
      if (clientBody === null || typeof clientBody !== 'object' || Array.isArray(clientBody)) {
        throw untranslatable('body', 'must be a JSON object.');
      }
      return { body: { ...clientBody, model: context.upstreamModel }, headers: forwardedHeaders(context) };
    },
    response(upstreamBody) {
      if (upstreamBody === null || typeof upstreamBody !== 'object' || Array.isArray(upstreamBody)) throw malformedUpstream('response');
      // count_tokens answers `{input_tokens}` without `usage`: nothing was generated.
      const usage = anthropicUsageSchema.safeParse((upstreamBody as { usage?: unknown }).usage);
      return { body: upstreamBody, usage: usage.success ? convertAnthropicUsage(usage.data) : {} };
    },
    stream() {
      return new AnthropicIdentityStream();
    },
  };
}
