import { Writable } from 'node:stream';
import { Progress } from '../../../lambda/cli/progress';

/** A stderr stand-in that keeps what was written; `isTTY` as a terminal or a pipe. */
function stderr(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

/** A literal string as a regular expression. */
const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

describe('CLI progress on stderr', () => {
  it('says what it reads and closes with the final figures, one line each when not a terminal', () => {
    const output = stderr(false);
    const progress = new Progress(output, 'Reading usage of account acct_a', 0);
    progress.update('1 of 7 queries done, 0 records so far');
    // Within 3 s of the last line: not repeated.
    progress.update('2 of 7 queries done, 0 records so far');
    progress.done('9 records with 7 queries');
    expect(output.text().split('\n')).toEqual([
      'Reading usage of account acct_a: 1 of 7 queries done, 0 records so far',
      expect.stringMatching(/^Reading usage of account acct_a: 9 records with 7 queries \(\d+\.\d s\)$/),
      '',
    ]);
  });

  it('rewrites one line in place on a terminal and clears it before the summary', () => {
    const output = stderr(true);
    const progress = new Progress(output, 'Reading usage', 0);
    progress.update('1 of 2 queries done, 5 records so far');
    progress.done('5 records with 2 queries');
    const clear = '\r\u001b[K';
    expect(output.text()).toMatch(
      new RegExp(
        `^${escape(clear)}Reading usage: 1 of 2 queries done, 5 records so far${escape(clear)}Reading usage: 5 records with 2 queries`,
      ),
    );
  });

  it('shows nothing for reads that end within the delay', () => {
    const output = stderr(false);
    const progress = new Progress(output, 'Reading usage', 60_000);
    progress.update('1 of 1 queries done, 3 records so far');
    progress.done('3 records with 1 queries');
    expect(output.text()).toBe('');
  });
});
