/**
 * Progress on stderr for queries that take long: nothing for the first second, then a status
 * line (rewritten in place on a terminal, a line every few seconds otherwise). stdout stays clean.
 */
export class Progress {
  private readonly startedAt = Date.now();
  private lastWrittenAt = 0;
  private wroteInPlace = false;

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
    this.lastWrittenAt = now;
  }

  done(): void {
    if (this.wroteInPlace) this.stderr.write('\r\x1b[K');
  }
}
