import { GatewayError, toGatewayError } from '../core/errors';
import type { NormalizedUsage } from '../core/usage';
import type { ClientCodec, IdentityCodec, UpstreamCodec } from './canonical/codec';
import { upstreamEndedEarly } from './canonical/errors';
import type { StreamDecoder, StreamEncoder } from './canonical/stream-events';
import type { SseEvent, StreamTranslator, TranslationContext, Translator } from './types';

/**
 * The one translator pipeline, for every (caller, provider) pair:
 *
 *   caller body ─ client.decodeRequest ─> canonical ─ upstream.encodeRequest ─> provider body
 *               (same protocol: client.forwardRequest, the body as it came)
 *   provider answer ─ upstream decoder ─> canonical events ─ client encoder ─> caller frames
 *               (same protocol: an identity encoder relays the provider's own frames)
 *
 * The decoder always runs, so usage, the finish signal and upstream errors are read the same way
 * for passthrough and translation alike.
 */
export function createTranslator(client: ClientCodec | IdentityCodec, upstream: UpstreamCodec): Translator {
  const forward = 'forwardRequest' in client ? client : undefined;
  return {
    client: client.protocol,
    upstream: upstream.protocol,
    request(clientBody: unknown, context: TranslationContext) {
      if (forward) return forward.forwardRequest(clientBody, context);
      const encoded = upstream.encodeRequest(client.decodeRequest(clientBody, context), context);
      const answerHeaders = client.answerHeaders?.(context);
      return answerHeaders ? { ...encoded, answerHeaders } : encoded;
    },
    response(upstreamBody: unknown, context: TranslationContext) {
      const canonical = upstream.decodeResponse(upstreamBody, context);
      return { body: client.encodeResponse(canonical, context, upstreamBody), usage: canonical.usage };
    },
    stream(context, options) {
      return new PipelineStream(upstream.createStreamDecoder(context), client.createStreamEncoder(context, options));
    },
  };
}

/**
 * The stream state machine. Open until the upstream ends (`end`) or something fails (an error or
 * malformed event from the decoder, a failure the handler reports through `fail`); the answer is
 * complete only when the decoder saw a finish signal (the one "ended early" rule); the caller's
 * encoder renders every error (one stream-error renderer per caller protocol).
 */
class PipelineStream implements StreamTranslator {
  usage: NormalizedUsage | undefined;
  completed = false;
  failure: GatewayError | undefined;
  private closed = false;

  constructor(
    private readonly decoder: StreamDecoder,
    private readonly encoder: StreamEncoder,
  ) {}

  push(event: SseEvent): string {
    if (this.closed) return '';
    let output = '';
    try {
      for (const canonical of this.decoder.push(event)) {
        if (canonical.type === 'error') return output + this.fail(canonical.error);
        if (canonical.type === 'usage') this.usage = canonical.usage;
        else if (canonical.type === 'finish') this.completed = true;
        output += this.encoder.write(canonical);
      }
      if (this.encoder.relay) output += this.encoder.relay(event);
    } catch (error) {
      // Frames produced before the bad event still go out, then the error.
      return output + this.fail(toGatewayError(error));
    }
    return output;
  }

  end(): string {
    if (this.closed) return '';
    if (!this.completed) return this.fail(upstreamEndedEarly());
    this.closed = true;
    return this.encoder.end();
  }

  fail(error: GatewayError): string {
    if (this.closed) return '';
    this.closed = true;
    this.failure = error instanceof GatewayError ? error : toGatewayError(error);
    return this.encoder.fail(this.failure);
  }
}
