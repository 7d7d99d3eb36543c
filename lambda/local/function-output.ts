/**
 * The handlers' log output, line by line. In Lambda the runtime collects what a function writes to
 * stdout; locally the functions share the process with the server, so the local runtime takes the
 * process's stdout over the same way and decides what a person sees (see RequestLog).
 */
export interface CapturedOutput {
  /** Writes to the real stdout, bypassing the capture. */
  readonly write: (text: string) => void;
  /** Puts the original `process.stdout.write` back. */
  restore(): void;
}

export function captureFunctionOutput(onLine: (line: string) => void): CapturedOutput {
  const original = process.stdout.write.bind(process.stdout) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  let pending = '';
  process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      onLine(line);
      newline = pending.indexOf('\n');
    }
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  return {
    write: (text) => void original(text),
    restore: () => {
      if (pending) onLine(pending);
      pending = '';
      process.stdout.write = original;
    },
  };
}
