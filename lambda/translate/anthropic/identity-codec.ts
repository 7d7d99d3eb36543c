import { anthropicClientProtocol } from '../../protocols/anthropic/client-protocol';
import type { IdentityCodec } from '../canonical/codec';
import { parseClientRequest } from '../canonical/parse-request';
import { RelayEncoder, relayFrame } from '../relay-encoder';
import type { SseEvent, TranslationContext } from '../types';
import { requestFromAnthropic } from './request-from-anthropic';
import { anthropicPassthroughRequestSchema } from './request-schema';

/** Caller headers forwarded to Anthropic unchanged, so new versions and betas keep working. */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

/** The caller's `anthropic-version` and `anthropic-beta`, for Anthropic (messages and count_tokens alike). */
export function forwardedAnthropicHeaders(context: TranslationContext): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = context.clientHeaders[name];
    if (value) headers[name] = value;
  }
  return headers;
}

/** Anthropic events relayed as received (named; a nameless one gets its `type` as name, which the SDK dispatches on). */
function relayAnthropicEvent(event: SseEvent): string {
  if (event.event !== undefined) return relayFrame(event.data, event.event);
  const json: unknown = JSON.parse(event.data);
  const type = json !== null && typeof json === 'object' && 'type' in json ? String(json.type) : 'message';
  return relayFrame(event.data, type);
}

/**
 * Anthropic caller → Anthropic: the body goes up untouched (unknown fields included) except
 * `model`, with the caller's `anthropic-version` and `anthropic-beta`; answers come back as sent.
 */
export const anthropicIdentityCodec: IdentityCodec = {
  protocol: 'anthropic',
  forwardRequest(body, context) {
    // Validated (the known block types as themselves); unknown fields and block types go up as the caller wrote them.
    const request = parseClientRequest(anthropicPassthroughRequestSchema, body);
    return { body: { ...request, model: context.upstreamModel }, headers: forwardedAnthropicHeaders(context) };
  },
  decodeRequest: (body) => requestFromAnthropic(body),
  encodeResponse: (_response, _context, upstreamBody) => upstreamBody,
  createStreamEncoder: () => new RelayEncoder(anthropicClientProtocol, relayAnthropicEvent),
};
