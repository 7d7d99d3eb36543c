import { PassThrough } from 'node:stream';

/**
 * The body of a streamed answer. Tracks when content first went out (time to first byte) and
 * writes a keep-alive frame whenever nothing was written for `keepAliveMs`, so no proxy idle
 * timeout (CloudFront's origin read timeout, API Gateway's 5 minutes) cuts a slow model.
 */
export class StreamingBody {
  readonly stream = new PassThrough();
  firstContentAt?: Date;
  private lastWriteAt = Date.now();
  private keepAliveTimer?: NodeJS.Timeout;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Writes content (empty strings are ignored). */
  write(text: string): void {
    if (!text || this.stream.writableEnded) return;
    this.firstContentAt ??= this.clock();
    this.send(text);
  }

  startKeepAlive(frame: string, keepAliveMs: number): void {
    const checkEvery = Math.max(50, Math.floor(keepAliveMs / 4));
    this.keepAliveTimer = setInterval(() => {
      if (Date.now() - this.lastWriteAt >= keepAliveMs) this.send(frame);
    }, checkEvery);
    this.keepAliveTimer.unref();
  }

  end(): void {
    clearInterval(this.keepAliveTimer);
    if (!this.stream.writableEnded) this.stream.end();
  }

  private send(text: string): void {
    if (this.stream.writableEnded || this.stream.destroyed) return;
    this.lastWriteAt = Date.now();
    this.stream.write(text);
  }
}
