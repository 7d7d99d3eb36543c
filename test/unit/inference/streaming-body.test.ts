import { StreamingBody } from '../../../lambda/inference/streaming-body';

/** Collects what the body emits, with the (fake) time of each chunk. */
function record(body: StreamingBody): Array<{ at: number; text: string }> {
  const chunks: Array<{ at: number; text: string }> = [];
  body.stream.on('data', (chunk: Buffer) => chunks.push({ at: Date.now(), text: chunk.toString() }));
  return chunks;
}

describe('StreamingBody', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('never stays silent longer than the keep-alive interval', async () => {
    const body = new StreamingBody();
    const chunks = record(body);
    body.startKeepAlive(': ka\n\n', 1000);
    await jest.advanceTimersByTimeAsync(700);
    body.write('data: a\n\n');
    await jest.advanceTimersByTimeAsync(3000);
    body.end();
    const times = [0, ...chunks.map((chunk) => chunk.at)];
    const gaps = times.slice(1).map((time, index) => time - times[index]);
    // The interval, plus the one event-loop turn after which queued frames are flushed.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1000 + 5);
    expect(chunks.filter((chunk) => chunk.text === ': ka\n\n').length).toBeGreaterThanOrEqual(2);
  });

  it('sends no keep-alive while content flows', async () => {
    const body = new StreamingBody();
    const chunks = record(body);
    body.startKeepAlive(': ka\n\n', 1000);
    for (let index = 0; index < 10; index++) {
      body.write(`data: ${index}\n\n`);
      await jest.advanceTimersByTimeAsync(500);
    }
    body.end();
    expect(chunks.map((chunk) => chunk.text).join('')).not.toContain(': ka');
  });

  it('coalesces the writes of one turn of the event loop into one chunk', async () => {
    const body = new StreamingBody();
    const chunks = record(body);
    body.write('data: 1\n\n');
    body.write('data: 2\n\n');
    await jest.advanceTimersByTimeAsync(1);
    body.end();
    expect(chunks.map((chunk) => chunk.text)).toEqual(['data: 1\n\ndata: 2\n\n']);
  });
});
