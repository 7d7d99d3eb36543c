import { PassThrough } from 'node:stream';

/**
 * The body of a streamed answer. Tracks when content first went out (time to first byte) and
 * writes a keep-alive frame whenever nothing was written for `keepAliveMs`, so no proxy idle
 * timeout (CloudFront's origin read timeout, API Gateway's 5 minutes) cuts a slow model.
 *
 * Frames produced in the same turn of the event loop (the events of one upstream network read)
 * leave as one write: fewer syscalls locally, fewer chunks through Lambda's response stream.
 */
export class StreamingBody {
  readonly stream = new PassThrough();
  firstContentAt?: Date;
  private lastWriteAt = Date.now();
  private keepAliveTimer?: NodeJS.Timeout;
  private pending = '';
  private flushScheduled = false;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Writes content (empty strings are ignored). */
  write(text: string): void {
    if (!text || this.stream.writableEnded) return;
    this.firstContentAt ??= this.clock();
    this.send(text);
  }

  /**
   * Writes `frame` whenever `keepAliveMs` has passed since the last write: never a longer silence.
   * `immediately` also writes one now (the caller has already waited an interval).
   */
  startKeepAlive(frame: string, keepAliveMs: number, options: { readonly immediately?: boolean } = {}): void {
    if (options.immediately) this.send(frame);
    const wake = () => {
      if (this.stream.writableEnded) return;
      if (Date.now() - this.lastWriteAt >= keepAliveMs) this.send(frame);
      // Sleep exactly until the silence would reach the interval (one timer, rearmed on waking).
      this.keepAliveTimer = setTimeout(wake, Math.max(1, this.lastWriteAt + keepAliveMs - Date.now()));
      this.keepAliveTimer.unref();
    };
    this.keepAliveTimer = setTimeout(wake, keepAliveMs);
    this.keepAliveTimer.unref();
  }

  end(): void {
    clearTimeout(this.keepAliveTimer);
    this.flush();
    if (!this.stream.writableEnded) this.stream.end();
  }

  private send(text: string): void {
    if (this.stream.writableEnded || this.stream.destroyed) return;
    this.lastWriteAt = Date.now();
    this.pending += text;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.pending || this.stream.writableEnded || this.stream.destroyed) return;
    const text = this.pending;
    this.pending = '';
    this.stream.write(text);
  }
}
