import type { Readable } from 'node:stream';
import { toGatewayError } from '../core/errors';
import type { NormalizedUsage } from '../core/usage';
import type { ClientProtocol } from '../protocols/types';
import type { FinishRequest } from './request-finisher';
import type { RequestState } from './request-state';
import { outcomeOf, settleWithin } from './settle-within';
import { StreamingBody } from './streaming-body';

export interface BufferedAnswer {
  readonly body: unknown;
  readonly usage: NormalizedUsage;
}

export interface BufferedResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string | Readable;
  readonly settled: Promise<void>;
}

/** JSON allows whitespace before a value, so a newline keeps a connection busy without changing the body. */
const JSON_KEEP_ALIVE = '\n';

/**
 * A non-streamed answer. When it comes within one keep-alive interval it is sent whole, with the
 * real status of any error. When it takes longer, the response is committed to 200 and a newline
 * is written every interval until the JSON follows, so no proxy idle timeout (CloudFront's origin
 * read timeout) cuts a slow model; an error after that point is sent as the caller-protocol error
 * body under the 200 already sent (DeepSeek's own API keeps queued requests alive the same way).
 */
export async function answerBuffered(
  state: RequestState,
  answer: Promise<BufferedAnswer>,
  headers: Record<string, string>,
  clientProtocol: ClientProtocol,
  keepAliveMs: number,
  finish: FinishRequest,
  clock: () => Date,
): Promise<BufferedResult> {
  const settledAnswer = outcomeOf(answer);
  const early = await settleWithin(settledAnswer, keepAliveMs);
  if (early !== 'waiting') {
    if ('error' in early) throw early.error;
    const text = JSON.stringify(early.value.body);
    state.responseBytes = Buffer.byteLength(text);
    return { statusCode: 200, headers, body: text, settled: finish(state, 200, early.value.usage, clock()) };
  }

  const body = new StreamingBody(clock);
  body.startKeepAlive(JSON_KEEP_ALIVE, keepAliveMs, { immediately: true });
  const settled = settledAnswer.then(async (outcome) => {
    let status = 200;
    let usage: NormalizedUsage = {};
    let text: string;
    if ('error' in outcome) {
      const rendered = clientProtocol.renderError(toGatewayError(outcome.error));
      status = rendered.statusCode;
      text = rendered.body;
    } else {
      usage = outcome.value.usage;
      text = JSON.stringify(outcome.value.body);
    }
    state.responseBytes = Buffer.byteLength(text);
    body.write(text);
    body.end();
    await finish(state, status, usage, body.firstContentAt);
  });
  return { statusCode: 200, headers, body: body.stream, settled };
}
