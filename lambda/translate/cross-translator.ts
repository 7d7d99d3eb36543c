import { GatewayError, toGatewayError } from '../core/errors';
import type { NormalizedUsage } from '../core/usage';
import { upstreamEndedEarly } from './canonical/errors';
import type { ClientCodec, UpstreamCodec } from './canonical/codec';
import type { StreamDecoder, StreamEncoder } from './canonical/stream-events';
import type { SseEvent, StreamTranslator, TranslationContext, Translator } from './types';

/**
 * A stream translator built from an upstream decoder and a client encoder.
 * Upstream errors (in-band error events, malformed chunks) are thrown as GatewayError after the
 * usage seen so far is kept; the handler then calls `fail()`. `end()` on a stream that never
 * finished renders the error itself, and later `fail()` calls return nothing, so either order is safe.
 */
class CanonicalStreamTranslator implements StreamTranslator {
  usage: NormalizedUsage | undefined;
  completed = false;
  private failed = false;
  /** Frames produced in the same push as an upstream error; sent before the error frames. */
  private pending = '';

  constructor(
    private readonly decoder: StreamDecoder,
    private readonly encoder: StreamEncoder,
  ) {}

  push(event: SseEvent): string {
    if (this.failed) return '';
    let output = '';
    for (const canonical of this.decoder.push(event)) {
      if (canonical.type === 'error') {
        this.pending = output;
        throw canonical.error;
      }
      if (canonical.type === 'usage') this.usage = canonical.usage;
      if (canonical.type === 'finish') this.completed = true;
      output += this.encoder.write(canonical);
    }
    return output;
  }

  end(): string {
    if (this.failed) return '';
    if (!this.completed) return this.fail(upstreamEndedEarly());
    return this.encoder.end();
  }

  fail(error: GatewayError): string {
    if (this.failed) return '';
    this.failed = true;
    return this.pending + this.encoder.fail(error instanceof GatewayError ? error : toGatewayError(error));
  }
}

/** A translator between two different protocols through the canonical model. */
export function createCrossTranslator(client: ClientCodec, upstream: UpstreamCodec): Translator {
  return {
    client: client.protocol,
    upstream: upstream.protocol,
    request(clientBody: unknown, context: TranslationContext) {
      return upstream.encodeRequest(client.decodeRequest(clientBody, context), context);
    },
    response(upstreamBody: unknown, context: TranslationContext) {
      const canonical = upstream.decodeResponse(upstreamBody, context);
      return { body: client.encodeResponse(canonical, context), usage: canonical.usage };
    },
    stream(context, options) {
      return new CanonicalStreamTranslator(upstream.createStreamDecoder(context), client.createStreamEncoder(context, options));
    },
  };
}
