import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context } from 'aws-lambda';

/** An answer whose work ends after its body has been sent (metering). */
export interface StreamedAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string | Readable;
  /** Resolves when the post-response work (the usage record) is done. */
  readonly settled: Promise<void>;
}

/**
 * Lambda response streaming around a handler whose answer settles after its body (the usage
 * record is written once the last byte is out). `settled` is awaited whatever happens to the
 * response stream — also when the caller went away and the pipe failed — because from Node.js 24
 * on Lambda does not wait for promises left pending when the handler returns. (middy's own
 * streaming mode awaits its `requestEnd` hook only when the pipe succeeds.)
 */
export function streamingLambda<TEvent>(handle: (event: TEvent, context: Context) => Promise<StreamedAnswer>) {
  return awslambda.streamifyResponse(async (event: TEvent, responseStream: awslambda.HttpResponseStream, context: Context) => {
    const answer = await handle(event, context);
    const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: answer.statusCode, headers: answer.headers });
    try {
      await pipeline(typeof answer.body === 'string' ? Readable.from([answer.body]) : answer.body, stream);
    } catch {
      // The caller went away or the response stream broke. The answer still runs to its end (as in
      // Lambda, nothing stops the function) and is metered below.
    } finally {
      await answer.settled;
    }
  });
}
