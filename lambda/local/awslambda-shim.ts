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
 */
export class LocalResponseStream extends Writable {
  private prelude: ResponsePrelude = {};
  private headersSent = false;

  constructor(private readonly response: ServerResponse) {
    super();
  }

  setPrelude(prelude: ResponsePrelude): void {
    this.prelude = prelude;
  }

  private sendHeaders(): void {
    if (this.headersSent) return;
    this.headersSent = true;
    if (this.response.destroyed) return;
    this.response.writeHead(this.prelude.statusCode ?? 200, this.prelude.headers ?? {});
    // Send the status line and headers now, as Lambda does, instead of waiting for the first chunk.
    this.response.flushHeaders();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.sendHeaders();
    if (this.response.destroyed || this.response.writableEnded) {
      callback();
      return;
    }
    this.response.write(chunk, () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.sendHeaders();
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
