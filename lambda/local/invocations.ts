import type { Context } from 'aws-lambda';

/**
 * The invocations the local runtime is running, so that a stop can wait for them: an answer is done
 * when its handler returns, which for a stream is after its usage record is written.
 */
export class Invocations {
  private readonly running = new Set<Promise<unknown>>();
  private endBy: number | undefined;

  get count(): number {
    return this.running.size;
  }

  /** Runs one invocation and keeps track of it until it ends (whether it succeeds or not). */
  track<T>(invocation: Promise<T>): Promise<T> {
    this.running.add(invocation);
    const forget = () => this.running.delete(invocation);
    invocation.then(forget, forget);
    return invocation;
  }

  /**
   * The context a handler gets: the remaining time is the function's, or less once `endWithin` was
   * called — what a handler does when its function is about to time out (end the stream with an
   * error event, meter it), it then does on a stop.
   */
  context(base: Context): Context {
    const remaining = base.getRemainingTimeInMillis.bind(base);
    return {
      ...base,
      getRemainingTimeInMillis: () =>
        this.endBy === undefined ? remaining() : Math.max(0, Math.min(remaining(), this.endBy - Date.now())),
    };
  }

  /** From now on, every running and new invocation has at most `milliseconds` left. */
  endWithin(milliseconds: number): void {
    this.endBy = Date.now() + milliseconds;
  }

  /**
   * Resolves when no invocation runs any more, after `timeoutMs`, or when `cutShort` aborts; returns
   * how many still run.
   */
  async settled(timeoutMs: number, cutShort?: AbortSignal): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline && !cutShort?.aborted) {
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const wake = new Promise<void>((resolveWake) => {
        timer = setTimeout(resolveWake, Math.max(0, deadline - Date.now()));
        onAbort = resolveWake;
        cutShort?.addEventListener('abort', onAbort, { once: true });
      });
      await Promise.race([Promise.allSettled([...this.running]), wake]);
      clearTimeout(timer);
      if (onAbort) cutShort?.removeEventListener('abort', onAbort);
    }
    return this.running.size;
  }
}
