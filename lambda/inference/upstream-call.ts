import { GatewayError } from '../core/errors';
import type { ProviderApi, UpstreamTarget } from '../providers/types';

export interface UpstreamCall {
  readonly response: Response;
  /** Aborts the upstream request (e.g. on an idle timeout). */
  abort(): void;
}

/**
 * Sends the request upstream and resolves when the response headers arrive. Connection failures
 * become 502s and a missing answer within `headersTimeoutMs` a 504; an error status is converted
 * by the provider's `parseError` (which never copies the upstream's message).
 */
export async function callUpstream(
  provider: ProviderApi,
  target: UpstreamTarget,
  body: unknown,
  headersTimeoutMs: number,
  fetchImplementation: typeof fetch = fetch,
): Promise<UpstreamCall> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('headers timeout')), headersTimeoutMs);
  let response: Response;
  try {
    response = await fetchImplementation(target.url, {
      method: 'POST',
      headers: target.headers,
      body: JSON.stringify(body),
      signal: controller.signal,
    });
  } catch (error) {
    if (controller.signal.aborted) {
      throw new GatewayError(504, 'upstream_timeout', `The upstream provider ${provider.id} did not answer within ${Math.round(headersTimeoutMs / 1000)} s.`, { cause: error });
    }
    throw new GatewayError(502, 'upstream_unavailable', `The gateway could not reach the upstream provider ${provider.id}.`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw provider.parseError(response.status, text, response.headers);
  }
  return { response, abort: () => controller.abort(new Error('aborted by gateway')) };
}

/** Reads a non-streamed upstream answer as JSON; anything else is a 502 (the text is never quoted). */
export async function readUpstreamJson(call: UpstreamCall): Promise<unknown> {
  const text = await call.response.text();
  try {
    // DeepSeek sends blank lines before the JSON while a request is queued; JSON.parse skips them.
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayError(502, 'upstream_error', 'The upstream provider sent a response that is not JSON.', { cause: error });
  }
}
