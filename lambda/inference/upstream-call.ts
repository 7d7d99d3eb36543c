import { GatewayError } from '../core/errors';
import type { ProviderApi, UpstreamTarget } from '../providers/types';

export interface UpstreamCall {
  readonly response: Response;
  /** How long a whole non-streamed body may take to arrive. */
  readonly bodyTimeoutMs: number;
  /** Aborts the upstream request (e.g. on an idle timeout). */
  abort(): void;
}

/**
 * Sends the request upstream and resolves when the response headers arrive. Connection failures
 * become 502s and a missing answer within `timeoutMs` a 504; an error status is converted by the
 * provider's `parseError` (which never copies the upstream's message). Errors carry no `cause`:
 * a parser's or the network stack's message can quote upstream bytes (P1).
 */
export async function callUpstream(
  provider: ProviderApi,
  target: UpstreamTarget,
  body: unknown,
  timeoutMs: number,
  fetchImplementation: typeof fetch = fetch,
): Promise<UpstreamCall> {
  const controller = new AbortController();
  const timedOut = () =>
    new GatewayError(
      504,
      'upstream_timeout',
      `The upstream provider ${provider.id} did not answer within ${Math.round(timeoutMs / 1000)} s.`,
    );
  // One deadline for the headers and, on an error status, for its body.
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetchImplementation(target.url, {
        method: 'POST',
        headers: target.headers,
        body: JSON.stringify(body),
        signal: controller.signal,
      });
    } catch {
      if (controller.signal.aborted) throw timedOut();
      throw new GatewayError(502, 'upstream_unavailable', `The gateway could not reach the upstream provider ${provider.id}.`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      if (controller.signal.aborted) throw timedOut();
      throw provider.parseError(response.status, text, response.headers);
    }
    return { response, bodyTimeoutMs: timeoutMs, abort: () => controller.abort() };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads a non-streamed upstream answer as JSON within the call's body deadline (an upstream that
 * sends headers and then stalls becomes a 504, not a request that hangs until Lambda's timeout);
 * anything but JSON is a 502. The text is never quoted.
 */
export async function readUpstreamJson(call: UpstreamCall): Promise<unknown> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    call.abort();
  }, call.bodyTimeoutMs);
  let text: string;
  try {
    text = await call.response.text();
  } catch {
    if (timedOut)
      throw new GatewayError(
        504,
        'upstream_timeout',
        `The upstream provider did not finish its answer within ${Math.round(call.bodyTimeoutMs / 1000)} s.`,
      );
    throw new GatewayError(502, 'upstream_error', 'The upstream connection broke before the answer was complete.');
  } finally {
    clearTimeout(timer);
  }
  try {
    // DeepSeek sends blank lines before the JSON while a request is queued; JSON.parse skips them.
    return JSON.parse(text);
  } catch {
    throw new GatewayError(502, 'upstream_error', 'The upstream provider sent a response that is not JSON.');
  }
}
