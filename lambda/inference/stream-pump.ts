import { GatewayError } from '../core/errors';
import { readSseEvents } from '../http/sse-reader';
import type { StreamTranslator } from '../translate/types';
import type { FinishRequest } from './request-finisher';
import type { RequestState } from './request-state';
import type { StreamingBody } from './streaming-body';
import type { UpstreamCall } from './upstream-call';

/**
 * Moves upstream events through the translator to the caller, ends the body, then finishes the
 * request (metering). Never throws: any failure becomes error frames in the caller's protocol.
 * An upstream silent for `idleTimeoutMs` is aborted.
 */
export async function pumpStream(
  state: RequestState,
  pendingCall: Promise<UpstreamCall>,
  translator: StreamTranslator,
  body: StreamingBody,
  idleTimeoutMs: number,
  finish: FinishRequest,
): Promise<void> {
  let status = 200;
  let call: UpstreamCall | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => call?.abort(), idleTimeoutMs);
    idleTimer.unref();
  };
  const send = (text: string) => {
    state.responseBytes += Buffer.byteLength(text);
    body.write(text);
  };
  try {
    call = await pendingCall;
    if (!call.response.body) throw new GatewayError(502, 'upstream_error', 'The upstream provider sent an empty stream.');
    armIdleTimer();
    for await (const event of readSseEvents(call.response.body, armIdleTimer)) {
      send(translator.push(event));
    }
    if (!translator.completed) throw new GatewayError(502, 'upstream_error', 'The upstream stream ended before the answer was complete.');
    send(translator.end());
  } catch (error) {
    const gatewayError =
      error instanceof GatewayError ? error : new GatewayError(502, 'upstream_error', 'The upstream stream was interrupted.');
    status = gatewayError.statusCode;
    send(translator.fail(gatewayError));
  } finally {
    clearTimeout(idleTimer);
    body.end();
  }
  await finish(state, status, translator.usage ?? {}, body.firstContentAt);
}
