import { Writable } from 'node:stream';
import type { ServerResponse } from 'node:http';

/**
 * A stand-in for the `awslambda` global that the Node.js Lambda runtime provides, so that the real
 * streaming handler module runs unchanged on one machine. It must be installed before any handler
 * module is loaded (middy calls `awslambda.streamifyResponse` when the module is evaluated).
 */

export interface ResponsePrelude {
  statusCode?: number;
  headers?: Record<string, string>;
}

export type StreamingHandler = (event: unknown, responseStream: Writable, context: unknown) => Promise<unknown>;

const STREAMING = Symbol.for('tollgate.streamingHandler');

/**
 * The response stream handed to a handler: writes go to the HTTP response as they come. Like
 * Lambda, a client that goes away does not stop the function: later writes are dropped.
 *
 * Like Lambda's, the status line and headers leave when the handler sets them
 * (`awslambda.HttpResponseStream.from`), not with the first body chunk; a chunk written in the same
 * turn of the event loop goes out with them in one write. Chunks that queue up while a write is in
 * progress leave together (`_writev`): never held back, only not split into more writes than needed.
 */
export class LocalResponseStream extends Writable {
  private prelude: ResponsePrelude = {};
  private headersWritten = false;
  private bodyStarted = false;

  constructor(private readonly response: ServerResponse) {
    super();
  }

  setPrelude(prelude: ResponsePrelude): void {
    this.prelude = prelude;
    this.writeHeaders();
    // Send them now, as Lambda does, unless a body chunk in this same turn carries them anyway.
    setImmediate(() => {
      if (!this.bodyStarted && !this.response.destroyed && !this.response.writableEnded) this.response.flushHeaders();
    });
  }

  private writeHeaders(): void {
    if (this.headersWritten) return;
    this.headersWritten = true;
    if (this.response.destroyed) return;
    this.response.writeHead(this.prelude.statusCode ?? 200, this.prelude.headers ?? {});
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send(chunk, callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.send(chunks.length === 1 ? chunks[0].chunk : Buffer.concat(chunks.map(({ chunk }) => chunk)), callback);
  }

  private send(data: Buffer, callback: (error?: Error | null) => void): void {
    this.writeHeaders();
    this.bodyStarted = true;
    if (this.response.destroyed || this.response.writableEnded) {
      callback();
      return;
    }
    this.response.write(data, () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.writeHeaders();
    this.bodyStarted = true;
    if (this.response.destroyed || this.response.writableEnded) {
      callback();
      return;
    }
    this.response.end(() => callback());
  }
}

export function installAwsLambdaShim(): void {
  // The AWS SDK's invoke store may already have created `awslambda` (for InvokeStore): add to it.
  const global = globalThis as { awslambda?: Record<string, unknown> };
  const awslambda = (global.awslambda ??= {});
  awslambda.streamifyResponse ??= (handler: StreamingHandler): StreamingHandler => {
    Object.defineProperty(handler, STREAMING, { value: true });
    return handler;
  };
  awslambda.HttpResponseStream ??= {
    from<T extends Writable>(stream: T, prelude: ResponsePrelude): T {
      // Duck-typed: a test runner may load this module more than once, each with its own class.
      const local = stream as T & Partial<Pick<LocalResponseStream, 'setPrelude'>>;
      if (typeof local.setPrelude === 'function') local.setPrelude(prelude);
      return stream;
    },
  };
}

export function isStreamingHandler(handler: unknown): handler is StreamingHandler {
  return typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[STREAMING] === true;
}
