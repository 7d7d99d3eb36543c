import { GatewayError } from '../core/errors';
import type { ClientProtocol } from '../protocols/types';
import { readSseEvents } from '../http/sse-reader';
import type { StreamTranslator } from '../translate/types';
import type { FinishRequest } from './request-finisher';
import type { RequestState } from './request-state';
import type { StreamingBody } from './streaming-body';
import type { UpstreamCall } from './upstream-call';

/** An upstream silent for this long is abandoned (504). */
function upstreamStalled(idleTimeoutMs: number): GatewayError {
  return new GatewayError(504, 'upstream_timeout', `The upstream provider sent nothing for ${Math.round(idleTimeoutMs / 1000)} s.`);
}

function interrupted(): GatewayError {
  return new GatewayError(502, 'upstream_error', 'The upstream stream was interrupted.');
}

/**
 * Moves upstream events through the stream translator (the one stream state machine) to the
 * caller, ends the body, then finishes the request (metering). Never throws: every failure becomes
 * error frames in the caller's protocol. When the gateway ends the stream itself (an error or
 * malformed event, a stall) it aborts the upstream request at once, so the provider stops
 * generating tokens nobody receives.
 */
export async function pumpStream(
  state: RequestState,
  pendingCall: Promise<UpstreamCall>,
  translator: StreamTranslator,
  body: StreamingBody,
  idleTimeoutMs: number,
  clientProtocol: ClientProtocol,
  finish: FinishRequest,
): Promise<void> {
  let call: UpstreamCall | undefined;
  let stalled = false;
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      stalled = true;
      call?.abort();
    }, idleTimeoutMs);
    idleTimer.unref();
  };
  const send = (text: string) => {
    if (!text) return;
    state.responseBytes += Buffer.byteLength(text);
    body.write(text);
  };
  try {
    call = await pendingCall;
    if (!call.response.body) throw new GatewayError(502, 'upstream_error', 'The upstream provider sent an empty stream.');
    armIdleTimer();
    for await (const event of readSseEvents(call.response.body, armIdleTimer)) {
      send(translator.push(event));
      if (translator.failure) break;
    }
    send(translator.end());
  } catch (error) {
    send(translator.fail(error instanceof GatewayError ? error : stalled ? upstreamStalled(idleTimeoutMs) : interrupted()));
  } finally {
    clearTimeout(idleTimer);
    if (translator.failure) call?.abort();
    body.end();
  }
  // The record's status is the one the caller's protocol gives the failure (what it would have got before the 200).
  const status = translator.failure ? clientProtocol.renderError(translator.failure).statusCode : 200;
  await finish(state, status, translator.usage ?? {}, body.firstContentAt);
}
