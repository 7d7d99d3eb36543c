/**
 * Progress on stderr for queries that take long: nothing for the first second, then a status
 * line (rewritten in place on a terminal, a line every few seconds otherwise), and a closing line
 * once it is done, so the last figures shown are the final ones. stdout stays clean.
 */
export class Progress {
  private readonly startedAt = Date.now();
  private lastWrittenAt = 0;
  private wroteInPlace = false;
  private shown = false;

  constructor(
    private readonly stderr: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly label: string,
    private readonly delayMs = 1000,
  ) {}

  update(status: string): void {
    const now = Date.now();
    if (now - this.startedAt < this.delayMs) return;
    if (this.stderr.isTTY) {
      if (now - this.lastWrittenAt < 100) return;
      this.stderr.write(`\r\x1b[K${this.label}: ${status}`);
      this.wroteInPlace = true;
    } else {
      if (now - this.lastWrittenAt < 3000) return;
      this.stderr.write(`${this.label}: ${status}\n`);
    }
    this.shown = true;
    this.lastWrittenAt = now;
  }

  /** Ends the progress display; `summary` (the final figures) is written only if progress was shown. */
  done(summary?: string): void {
    if (this.wroteInPlace) this.stderr.write('\r\x1b[K');
    if (this.shown && summary) this.stderr.write(`${this.label}: ${summary} (${((Date.now() - this.startedAt) / 1000).toFixed(1)} s)\n`);
  }
}
