import { Readable, Writable } from 'node:stream';
import { installAwsLambdaShim, type StreamingHandler } from '../../../lambda/local/awslambda-shim';
import { streamingLambda, type StreamedAnswer } from '../../../lambda/http/streaming-lambda';

/** A response stream standing in for Lambda's: it accepts a number of writes, then fails (the caller went away). */
function responseStream(acceptedWrites: number): Writable & { received: string[] } {
  const received: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (received.length >= acceptedWrites) return callback(new Error('client went away'));
      received.push(chunk.toString());
      callback();
    },
  });
  return Object.assign(stream, { received });
}

function answer(settledAfterMs: number, done: { value: boolean }): StreamedAnswer {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: Readable.from(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n']),
    settled: new Promise((resolveSettled) =>
      setTimeout(() => {
        done.value = true;
        resolveSettled();
      }, settledAfterMs),
    ),
  };
}

describe('streamingLambda', () => {
  beforeAll(() => installAwsLambdaShim());

  it('sends the body and returns only after the answer has settled', async () => {
    const settled = { value: false };
    const handler = streamingLambda(() => Promise.resolve(answer(30, settled))) as unknown as StreamingHandler;
    const stream = responseStream(10);
    await handler({}, stream, {});
    expect(stream.received.join('')).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    expect(settled.value).toBe(true);
  });

  it('still awaits the settled work when the response stream fails mid-body, and does not reject', async () => {
    const settled = { value: false };
    const handler = streamingLambda(() => Promise.resolve(answer(30, settled))) as unknown as StreamingHandler;
    const stream = responseStream(1);
    await expect(handler({}, stream, {})).resolves.toBeUndefined();
    expect(stream.received).toHaveLength(1);
    expect(settled.value).toBe(true);
  });
});
