import { GatewayError } from '../core/errors';
import { postUpstream, type UpstreamResponse } from '../http/upstream-request';
import type { ProviderApi, UpstreamTarget } from '../providers/types';

export interface UpstreamCall {
  readonly provider: ProviderApi;
  readonly response: UpstreamResponse;
  /** How long a whole non-streamed body may take to arrive. */
  readonly bodyTimeoutMs: number;
  /** Aborts the upstream request (e.g. on an idle timeout). */
  abort(): void;
}

/** A 3xx from an upstream: never followed, since it would carry the provider key and the prompt to another host. */
function redirectRefused(provider: ProviderApi, statusCode: number): GatewayError {
  return new GatewayError(
    502,
    'upstream_error',
    `The upstream provider ${provider.id} answered with a redirect (${statusCode}), which the gateway does not follow.`,
  );
}

/**
 * Sends the request upstream and resolves when the response headers arrive. Redirects are refused
 * (`postUpstream` never follows one: a 3xx is an upstream error and nothing is sent anywhere else). Connection
 * failures become 502s and a missing answer within `timeoutMs` a 504; an error status is converted
 * by the provider's `parseError` (which never copies the upstream's message). Errors carry no
 * `cause`: a parser's or the network stack's message can quote upstream bytes (P1).
 */
export async function callUpstream(
  provider: ProviderApi,
  target: UpstreamTarget,
  body: unknown,
  timeoutMs: number,
  send: typeof postUpstream = postUpstream,
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
    let response: UpstreamResponse;
    try {
      response = await send(target.url, target.headers, JSON.stringify(body), controller.signal);
    } catch {
      if (controller.signal.aborted) throw timedOut();
      throw new GatewayError(502, 'upstream_unavailable', `The gateway could not reach the upstream provider ${provider.id}.`);
    }
    if (response.status >= 300 && response.status < 400) {
      controller.abort();
      throw redirectRefused(provider, response.status);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      if (controller.signal.aborted) throw timedOut();
      throw provider.parseError(response.status, text, response.headers);
    }
    return { provider, response, bodyTimeoutMs: timeoutMs, abort: () => controller.abort() };
  } finally {
    clearTimeout(timer);
  }
}

/** An error object where an answer should be (`{"error": ...}`, or Gemini's `[{"error": ...}]`). */
function carriesError(json: unknown): boolean {
  const value: unknown = Array.isArray(json) ? json[0] : json;
  return value !== null && typeof value === 'object' && 'error' in value && value.error !== null && value.error !== undefined;
}

/**
 * Reads a non-streamed upstream answer as JSON within the call's body deadline (an upstream that
 * sends headers and then stalls becomes a 504, not a request that hangs until Lambda's timeout);
 * anything but JSON is a 502, and an error object under a 2xx is the provider's error (its status
 * mapped from the error's type, else 502), never an answer. The text is never quoted.
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
  let json: unknown;
  try {
    // DeepSeek sends blank lines before the JSON while a request is queued; JSON.parse skips them.
    json = JSON.parse(text);
  } catch {
    throw new GatewayError(502, 'upstream_error', 'The upstream provider sent a response that is not JSON.');
  }
  if (carriesError(json)) throw call.provider.parseError(call.response.status, text, call.response.headers);
  return json;
}
